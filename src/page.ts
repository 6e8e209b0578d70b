/**
 * Page singletons and safe notification: one value per page under a registered symbol, whichever
 * copy of this library asks first, and listener calls whose errors are reported, never thrown;
 * with what every side reads the page's values with: defensive type checks, and the comma-separated
 * lists attributes take.
 */
type Host = Record<symbol, unknown>;
export type Fn = (...args: unknown[]) => unknown;

export const isFn = (value: unknown): value is Fn => typeof value == 'function';
/** Not null: anything read key by key (a message, an SDK object), defensively. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const isObject = (value: unknown): value is Record<string, any> => typeof value == 'object' && value !== null;
/** A record: an object that is not a list. */
export const isRecord = (value: unknown): value is Record<string, unknown> => isObject(value) && !Array.isArray(value);

/** The names in a list attribute (`allow-events`, `consent-ids`): comma-separated, trimmed, empty ones ignored. */
export function attributeList(value: string | null | undefined): string[] | undefined {
  if (typeof value !== 'string') return undefined;
  return value
    .split(',')
    .map(name => name.trim())
    .filter(Boolean);
}

/**
 * The page's value under `key`: the one already there when `accept` takes it, else what `make`
 * returns (given what was there), stored non-enumerable and read-only before anything else runs.
 */
export function pageSingleton<T>(key: symbol, accept: (value: unknown) => boolean, make: (found: unknown) => T): T {
  const host = globalThis as unknown as Host;
  const found = host[key];
  if (accept(found)) return found as T;
  const value = make(found);
  Object.defineProperty(host, key, {value, configurable: true});
  return value;
}

/** `console[level]` when there is a console: odd embeds remove or replace it. */
export function log(level: 'warn' | 'error' | 'info', ...args: unknown[]): void {
  try {
    console[level](...args);
  } catch {
    /* no console */
  }
}

/** Call every listener (a copy: one may unsubscribe another); a listener's error is logged, never thrown. */
export function notifyAll<A extends unknown[]>(listeners: Iterable<(...args: A) => void>, ...args: A): void {
  for (const listener of [...listeners]) {
    try {
      listener(...args);
    } catch (error) {
      log('error', '[rudder-fullstory]', error);
    }
  }
}
