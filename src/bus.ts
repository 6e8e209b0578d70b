/**
 * The page-wide RudderStack event bus (SPEC §3).
 *
 * Every copy of this library on a page — two CMS plugins may each ship the bundle — must see the
 * same messages, so the bus lives on `globalThis` under a registered symbol rather than in module
 * scope. Whichever copy arrives first creates it; later copies adopt it. Its shape is therefore a
 * contract between versions: only add to it.
 */

export type MessageType = 'identify' | 'track' | 'page' | 'reset' | 'group' | 'alias';

/** A RudderStack-shaped message: what a device-mode destination receives. */
export interface RudderMessage {
  type: MessageType;
  userId?: string | number | null;
  anonymousId?: string | null;
  event?: string;
  name?: string;
  category?: string;
  properties?: Record<string, unknown>;
  traits?: Record<string, unknown>;
  context?: {
    traits?: Record<string, unknown>;
    page?: Record<string, unknown>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/** A message as the bus delivers it: numbered in publish order, so consumers can deliver exactly once. */
export interface BusEnvelope {
  readonly seq: number;
  readonly message: RudderMessage;
}

export type BusListener = (envelope: BusEnvelope) => void;

export interface SubscribeOptions {
  /** Also deliver the buffered messages published before this subscription. Default true. */
  replay?: boolean;
}

export interface RudderBus {
  /** Contract version; bumped only when a later copy must not adopt an earlier bus. */
  readonly version: 1;
  publish(message: RudderMessage): void;
  subscribe(listener: BusListener, options?: SubscribeOptions): () => void;
  /** Messages pushed out of the replay buffer because it was full. */
  readonly overflowed: number;
  /** Number of the last message published (0 before any). */
  readonly lastSeq: number;
  /** Current subscriptions: a page that keeps adding them without removing any has a leak. */
  readonly listeners: number;
}

export const BUS_KEY: unique symbol = Symbol.for('rudderanalytics.bus') as never;

/** The DOM event that publishes onto the bus with no import: `new CustomEvent('rudderanalytics', {detail})`. */
export const BUS_EVENT = 'rudderanalytics';

/** Enough to cover everything a page sends before a lazily-loaded element connects. */
export const REPLAY_LIMIT = 500;

function reportListenerError(error: unknown): void {
  // A subscriber's bug must not become the publisher's exception, but it must not vanish either.
  try {
    console.error('[rudderanalytics bus] a listener threw:', error);
  } catch {
    /* console can be absent or replaced in odd embeds */
  }
}

/** Build a fresh bus. Exported for tests and for embedders that want a private one. */
export function createBus(replayLimit = REPLAY_LIMIT): RudderBus {
  const buffer: BusEnvelope[] = [];
  const listeners = new Set<BusListener>();
  let seq = 0;
  let overflowed = 0;

  const deliver = (listener: BusListener, envelope: BusEnvelope) => {
    try {
      listener(envelope);
    } catch (error) {
      reportListenerError(error);
    }
  };

  return {
    version: 1,
    get overflowed() {
      return overflowed;
    },
    get lastSeq() {
      return seq;
    },
    get listeners() {
      return listeners.size;
    },
    publish(message) {
      if (message === null || typeof message !== 'object') return;
      const envelope: BusEnvelope = {seq: ++seq, message};
      buffer.push(envelope);
      if (buffer.length > replayLimit) {
        buffer.shift();
        overflowed++;
      }
      // Copy: a listener may unsubscribe (or subscribe another) while we iterate.
      for (const listener of [...listeners]) deliver(listener, envelope);
    },
    subscribe(listener, {replay = true} = {}) {
      if (typeof listener !== 'function') return () => {};
      if (replay) for (const envelope of [...buffer]) deliver(listener, envelope);
      // A Set makes a double subscription of the same function a no-op rather than a double delivery.
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}

function isBus(value: unknown): value is RudderBus {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as RudderBus).publish === 'function' &&
    typeof (value as RudderBus).subscribe === 'function'
  );
}

/**
 * The page's bus, created on first use. Never called at import time, so importing this module has
 * no effect outside the browser (SSR, SPEC §9).
 */
export function getBus(): RudderBus {
  const host = globalThis as unknown as Record<symbol, unknown>;
  const existing = host[BUS_KEY];
  if (isBus(existing)) return existing;

  const bus = createBus();
  Object.defineProperty(host, BUS_KEY, {value: bus, configurable: true, writable: false, enumerable: false});
  // Zero-import path for plain pages and tag managers. Installed once, by whichever copy created
  // the bus, so two bundles never publish one DOM event twice.
  if (typeof globalThis.addEventListener === 'function') {
    globalThis.addEventListener(BUS_EVENT, (event: Event) => {
      const detail = (event as CustomEvent<unknown>).detail;
      if (detail && typeof detail === 'object') bus.publish(detail as RudderMessage);
    });
  }
  return bus;
}

/** Publish a message on the page's bus. */
export function publish(message: RudderMessage): void {
  getBus().publish(message);
}

/** Subscribe to the page's bus; returns the unsubscribe function. */
export function subscribe(listener: BusListener, options?: SubscribeOptions): () => void {
  return getBus().subscribe(listener, options);
}
