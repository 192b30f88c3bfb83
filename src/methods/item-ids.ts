/** Item ids of SPEC §1: client-chosen ones are checked, missing ones generated. */
import { randomFillSync } from 'node:crypto';
import { ApiError } from '../errors';

const ID_PATTERN = /^[A-Za-z0-9_-]{1,100}$/;

/** Channel ids that would shadow a route or method group under `/{username}/`. */
export const RESERVED_CHANNEL_IDS: ReadonlySet<string> = new Set(
  'channels accesses auth access-info changes users socket.io profile health metrics batch reference'.split(' '),
);

/** Event ids that `GET /{cid}/events/{id}` could not reach: the fixed routes under `/events/`. */
export const RESERVED_EVENT_IDS: ReadonlySet<string> = new Set(['running', 'start', 'stop']);

const ID_BYTES = 16;
/**
 * Random bytes for ids, drawn 256 ids at a time (as crypto.randomUUID does): `randomBytes(16)` per id
 * was a system call and a job object, ~10 µs of each events.create in a profile, before its write.
 */
const idPool = Buffer.alloc(ID_BYTES * 256);
let idPoolOffset = idPool.length;

/** 128 random bits, URL-safe, starting with a letter so it never reads as a number or an option. */
export function generateItemId(): string {
  if (idPoolOffset === idPool.length) {
    randomFillSync(idPool);
    idPoolOffset = 0;
  }
  const id = `c${idPool.toString('base64url', idPoolOffset, idPoolOffset + ID_BYTES)}`;
  idPoolOffset += ID_BYTES;
  return id;
}

/** The id to store: the client's after checking it, else a fresh one. */
export function newItemId(requested: string | undefined, reserved: ReadonlySet<string> = new Set()): string {
  if (requested === undefined) return generateItemId();
  if (!ID_PATTERN.test(requested)) throw new ApiError('invalid-item-id', `"${requested}" is not a valid id: use 1 to 100 of A-Z a-z 0-9 _ -`, { id: requested });
  if (reserved.has(requested)) throw new ApiError('invalid-item-id', `"${requested}" is a reserved id`, { id: requested });
  return requested;
}
