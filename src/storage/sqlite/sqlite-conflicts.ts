/** Unique-constraint failures of SQLite as `item-already-exists`, naming the conflicting keys. */
import { ApiError } from '../../errors';

/** For each column SQLite may name in a failed constraint (`channels.name`), the item fields to report. */
export type ConflictKeys = Record<string, Record<string, unknown>>;

/** Runs `write`; a unique violation becomes `item-already-exists` with the fields of the violated key. */
export function withConflicts<T>(keys: ConflictKeys, write: () => T): T {
  try {
    return write();
  } catch (error) {
    throw conflictOf(error, keys);
  }
}

function conflictOf(error: unknown, keys: ConflictKeys): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (code !== 'SQLITE_CONSTRAINT_PRIMARYKEY' && code !== 'SQLITE_CONSTRAINT_UNIQUE') return error;
  // SQLite names the columns of the violated key: "UNIQUE constraint failed: channels.account, channels.name".
  const message = (error as Error).message;
  for (const [column, data] of Object.entries(keys)) {
    if (message.includes(column)) return new ApiError('item-already-exists', `An item with the same ${Object.keys(data).join(', ')} already exists`, data);
  }
  return error;
}
