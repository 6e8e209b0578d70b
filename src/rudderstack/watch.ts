/**
 * Watching the SDK: the `window.rudderanalytics` global (an accessor, and v3's RSA_* events), the
 * snippet's queue (instrumented in place and through its `push`), and the SDK object that replaces
 * it (its methods wrapped), so every observed call carries the bridge's callback.
 */
import {register} from './integration.js';
import {flush, markLoaded, observe, type BridgeState} from './order.js';
import {
  GLOBAL_NAME,
  OBSERVED,
  isFn,
  isObject,
  isV3,
  mark,
  marked,
  preloadedBuffer,
  safe,
  v3Instance,
  warn,
} from './sdk.js';
import type {Fn, Sdk} from './sdk.js';

function instrumentEntry(s: BridgeState, entry: unknown): void {
  if (!Array.isArray(entry) || !OBSERVED.includes(entry[0])) return;
  const args = observe(s, entry[0], entry.slice(1), 0);
  if (args) entry.splice(1, entry.length, ...args);
}

function instrumentQueue(s: BridgeState, queue: unknown[]): void {
  if (marked(queue)) return;
  mark(queue);
  for (const entry of queue) safe(instrumentEntry, s, entry);
  const push = queue.push;
  Object.defineProperty(queue, 'push', {
    configurable: true,
    writable: true,
    value(this: unknown[], ...entries: unknown[]) {
      // A queue the SDK has already replaced is never read again: nothing pushed onto it is processed.
      if (this === s.current_) for (const entry of entries) safe(instrumentEntry, s, entry);
      return push.apply(this, entries);
    },
  });
}

/** The SDK object arrived: wrap it, and catch up with what it may have processed unseen. */
function attachSdk(s: BridgeState, sdk: Sdk, previous: unknown): void {
  // Not arriving in place of a queue this bridge watched: the SDK may hold calls it never saw.
  const unseen = !Array.isArray(previous);
  if (unseen) s.catchUpFrom_ = sdk;
  const instance = v3Instance(sdk);
  const v3 = isV3(sdk);
  if (v3) {
    if (instance?.initialized === true) markLoaded(s);
    else {
      s.first_ = 1;
      // The v3 queue copies an SDK that arrived before this library still has to process.
      if (unseen) {
        for (const buffer of [instance?.preloadBuffer?.items, preloadedBuffer()]) {
          if (Array.isArray(buffer)) for (const entry of buffer) instrumentEntry(s, entry);
        }
      }
    }
  }
  for (const method of OBSERVED) {
    const original = sdk[method] as Fn;
    if (isFn(original) && !marked(original)) {
      // Reflect.set: a frozen object keeps its methods, and nothing is observed through them.
      Reflect.set(
        sdk,
        method,
        mark(function (this: unknown, ...args: unknown[]) {
          // The page's call: as little as possible, so no safe() around observe.
          let passed: unknown[] | undefined;
          try {
            passed = observe(s, method, args, 1);
          } catch (error) {
            warn(error);
          }
          return original.apply(this, passed || args);
        }),
      );
    }
  }
  // The SDK's `ready` fires after every call queued before it was processed: a marker in the SDK's
  // own order, at once when it has loaded. v3 before `load` would keep it forever.
  if (isFn(sdk.ready) && (instance || !v3)) safe(() => sdk.ready(() => safe(markLoaded, s, true)));
}

/** `window.rudderanalytics` is now `value`. */
export function attach(s: BridgeState, value: unknown): void {
  const previous = s.current_;
  if (value === previous) return;
  s.current_ = value;
  safe(() => {
    if (Array.isArray(value)) instrumentQueue(s, value);
    else if (isObject(value) && isFn(value.track)) attachSdk(s, value, previous);
    for (const integration of s.integrations_.values()) register(s, integration);
  });
}

/** Follow `window.rudderanalytics` from now on: through an accessor where possible, and v3's RSA_* events. */
export function watchGlobal(s: BridgeState): void {
  const win = window as unknown as Sdk;
  safe(() => {
    // No property yet: as a plain assignment would make it.
    const {get, set, enumerable = true, configurable = true} = Object.getOwnPropertyDescriptor(win, GLOBAL_NAME) ?? {};
    let value = win[GLOBAL_NAME];
    // A `var rudderanalytics` makes the property non-configurable: then the RSA_* events below are all we get.
    if (configurable) {
      // Someone else's accessor keeps working: ours only watches what goes through it.
      const read = get ? () => get.call(win) : () => value;
      Object.defineProperty(win, GLOBAL_NAME, {
        configurable,
        enumerable,
        get: read,
        set(next) {
          if (set) set.call(win, next);
          else value = next;
          attach(s, read());
        },
      });
    }
    attach(s, value);
  });
  // v3 announces itself (RSA_Initialised comes before it processes its backlog, RSA_Ready after):
  // the fallback when the global could not be watched (a `var` declaration), and the ready marker.
  const now = () => attach(s, win[GLOBAL_NAME]);
  document.addEventListener('RSA_Initialised', now);
  document.addEventListener('RSA_Ready', () => {
    now();
    safe(markLoaded, s, true);
  });
  // What waits for the bus is published before the page goes away.
  addEventListener('pagehide', () => flush(s));
}
