/**
 * Bounds every call's params before any other work (authentication, ajv, the store): nesting depth,
 * object keys, sizes. It walks with an explicit stack, so no input can overflow the call stack, and
 * it stops at the first problem, so its cost is linear in the input whatever the input.
 */
import { ApiError } from '../errors';

export interface InputBounds {
  /** Levels of arrays and objects below the params value (the params object itself is level 0). */
  maxNestingDepth: number;
  /** Characters of any string value. */
  maxStringLength: number;
  /** Characters of any object key. */
  maxKeyLength: number;
  /** Items of any array and keys of any object. */
  maxItems: number;
}


/** A value still to check, and where it sits: its path is only spelled out for a refusal. */
interface Pending {
  value: unknown;
  depth: number;
  parent: Pending | null;
  key: string;
}

/** Throws `invalid-parameters-format` with `data: [{path, message}]` at the first value outside `bounds`. */
export function assertWithinBounds(params: unknown, bounds: InputBounds): void {
  const stack: Pending[] = [{ value: params, depth: 0, parent: null, key: '' }];
  while (stack.length > 0) {
    const pending = stack.pop()!;
    const { value, depth } = pending;
    if (typeof value === 'string') {
      if (value.length > bounds.maxStringLength) refuse(pending, `must NOT have more than ${bounds.maxStringLength} characters`);
      continue;
    }
    if (typeof value !== 'object' || value === null) {
      // Only JSON reaches here (HTTP bodies and queries, Socket.IO after binary payloads are refused).
      if (value === null || typeof value === 'number' || typeof value === 'boolean') continue;
      refuse(pending, 'must be a JSON value');
    }
    if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) refuse(pending, 'must be a JSON value (binary data is not accepted)');
    if (depth >= bounds.maxNestingDepth) refuse(pending, `must NOT nest more than ${bounds.maxNestingDepth} levels of arrays and objects`);
    if (Array.isArray(value)) {
      if (value.length > bounds.maxItems) refuse(pending, `must NOT have more than ${bounds.maxItems} items`);
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], depth: depth + 1, parent: pending, key: String(i) });
      continue;
    }
    const keys = Object.keys(value);
    if (keys.length > bounds.maxItems) refuse(pending, `must NOT have more than ${bounds.maxItems} properties`);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i];
      const child: Pending = { value: (value as Record<string, unknown>)[key], depth: depth + 1, parent: pending, key };
      if (key.length > bounds.maxKeyLength) refuse(child, `key must NOT have more than ${bounds.maxKeyLength} characters`);
      // `__proto__` cannot round-trip through plain JavaScript objects (an assignment sets the prototype).
      if (key === '__proto__') refuse(child, 'key "__proto__" is not allowed');
      // MongoDB refuses NUL in keys; refusing it everywhere keeps both stores alike.
      if (key.includes('\u0000')) refuse(child, 'key must NOT contain the NUL character');
      stack.push(child);
    }
  }
}

function refuse(at: Pending, message: string): never {
  const path = pathOf(at);
  throw new ApiError('invalid-parameters-format', `Invalid parameters: ${path || '/'} ${message}`, [{ path, message }]);
}

/** The JSON Pointer of a pending value, as ajv's instancePath writes it. */
function pathOf(at: Pending): string {
  let path = '';
  for (let node: Pending | null = at; node !== null && node.parent !== null; node = node.parent) path = `/${escapePointer(node.key)}${path}`;
  return path;
}

/** JSON Pointer escaping (RFC 6901), as ajv's instancePath uses. */
function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}
