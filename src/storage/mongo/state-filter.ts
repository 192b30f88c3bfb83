/** The `state` param of SPEC §4 as a filter, shared by every trashable item: trashed items are hidden by default. */
import type { ItemState } from '../../model/items';
import type { Filter } from './documents';

export function stateFilter(state: ItemState): Filter {
  if (state === 'trashed') return { trashed: true };
  if (state === 'default') return { trashed: { $ne: true } };
  return {};
}
