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

/** What the bus tells a listener besides the message itself. */
export interface BusMeta {
  /** The message's number in publish order (from 1), so consumers can deliver exactly once. */
  readonly seq: number;
}

/** Called as `listener(message, {seq})`: the message first, as any event-bus consumer expects. */
export type BusListener = (message: RudderMessage, meta: BusMeta) => void;

export interface SubscribeOptions {
  /** Also deliver the buffered messages published before this subscription. Default true. */
  replay?: boolean;
}

export interface RudderBus {
  /**
   * Contract version. 2: listeners are called as `(message, {seq})` and the bus has `push`
   * (version 1 called them with `{seq, message}`).
   */
  readonly version: 2;
  publish(message: RudderMessage): void;
  /** Publish each message in order: the same call works on the pre-load array and on the bus. Returns 0. */
  push(...messages: RudderMessage[]): number;
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
  const buffer: {message: RudderMessage; meta: BusMeta}[] = [];
  const listeners = new Set<BusListener>();
  let seq = 0;
  let overflowed = 0;

  const deliver = (listener: BusListener, {message, meta}: {message: RudderMessage; meta: BusMeta}) => {
    try {
      listener(message, meta);
    } catch (error) {
      reportListenerError(error);
    }
  };

  return {
    version: 2,
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
      const entry = {message, meta: Object.freeze({seq: ++seq})};
      buffer.push(entry);
      if (buffer.length > replayLimit) {
        buffer.shift();
        overflowed++;
      }
      // Copy: a listener may unsubscribe (or subscribe another) while we iterate.
      for (const listener of [...listeners]) deliver(listener, entry);
    },
    push(...messages) {
      for (const message of messages) this.publish(message);
      return 0;
    },
    subscribe(listener, {replay = true} = {}) {
      if (typeof listener !== 'function') return () => {};
      if (replay) for (const entry of [...buffer]) deliver(listener, entry);
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
 *
 * Before any copy of the library ran, the page may have queued messages in a plain array under the
 * same symbol (`(window[Symbol.for('rudderanalytics.bus')] ??= []).push(message)`). The copy that
 * creates the bus takes that array's place and publishes its messages, in order, once.
 */
export function getBus(): RudderBus {
  const host = globalThis as unknown as Record<symbol, unknown>;
  const existing = host[BUS_KEY];
  if (isBus(existing)) return existing;

  const bus = createBus();
  // Defined before draining: a message in the queue whose handling reaches for the bus finds this one.
  Object.defineProperty(host, BUS_KEY, {value: bus, configurable: true, writable: false, enumerable: false});
  if (Array.isArray(existing)) {
    const queued = existing.splice(0);
    // Code that kept a reference to the array still reaches the bus through it.
    Object.defineProperty(existing, 'push', {configurable: true, writable: true, value: bus.push.bind(bus)});
    for (const message of queued) bus.publish(message as RudderMessage);
  }
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
