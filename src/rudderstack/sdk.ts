/**
 * What the RudderStack SDKs look like from outside: where each method takes its callback, the
 * message a callback receives (v3 or v1.1), v3's instances and buffers, and the tag on every
 * message the bridge publishes (which mode a FullStory takes it in).
 */
import {MARK_KEY, SOURCE_KEY, type RudderMessage} from '../contracts.js';
import {log} from '../page.js';

export {SOURCE_KEY};
export const OBSERVER_SOURCE = 'observer';
export const GLOBAL_NAME = 'rudderanalytics';

export type ObservedMethod = 'identify' | 'track' | 'page' | 'reset';
export type Fn = (...args: unknown[]) => unknown;
export type Sdk = Record<string, unknown>;

/**
 * Argument positions the SDKs read a callback from, `[first, last]` (v3 and v1.1 agree): the first
 * function among them is the callback. A function in position 0 of `identify` or `track` is a
 * userId or an event name to them, never a callback. Reset takes none.
 */
export const CALLBACK_SLOTS: Record<ObservedMethod, readonly [number, number] | undefined> = {
  identify: [1, 3],
  track: [1, 3],
  page: [0, 4],
  reset: undefined,
};
export const OBSERVED = Object.keys(CALLBACK_SLOTS) as ObservedMethod[];

export const isFn = (value: unknown): value is Fn => typeof value === 'function';
export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;
export const marked = (value: unknown) =>
  (isFn(value) || isObject(value)) && (value as {[MARK_KEY]?: true})[MARK_KEY] === true;
export const mark = <T extends object>(value: T): T => {
  Object.defineProperty(value, MARK_KEY, {value: true});
  return value;
};

export const warn = (...args: unknown[]) => log('warn', '[rudder-fullstory bridge]', ...args);

/** v3 calls back with the event itself, v1.1 with a `{message}` element. A copy: the page may change its own. */
export function messageOf(arg: unknown): RudderMessage | undefined {
  const event = isObject(arg) && isObject(arg.message) && typeof arg.type !== 'string' ? arg.message : arg;
  if (!isObject(event) || typeof event.type !== 'string') return undefined;
  return {...event} as RudderMessage;
}

export function tagged(message: RudderMessage, source: string): RudderMessage {
  Object.defineProperty(message, SOURCE_KEY, {value: source});
  return message;
}

/** Who published a bus message: `observer`, `integration:<id>`, or undefined (the page itself). */
export function sourceOf(message: unknown): string | undefined {
  try {
    const source = isObject(message) ? (message as {[SOURCE_KEY]?: unknown})[SOURCE_KEY] : undefined;
    return typeof source === 'string' ? source : undefined;
  } catch {
    return undefined; // a revoked Proxy or a throwing trap: the page's own message, malformed
  }
}

/**
 * Whether a FullStory fed in this mode takes this message. Custom-integration mode takes only what
 * its integration delivered; observer mode takes everything else (the observer's messages and the
 * page's own publishes), never an integration's — so one call never reaches one FullStory twice.
 */
export function acceptsMessage(message: unknown, destinationId?: string): boolean {
  const source = sourceOf(message);
  if (destinationId) return source === `integration:${destinationId}`;
  return source === undefined || source === OBSERVER_SOURCE;
}

/**
 * `args` with `onEvent` placed where the SDK reads the callback from (`slots`): wrapping the page's
 * own (the first function there), else in the first free position from which the SDK reads it,
 * padded with `undefined` (which both SDKs read as absent), or in place of a non-function in the
 * last one. Null when the call already carries ours.
 */
export function withCallback(
  args: readonly unknown[],
  [first, last]: readonly [number, number],
  onEvent: (arg: unknown) => void,
): unknown[] | null {
  let at = args.findIndex((arg, i) => i >= first && i <= last && isFn(arg));
  if (at >= 0 && marked(args[at])) return null;
  const own = at >= 0 ? (args[at] as Fn) : undefined;
  const callback = mark(function (this: unknown, ...callbackArgs: unknown[]) {
    try {
      onEvent(callbackArgs[0]);
    } catch (error) {
      warn(error);
    }
    // The page's callback runs as it always did, with what it always got; its errors stay the SDK's to report.
    return own?.apply(this, callbackArgs);
  });
  const next = [...args];
  if (at < 0) at = Math.min(Math.max(args.length, first), last);
  while (next.length < at) next.push(undefined);
  next[at] = callback;
  return next;
}

/** v3's facade keeps its instances by write key; an instance says whether it has loaded. */
export function v3Instance(sdk: Sdk): Record<string, unknown> | undefined {
  const instances = sdk.analyticsInstances;
  const key = sdk.defaultAnalyticsKey;
  if (!isObject(instances) || typeof key !== 'string' || key === '') return undefined;
  const instance = instances[key];
  return isObject(instance) ? instance : undefined;
}

export const isV3 = (sdk: Sdk) => isObject(sdk.analyticsInstances) && isFn(sdk.getAnalyticsInstance);

/** Where v3 keeps the snippet's queue until `load()` hands it to an instance (an exposed global). */
export function preloadedBuffer(win: Window): unknown[] | undefined {
  type Globals = {RudderStackGlobals?: {app?: {preloadedEventsBuffer?: unknown}}};
  const buffer = (win as unknown as Globals).RudderStackGlobals?.app?.preloadedEventsBuffer;
  return Array.isArray(buffer) ? buffer : undefined;
}
