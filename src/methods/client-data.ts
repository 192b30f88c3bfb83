/** `clientData` updates merge key by key; a key set to null is removed (SPEC §3). */
import type { ClientData } from '../model/items';

/** The merged clientData, or undefined when no key is left (so the field is removed). */
export function mergeClientData(current: ClientData | undefined, patch: ClientData): ClientData | undefined {
  const merged: ClientData = { ...(current ?? {}) };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return Object.keys(merged).length > 0 ? merged : undefined;
}

/** clientData as given at creation: null values mean nothing there either. */
export function initialClientData(given: ClientData | undefined): ClientData | undefined {
  return given === undefined ? undefined : mergeClientData(undefined, given);
}
