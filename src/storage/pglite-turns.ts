import type { PGlite, Transaction } from '@electric-sql/pglite';

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

type Statements = Pick<PGlite, 'query' | 'exec' | 'sql'> | Pick<Transaction, 'query' | 'exec' | 'sql'>;

/**
 * PGlite runs every statement synchronously on this thread and its promises settle at once, so a
 * job issuing statement after statement never gave the event loop a turn: HTTP requests waited
 * behind it (a signals job held the loop for 540-770 ms while contact decisions, which need no
 * database when cached, queued up; the benchmark's p99 at half rate was 2.2 s). Through this
 * wrapper every statement, in a transaction too, first lets pending I/O run (one setImmediate,
 * microseconds when idle). Everything else is the client itself.
 */
export function yieldingClient<T extends Statements>(client: T): T {
  return new Proxy(client, {
    get(target, key) {
      // The target as receiver: PGlite's private fields do not exist on the proxy.
      const value: unknown = Reflect.get(target, key);
      if (typeof value !== 'function') return value;
      if (key === 'query' || key === 'exec' || key === 'sql') {
        return async (...args: unknown[]) => {
          await turn();
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      if (key === 'transaction') {
        return async (callback: (tx: Transaction) => Promise<unknown>) => {
          await turn();
          return (value as PGlite['transaction']).call(target, (tx) => callback(yieldingClient(tx)));
        };
      }
      return (value as (...a: unknown[]) => unknown).bind(target);
    },
  });
}
