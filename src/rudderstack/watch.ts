/**
 * Watching the SDK: the `window.rudderanalytics` global (an accessor, and v3's RSA_* events), the
 * snippet's queue (instrumented in place and through its `push`), and the SDK object that replaces
 * it (its methods wrapped), so every observed call carries the bridge's callback.
 */
import {register} from './integration.js';
import {catchUp, markDestinationsReady, markLoaded, observe, settleAll, type BridgeState, type Call} from './order.js';
import {GLOBAL_NAME, OBSERVED, isFn, isObject, isV3, mark, marked, preloadedBuffer, v3Instance, warn} from './sdk.js';
import type {Fn, Sdk} from './sdk.js';

function instrumentEntry(s: BridgeState, entry: unknown): void {
  if (!Array.isArray(entry) || typeof entry[0] !== 'string') return;
  const {args, call} = observe(s, entry[0], entry.slice(1), 0);
  if (call) entry.splice(1, entry.length - 1, ...args);
}

function instrumentQueue(s: BridgeState, queue: unknown[]): void {
  if (marked(queue)) return;
  for (const entry of queue) instrumentEntry(s, entry);
  const push = queue.push;
  Object.defineProperty(queue, 'push', {
    configurable: true,
    writable: true,
    value: function (this: unknown[], ...entries: unknown[]) {
      // A queue the SDK has already replaced is never read again: nothing pushed onto it is processed.
      if (this === s.current_) {
        for (const entry of entries) {
          try {
            instrumentEntry(s, entry);
          } catch (error) {
            warn(error);
          }
        }
      }
      return push.apply(this, entries);
    },
  });
  mark(queue);
}

function wrapMethod(s: BridgeState, sdk: Sdk, method: string, original: Fn): void {
  const wrapper = mark(function (this: unknown, ...args: unknown[]) {
    let call: Call | undefined;
    let passed = args;
    try {
      ({args: passed, call} = observe(s, method, args, 1));
    } catch (error) {
      warn(error);
    }
    try {
      return original.apply(this, passed);
    } finally {
      // Once loaded the SDK processes a call before returning: what is still open was processed too.
      if (s.loaded_ && call) {
        try {
          settleAll(s);
        } catch (error) {
          warn(error);
        }
      }
    }
  });
  try {
    sdk[method] = wrapper;
  } catch {
    /* a frozen object: nothing to observe through it */
  }
}

/**
 * The SDK's `ready` fires after every call queued before it was processed: a marker in the SDK's
 * own order. It fires at once when the SDK is already loaded.
 */
function whenReady(s: BridgeState, sdk: Sdk): void {
  if (!isFn(sdk.ready) || (isV3(sdk) && !v3Instance(sdk))) return; // v3 before `load`: its ready would go nowhere
  try {
    (sdk.ready as Fn)(() => {
      catchUp(s);
      markLoaded(s);
      markDestinationsReady(s);
    });
  } catch (error) {
    warn(error);
  }
}

/** The SDK object arrived: wrap it, and catch up with what it may have processed unseen. */
function attachSdk(s: BridgeState, sdk: Sdk, previous: unknown): void {
  // Not arriving in place of a queue this bridge watched: the SDK may hold calls it never saw.
  const unseen = !Array.isArray(previous);
  if (unseen) s.catchUpFrom_ = sdk;
  if (isV3(sdk)) {
    const instance = v3Instance(sdk);
    if (instance?.initialized === true) {
      catchUp(s);
      markLoaded(s);
    } else {
      s.sdkLaneFirst_ = true;
      // The v3 queue copies an SDK that arrived before this library still has to process.
      const buffer = instance && isObject(instance.preloadBuffer) ? instance.preloadBuffer.items : undefined;
      if (unseen && Array.isArray(buffer)) buffer.forEach(entry => instrumentEntry(s, entry));
      if (unseen) preloadedBuffer(s.win_)?.forEach(entry => instrumentEntry(s, entry));
    }
  }
  for (const method of OBSERVED) {
    const original = sdk[method];
    if (isFn(original) && !marked(original)) wrapMethod(s, sdk, method, original);
  }
  whenReady(s, sdk);
}

/** `window.rudderanalytics` is now `value`. */
export function attach(s: BridgeState, value: unknown): void {
  if (value === s.current_) return;
  const previous = s.current_;
  s.current_ = value;
  try {
    if (Array.isArray(value)) instrumentQueue(s, value);
    else if (isObject(value) && isFn(value.track)) attachSdk(s, value as Sdk, previous);
    for (const integration of s.integrations_.values()) register(s, integration);
  } catch (error) {
    warn(error);
  }
}

/** Follow `window.rudderanalytics` from now on: through an accessor where possible, and v3's RSA_* events. */
export function watchGlobal(s: BridgeState): void {
  const win = s.win_;
  try {
    const descriptor = Object.getOwnPropertyDescriptor(win, GLOBAL_NAME);
    const initial = (win as unknown as Sdk)[GLOBAL_NAME];
    // A `var rudderanalytics` makes the property non-configurable: then the RSA_* events below are all we get.
    if (!descriptor || descriptor.configurable) {
      // Someone else's accessor keeps working: ours only watches what goes through it.
      const {get, set} = descriptor ?? {};
      let value = initial;
      Object.defineProperty(win, GLOBAL_NAME, {
        configurable: true,
        enumerable: descriptor?.enumerable ?? true,
        get: get ? () => get.call(win) : () => value,
        set(next) {
          if (set) set.call(win, next);
          else value = next;
          attach(s, get ? get.call(win) : next);
        },
      });
    }
    attach(s, initial);
  } catch (error) {
    warn(error);
  }
  // v3 announces itself (RSA_Initialised comes before it processes its backlog, RSA_Ready after):
  // the fallback when the global could not be watched (a `var` declaration), and the ready marker.
  const now = () => attach(s, (win as unknown as Sdk)[GLOBAL_NAME]);
  win.document?.addEventListener('RSA_Initialised', now);
  win.document?.addEventListener('RSA_Ready', () => {
    now();
    markLoaded(s);
    markDestinationsReady(s);
  });
}
