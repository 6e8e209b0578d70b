/**
 * What the RudderStack SDKs look like from outside: where each method takes its callback, the
 * message a callback receives (v3 or v1.1), v3's instances and buffers, and the tag on every
 * message the bridge publishes (which mode a FullStory takes it in).
 */
import {SOURCE_KEY, type RudderMessage} from '../contracts.js';
import {isFn, isObject, log, type Fn} from '../page.js';

// The type checks live in page.ts, where the bus shares them.
export {SOURCE_KEY, isFn, isObject, type Fn};
export const OBSERVER_SOURCE = 'observer';
export const GLOBAL_NAME = 'rudderanalytics';

export type ObservedMethod = 'identify' | 'track' | 'page' | 'reset';
/** An SDK object, or anything the page put in its place: read defensively, key by key. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Sdk = Record<string, any>;

export const OBSERVED: readonly string[] = ['identify', 'track', 'page', 'reset'] satisfies ObservedMethod[];

/**
 * Argument positions an observed method reads its callback from, `[first, last]` (v3 and v1.1
 * agree): the first function among them is the callback. A function in position 0 of `identify` or
 * `track` is a userId or an event name to them, never a callback. Reset takes none.
 */
export const CALLBACK_SLOTS: Partial<Record<string, readonly [number, number]>> = {
  identify: [1, 3],
  track: [1, 3],
  page: [0, 4],
};

/** Functions and objects this copy made, instrumented or follows (consent.ts), so none is instrumented or followed twice. */
const marks = new WeakSet<object>();
export const marked = (value: unknown) => marks.has(value as object);
export const mark = <T extends object>(value: T): T => (marks.add(value), value);

/** An error of the bridge's: reported, never thrown into the page. */
export const warn = (error: unknown) => log('warn', '[rudder-fullstory bridge]', error);

/** `fn(...args)`, with an error of the bridge's reported and never thrown into the page. */
export function safe<A extends unknown[], R>(fn: (...args: A) => R, ...args: A): R | undefined {
  try {
    return fn(...args);
  } catch (error) {
    warn(error);
  }
}

/** v3 calls back with the event itself, v1.1 with a `{message}` element. A copy: the page may change its own. */
export function messageOf(arg: unknown): RudderMessage | undefined {
  const event = isObject(arg) && isObject(arg.message) && typeof arg.type != 'string' ? arg.message : arg;
  if (isObject(event) && typeof event.type == 'string') return {...event} as RudderMessage;
}

/** Who published a bus message: `observer`, `integration:<id>`, or undefined (the page itself). */
export function sourceOf(message: unknown): string | undefined {
  try {
    const source = (message as Sdk)?.[SOURCE_KEY as never];
    if (typeof source == 'string') return source;
  } catch {
    // a revoked Proxy or a throwing trap: the page's own message, malformed
  }
}

/**
 * Whether a FullStory fed in this mode takes this message. Custom-integration mode takes only what
 * its integration delivered; observer mode takes everything else (the observer's messages and the
 * page's own publishes), never an integration's — so one call never reaches one FullStory twice.
 */
export function acceptsMessage(message: unknown, destinationId?: string): boolean {
  const source = sourceOf(message);
  return destinationId ? source == `integration:${destinationId}` : source === undefined || source == OBSERVER_SOURCE;
}

/**
 * The callback the bridge gives the SDK: `onEvent` gets the SDK's argument and this function (which
 * call it belongs to), then the page's own callback, if any, runs as it always did.
 */
export function callback(onEvent: (arg: unknown, token: Fn) => void, own?: Fn): Fn {
  const fn = function (this: unknown, ...got: unknown[]) {
    // Inline rather than through safe(): this runs inside the page's call.
    try {
      onEvent(got[0], fn);
    } catch (error) {
      warn(error);
    }
    // The page's callback runs as it always did, with what it always got; its errors stay the SDK's to report.
    return own?.apply(this, got);
  };
  return mark(fn);
}

/**
 * `args` with `onEvent` placed where the SDK reads the callback from (`slots`): wrapping the page's
 * own (the first function there), else in the first free position from which the SDK reads it,
 * padded with `undefined` (which both SDKs read as absent), or in place of a non-function in the
 * last one; there, `shared` when given (a callback made once, so the page's call makes none). Null
 * when the call already carries ours.
 */
export function withCallback(
  args: readonly unknown[],
  slots: readonly [number, number],
  onEvent: (arg: unknown, token: Fn) => void,
  shared?: Fn,
): unknown[] | null {
  // Indexing, not destructuring, and no WeakSet look-up without a function: this runs inside the
  // page's call, where each builtin touched cold costs more than the work itself.
  const last = slots[1];
  let at = slots[0];
  while (at <= last && !isFn(args[at])) at++;
  const own = at <= last ? (args[at] as Fn) : undefined;
  if (own && marked(own)) return null;
  const next = [...args];
  if (!own) at = Math.min(Math.max(next.length, slots[0]), last);
  while (next.length < at) next.push(undefined);
  next[at] = own || !shared ? callback(onEvent, own) : shared;
  return next;
}

/** v3's facade keeps its instances by write key; an instance says whether it has loaded. */
export function v3Instance(sdk: Sdk): Sdk | undefined {
  const instance = sdk.analyticsInstances?.[sdk.defaultAnalyticsKey];
  return isObject(instance) ? instance : undefined;
}

export const isV3 = (sdk: Sdk) => isObject(sdk.analyticsInstances) && isFn(sdk.getAnalyticsInstance);

/** Where v3 keeps the snippet's queue until `load()` hands it to an instance (an exposed global). */
export function preloadedBuffer(): unknown[] | undefined {
  const buffer = (window as Sdk).RudderStackGlobals?.app?.preloadedEventsBuffer;
  return Array.isArray(buffer) ? buffer : undefined;
}
