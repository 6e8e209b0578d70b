/**
 * The page-wide RudderStack event bus (SPEC §3).
 *
 * Every copy of this library on a page — two CMS plugins may each ship the bundle — must see the
 * same messages, so the bus lives on `globalThis` under a registered symbol rather than in module
 * scope. Whichever copy arrives first creates it; later copies adopt it. Its shape is therefore a
 * contract between versions (declared in contracts.ts): only add to it.
 */
import {
  BUS_KEY,
  type BusListener,
  type BusMeta,
  type RudderBus,
  type RudderMessage,
  type SubscribeOptions,
} from './contracts.js';
import {log, pageSingleton} from './page.js';

export type {MessageType, RudderMessage, BusMeta, BusListener, SubscribeOptions, RudderBus} from './contracts.js';
export {BUS_KEY};

/** The DOM event that publishes onto the bus with no import: `new CustomEvent('rudderanalytics', {detail})`. */
export const BUS_EVENT = 'rudderanalytics';

/** Enough to cover everything a page sends before a lazily-loaded element connects. */
export const REPLAY_LIMIT = 500;

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
      // A subscriber's bug must not become the publisher's exception, but it must not vanish either.
      log('error', '[rudderanalytics bus] a listener threw:', error);
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
  let queue: unknown;
  let created: RudderBus | undefined;
  const bus = pageSingleton(BUS_KEY, isBus, found => {
    queue = found;
    return (created = createBus());
  });
  if (!created) return bus;
  // Defined before draining: a message in the queue whose handling reaches for the bus finds this one.
  if (Array.isArray(queue)) {
    const queued = queue.splice(0);
    // Code that kept a reference to the array still reaches the bus through it.
    Object.defineProperty(queue, 'push', {configurable: true, writable: true, value: bus.push.bind(bus)});
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
