/**
 * The page-wide RudderStack event bus (SPEC §3).
 *
 * Every copy of this library on a page — two CMS plugins may each ship the bundle — must see the
 * same messages, so the bus lives on `globalThis` under a registered symbol rather than in module
 * scope. Whichever copy arrives first creates it; later copies adopt it. Its shape is therefore a
 * contract between versions (declared in contracts.ts): only add to it.
 */
import {BUS_KEY, type BusListener, type RudderBus, type RudderMessage, type SubscribeOptions} from './contracts.js';
import {isFn, isObject, log, pageSingleton} from './page.js';

export type {MessageType, RudderMessage, BusMeta, BusListener, SubscribeOptions, RudderBus} from './contracts.js';
export {BUS_KEY};

/** The DOM event that publishes onto the bus with no import: `new CustomEvent('rudderanalytics', {detail})`. */
export const BUS_EVENT = 'rudderanalytics';

/** Enough to cover everything a page sends before a lazily-loaded element connects. */
export const REPLAY_LIMIT = 500;

/** Build a fresh bus. Exported for tests and for embedders that want a private one. */
export function createBus(limit = REPLAY_LIMIT): RudderBus {
  // The replay buffer is a ring: message number n sits at n % limit while it is one of the last `limit`.
  const ring: RudderMessage[] = [];
  const listeners = new Set<BusListener>();
  let seq = 0;

  const deliver = (listener: BusListener, message: RudderMessage, n: number) => {
    try {
      listener(message, {seq: n});
    } catch (error) {
      // A subscriber's bug must not become the publisher's exception, but it must not vanish either.
      log('error', '[rudderanalytics bus]', error);
    }
  };
  const publish = (message: RudderMessage) => {
    if (!isObject(message)) return;
    const n = ++seq;
    ring[n % limit] = message;
    // Copy: a listener may unsubscribe (or subscribe another) while we iterate.
    for (const listener of [...listeners]) deliver(listener, message, n);
  };

  return {
    version: 2,
    // Every message published went through the ring: those beyond its size were pushed out of it.
    get overflowed() {
      return Math.max(0, seq - limit);
    },
    get lastSeq() {
      return seq;
    },
    get listeners() {
      return listeners.size;
    },
    publish,
    push: (...messages) => (messages.forEach(publish), 0),
    subscribe(listener, {replay = true} = {}) {
      if (!isFn(listener)) return () => {};
      // Oldest first (each step starts no earlier than the ring's oldest); what a listener publishes
      // meanwhile is replayed too, while the ring still holds it.
      for (let n = replay ? 0 : seq; n < seq;) {
        n = Math.max(n, seq - limit) + 1;
        deliver(listener, ring[n % limit], n);
      }
      // A Set makes a double subscription of the same function a no-op rather than a double delivery.
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}

const isBus = (value: unknown): value is RudderBus =>
  isFn((value as RudderBus)?.publish) && isFn((value as RudderBus).subscribe);

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
  if (created) {
    // Defined before draining: a message in the queue whose handling reaches for the bus finds this one.
    if (Array.isArray(queue)) {
      const queued = queue.splice(0);
      // Code that kept a reference to the array still reaches the bus through it.
      Object.defineProperty(queue, 'push', {configurable: true, writable: true, value: bus.push});
      bus.push(...queued);
    }
    // Zero-import path for plain pages and tag managers. Installed once, by whichever copy created
    // the bus, so two bundles never publish one DOM event twice. Anything but an object is ignored.
    globalThis.addEventListener?.(BUS_EVENT, event => bus.publish((event as CustomEvent).detail));
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
