/**
 * Counts what a store asks of its database, the figure that decides a call's cost on a real database
 * cluster and is the same on any machine: a round trip is one MongoDB command, or on SQLite one
 * statement run outside a transaction or one whole transaction (it runs as one unit, as a batch
 * would be sent to a database server); statements count every SQLite statement, inside or not.
 */
export class RoundTripCounter {
  roundTrips = 0;
  statements = 0;

  /** A copy of the counts now, for a caller that subtracts two readings. */
  read(): StoreRoundTrips {
    return { roundTrips: this.roundTrips, statements: this.statements };
  }
}

export interface StoreRoundTrips {
  roundTrips: number;
  statements: number;
}
