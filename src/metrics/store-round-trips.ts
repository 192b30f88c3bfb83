/**
 * The store's round trips on /metrics. Read from the store's own counter when scraped (prom-client's
 * `collect`), so a statement costs an integer increment, not a metric update.
 */
import { Counter, type Registry } from 'prom-client';
import type { Store } from '../storage/store';

export function exposeStoreRoundTrips(registry: Registry, store: Pick<Store, 'kind' | 'roundTrips'>): void {
  const read = (field: 'roundTrips' | 'statements') =>
    function collect(this: Counter<'backend'>) {
      this.reset();
      this.inc({ backend: store.kind }, store.roundTrips()[field]);
    };
  new Counter({ name: 'logbook_store_round_trips_total', help: 'Round trips to the database: MongoDB commands; on SQLite, statements run outside a transaction plus whole transactions.', labelNames: ['backend'], registers: [registry], collect: read('roundTrips') });
  new Counter({ name: 'logbook_store_statements_total', help: 'Database statements: MongoDB commands; every SQLite statement, inside a transaction or not.', labelNames: ['backend'], registers: [registry], collect: read('statements') });
}
