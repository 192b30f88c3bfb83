/**
 * Counts the round trips of one SQLite connection in one place: every statement it prepares and
 * every transaction it makes count themselves when they run (see RoundTripCounter). Patched on the
 * connection object, so every store module keeps calling `db.prepare` and `db.transaction` as usual.
 */
import type Database from 'better-sqlite3';
import type { RoundTripCounter } from '../round-trips';

const RUNS = ['run', 'get', 'all', 'iterate'] as const;
const TRANSACTION_KINDS = ['deferred', 'immediate', 'exclusive'] as const;

export function countRoundTrips(db: Database.Database, counter: RoundTripCounter): Database.Database {
  const prepare = db.prepare.bind(db);
  const transaction = db.transaction.bind(db);
  // A statement inside a transaction is part of that transaction's one round trip.
  const ran = (): void => {
    counter.statements++;
    if (!db.inTransaction) counter.roundTrips++;
  };
  db.prepare = ((source: string) => {
    const statement = prepare(source) as unknown as Record<string, (...args: unknown[]) => unknown>;
    for (const name of RUNS) {
      const original = statement[name];
      // Own properties, so pluck()/raw()/expand(), which return the statement itself, keep them.
      statement[name] = function counted(this: unknown, ...args: unknown[]) {
        ran();
        return original.apply(statement, args);
      };
    }
    return statement;
  }) as unknown as typeof db.prepare;
  db.transaction = ((fn: (...args: unknown[]) => unknown) => {
    const made = transaction(fn) as unknown as Record<string, (...args: unknown[]) => unknown> & ((...args: unknown[]) => unknown);
    // A nested call (a savepoint) is part of the outer transaction.
    const counted = (run: (...args: unknown[]) => unknown) =>
      function (this: unknown, ...args: unknown[]) {
        if (!db.inTransaction) counter.roundTrips++;
        return run.apply(this, args);
      };
    const wrapped = counted(made) as typeof made;
    for (const kind of TRANSACTION_KINDS) wrapped[kind] = counted(made[kind]);
    return wrapped;
  }) as unknown as typeof db.transaction;
  return db;
}
