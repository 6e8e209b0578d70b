/**
 * The RudderStack bridge (SPEC §4): watches `window.rudderanalytics` and publishes, on the page's
 * bus, the message the SDK itself built for each `identify`, `track` and `page` call, and each
 * `reset`, in the order the SDK processed them.
 *
 * How it sees the SDK's own message: every one of those methods takes a callback (the first
 * function argument) that the SDK calls, synchronously, with the final event once it has processed
 * the call. The bridge adds such a callback, or wraps the page's own, so it never re-implements the
 * SDK's argument rules or its user state: what it publishes is what a device-mode destination gets.
 * `reset` has no callback, so its place is worked out from the calls processed around it.
 *
 * Where calls come from:
 * - the loading snippet's queue (`window.rudderanalytics = [...]`, stub methods `push` onto it):
 *   entries already queued are instrumented in place, later ones through the array's `push`;
 * - the SDK object that replaces it (v3 facade or v1.1 object): its methods are wrapped;
 * - the replacement itself is seen through an accessor on `window.rudderanalytics`.
 *
 * Custom-integration mode (`destination-id`): the bridge registers a RudderStack custom device-mode
 * integration and publishes what RudderStack delivers to it, tagged with the destination id, so an
 * element in that mode forwards only what RudderStack's consent, filtering and per-call
 * `integrations` option let through. RudderStack never delivers `reset` to integrations, so the
 * bridge adds each observed reset to that stream at its place.
 *
 * State is page-wide (one bridge per page under a registered symbol): two copies of this library
 * must not observe, or register, twice.
 */
import {getBus, type RudderMessage} from './bus.js';

export const BRIDGE_KEY: unique symbol = Symbol.for('rudderanalytics.bridge') as never;
/** Tag on every message the bridge publishes: `observer`, or `integration:<destination id>`. */
export const SOURCE_KEY: unique symbol = Symbol.for('rudderanalytics.bridge.source') as never;
export const OBSERVER_SOURCE = 'observer';
export const GLOBAL_NAME = 'rudderanalytics';

export type ObservedMethod = 'identify' | 'track' | 'page' | 'reset';

/**
 * Argument positions the SDKs read a callback from, `[first, last]` (v3 and v1.1 agree): the first
 * function among them is the callback. A function in position 0 of `identify` or `track` is a
 * userId or an event name to them, never a callback. Reset takes none.
 */
const CALLBACK_SLOTS: Record<ObservedMethod, readonly [number, number] | undefined> = {
  identify: [1, 3],
  track: [1, 3],
  page: [0, 4],
  reset: undefined,
};
const OBSERVED = Object.keys(CALLBACK_SLOTS) as ObservedMethod[];
/** Marks functions and objects this bridge made, so nothing is instrumented twice. */
const MARK = Symbol.for('rudderanalytics.bridge.mark');
/** messageIds remembered to place resets among integration deliveries. */
const TIMELINE_LIMIT = 500;
/** Calls kept waiting for an SDK that may never load (an ad blocker): the oldest are forgotten first. */
const LANE_LIMIT = 1000;

export type IntegrationState = 'waiting' | 'registered' | 'active' | 'failed';

export interface IntegrationStatus {
  state: IntegrationState;
  reason?: string;
}

export type IntegrationListener = (status: IntegrationStatus) => void;

/** The page's bridge. Its shape is a contract between library copies on one page: only add to it. */
export interface RudderBridge {
  readonly version: 1;
  /**
   * Register the custom device-mode integration for `destinationId` (once per page, whatever the
   * number of callers) and follow its state. Returns the unsubscribe function for `listener`.
   */
  registerIntegration(destinationId: string, listener?: IntegrationListener): () => void;
  integrationStatus(destinationId: string): IntegrationStatus | undefined;
  /** Hook (issue 14): taps see each new identify/track/page call; one may return the arguments to pass on. */
  readonly taps?: Set<BridgeTap>;
}

/** `sdk`: the SDK object the call was made on; undefined for a call queued in the loading snippet. */
export type BridgeTap = (method: string, args: unknown[], sdk?: Record<string, unknown>) => unknown[] | void;

type Fn = (...args: unknown[]) => unknown;
type Sdk = Record<string, unknown>;
type Lane = 0 | 1; // 0: the snippet's queue; 1: the SDK object

interface Call {
  method: ObservedMethod;
  lane: Lane;
}

interface Integration {
  id: string;
  status: IntegrationStatus;
  listeners: Set<IntegrationListener>;
  /** Timeline positions of resets RudderStack has not yet delivered its earlier events past. */
  pendingResets: number[];
}

const isFn = (value: unknown): value is Fn => typeof value === 'function';
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const marked = (value: unknown) => (isFn(value) || isObject(value)) && (value as {[MARK]?: true})[MARK] === true;
const mark = <T extends object>(value: T): T => {
  Object.defineProperty(value, MARK, {value: true});
  return value;
};

function warn(...args: unknown[]): void {
  try {
    console.warn('[rudder-fullstory bridge]', ...args);
  } catch {
    /* no console */
  }
}

/** v3 calls back with the event itself, v1.1 with a `{message}` element. A copy: the page may change its own. */
function messageOf(arg: unknown): RudderMessage | undefined {
  const event = isObject(arg) && isObject(arg.message) && typeof arg.type !== 'string' ? arg.message : arg;
  if (!isObject(event) || typeof event.type !== 'string') return undefined;
  return {...event} as RudderMessage;
}

function tagged(message: RudderMessage, source: string): RudderMessage {
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

// --- The bridge ----------------------------------------------------------------------------------

function createBridge(win: Window & typeof globalThis): RudderBridge {
  const bus = getBus();
  /** Calls made but not yet known to be processed, per lane, in call order. */
  const lanes: [Call[], Call[]] = [[], []];
  /** v3 processes calls made on its object while it loads before the snippet's queue; v1.1 after. */
  let sdkLaneFirst = false;
  let loaded = false;
  let loadCheck = false;
  /** An SDK that may have processed calls this bridge never saw: its user is published before anything else from it. */
  let catchUpFrom: Sdk | undefined;
  /** Destinations ready: RudderStack delivers to integrations synchronously from here on. */
  let destinationsReady = false;
  let current: unknown;
  let position = 0;
  const timeline = new Map<string, number>();
  const integrations = new Map<string, Integration>();
  const taps = new Set<BridgeTap>();

  // -- publishing, in processing order

  const publishIntegration = (integration: Integration, message: RudderMessage) =>
    bus.publish(tagged(message, `integration:${integration.id}`));

  const publishReset = () => {
    const at = ++position;
    bus.publish(tagged({type: 'reset'}, OBSERVER_SOURCE));
    for (const integration of integrations.values()) {
      if (destinationsReady) publishIntegration(integration, {type: 'reset'});
      else integration.pendingResets.push(at);
    }
  };

  const publishEvent = (message: RudderMessage) => {
    const at = ++position;
    if (typeof message.messageId === 'string') {
      timeline.set(message.messageId, at);
      if (timeline.size > TIMELINE_LIMIT) timeline.delete(timeline.keys().next().value!);
    }
    bus.publish(tagged(message, OBSERVER_SOURCE));
  };

  /** Calls processed before `until` (or all): resets take effect, events without a callback were dropped by the SDK. */
  const settle = (lane: Lane, until?: Call) => {
    const calls = lanes[lane];
    const end = until ? calls.indexOf(until) : calls.length;
    for (const call of calls.splice(0, end < 0 ? 0 : end)) if (call.method === 'reset') publishReset();
  };

  const settleAll = () => {
    const first: Lane = sdkLaneFirst ? 1 : 0;
    settle(first);
    settle((1 - first) as Lane);
  };

  const processed = (call: Call, arg: unknown) => {
    const message = messageOf(arg);
    // An identify says who the user is by itself; anything else is about the user the SDK has now.
    catchUp(message?.type === 'identify');
    // Both SDKs process their whole backlog in one synchronous run once loaded: when the task that
    // called back is over, everything queued before has been processed, and later calls are at once.
    if (!loaded && !loadCheck) {
      loadCheck = true;
      queueMicrotask(markLoaded);
    }
    const calls = lanes[call.lane];
    // Not pending any more only if the SDK called back later than its order said: late, but never lost.
    if (calls.includes(call)) {
      const processedFirst: Lane = sdkLaneFirst ? 1 : 0;
      if (call.lane !== processedFirst) settle(processedFirst);
      settle(call.lane, call);
      calls.shift();
    }
    if (message) publishEvent(message);
  };

  /** Instrument one call: the arguments to pass on (the same ones when not observed or already instrumented). */
  const observe = (method: string, args: unknown[], lane: Lane): {args: unknown[]; call?: Call} => {
    if (!(OBSERVED as string[]).includes(method)) return {args};
    const call: Call = {method: method as ObservedMethod, lane};
    const slots = CALLBACK_SLOTS[method as ObservedMethod];
    let next = slots ? withCallback(args, slots, arg => processed(call, arg)) : args;
    if (!next) return {args};
    // Hook (issue 14): link-events adds its context here.
    for (const tap of taps) next = (slots && tap(method, next, lane ? (current as Sdk) : undefined)) || next;
    if (lanes[lane].push(call) > LANE_LIMIT) lanes[lane].shift();
    return {args: next, call};
  };

  // -- the snippet's queue

  const instrumentEntry = (entry: unknown): void => {
    if (!Array.isArray(entry) || typeof entry[0] !== 'string') return;
    const {args, call} = observe(entry[0], entry.slice(1), 0);
    if (call) entry.splice(1, entry.length - 1, ...args);
  };

  const instrumentQueue = (queue: unknown[]) => {
    if (marked(queue)) return;
    for (const entry of queue) instrumentEntry(entry);
    const push = queue.push;
    Object.defineProperty(queue, 'push', {
      configurable: true,
      writable: true,
      value: function (this: unknown[], ...entries: unknown[]) {
        // A queue the SDK has already replaced is never read again: nothing pushed onto it is processed.
        if (this === current) {
          for (const entry of entries) {
            try {
              instrumentEntry(entry);
            } catch (error) {
              warn(error);
            }
          }
        }
        return push.apply(this, entries);
      },
    });
    mark(queue);
  };

  // -- the SDK object

  const wrapMethods = (sdk: Sdk) => {
    for (const method of OBSERVED) {
      const original = sdk[method];
      if (!isFn(original) || marked(original)) continue;
      const wrapper = mark(function (this: unknown, ...args: unknown[]) {
        let call: Call | undefined;
        let passed = args;
        try {
          ({args: passed, call} = observe(method, args, 1));
        } catch (error) {
          warn(error);
        }
        try {
          return original.apply(this, passed);
        } finally {
          // Once loaded the SDK processes a call before returning: what is still open was processed too.
          if (loaded && call) {
            try {
              settleAll();
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
  };

  /** v3's facade keeps its instances by write key; an instance says whether it has loaded. */
  const v3Instance = (sdk: Sdk): Record<string, unknown> | undefined => {
    const instances = sdk.analyticsInstances;
    const key = sdk.defaultAnalyticsKey;
    if (!isObject(instances) || typeof key !== 'string' || key === '') return undefined;
    const instance = instances[key];
    return isObject(instance) ? instance : undefined;
  };
  const isV3 = (sdk: Sdk) => isObject(sdk.analyticsInstances) && isFn(sdk.getAnalyticsInstance);
  /** Where v3 keeps the snippet's queue until `load()` hands it to an instance (an exposed global). */
  const preloadedBuffer = (): unknown[] | undefined => {
    type Globals = {RudderStackGlobals?: {app?: {preloadedEventsBuffer?: unknown}}};
    const buffer = (win as unknown as Globals).RudderStackGlobals?.app?.preloadedEventsBuffer;
    return Array.isArray(buffer) ? buffer : undefined;
  };

  const markLoaded = () => {
    if (loaded) return;
    loaded = true;
    settleAll();
  };

  const markDestinationsReady = () => {
    if (destinationsReady) return;
    destinationsReady = true;
    for (const integration of integrations.values()) {
      integration.pendingResets.splice(0).forEach(() => publishIntegration(integration, {type: 'reset'}));
    }
  };

  /**
   * An SDK that took over a queue this bridge did not watch has processed calls nobody observed
   * (and v1.1 keeps them where they cannot be reached). Publish who the user is, from the SDK's own
   * state, before anything else from it, so FullStory does not take them for anonymous.
   */
  const catchUp = (skip = false) => {
    const sdk = catchUpFrom;
    catchUpFrom = undefined;
    if (!sdk || skip) return;
    const read = (method: string) => (isFn(sdk[method]) ? (sdk[method] as Fn)() : undefined);
    const userId = read('getUserId');
    if ((typeof userId !== 'string' && typeof userId !== 'number') || userId === '') return;
    const traits = read('getUserTraits');
    const anonymousId = read('getAnonymousId');
    publishEvent({
      type: 'identify',
      userId: String(userId),
      anonymousId: typeof anonymousId === 'string' ? anonymousId : undefined,
      context: {traits: isObject(traits) ? {...traits} : {}},
    });
  };

  /**
   * The SDK's `ready` fires after every call queued before it was processed: a marker in the SDK's
   * own order. It fires at once when the SDK is already loaded.
   */
  const whenReady = (sdk: Sdk) => {
    if (!isFn(sdk.ready) || (isV3(sdk) && !v3Instance(sdk))) return; // v3 before `load`: its ready would go nowhere
    try {
      (sdk.ready as Fn)(() => {
        catchUp();
        markLoaded();
        markDestinationsReady();
      });
    } catch (error) {
      warn(error);
    }
  };

  /** Instrument the v3 queue copies an SDK that arrived before this library still has to process. */
  const instrumentV3Buffers = (sdk: Sdk) => {
    const instance = v3Instance(sdk);
    const buffer = instance && isObject(instance.preloadBuffer) ? instance.preloadBuffer.items : undefined;
    if (Array.isArray(buffer)) buffer.forEach(instrumentEntry);
    preloadedBuffer()?.forEach(instrumentEntry);
  };

  const attach = (value: unknown) => {
    if (value === current) return;
    const previous = current;
    current = value;
    try {
      if (Array.isArray(value)) {
        instrumentQueue(value);
      } else if (isObject(value) && isFn(value.track)) {
        const sdk = value as Sdk;
        // Not arriving in place of a queue this bridge watched: the SDK may hold calls it never saw.
        const unseen = !Array.isArray(previous);
        if (unseen) catchUpFrom = sdk;
        if (isV3(sdk)) {
          const instance = v3Instance(sdk);
          if (instance?.initialized === true) {
            catchUp();
            markLoaded();
          } else {
            sdkLaneFirst = true;
            if (unseen) instrumentV3Buffers(sdk);
          }
        }
        wrapMethods(sdk);
        whenReady(sdk);
      }
      for (const integration of integrations.values()) register(integration);
    } catch (error) {
      warn(error);
    }
  };

  // -- custom-integration mode

  const setStatus = (integration: Integration, status: IntegrationStatus) => {
    if (integration.status.state === status.state) return;
    integration.status = status;
    for (const listener of [...integration.listeners]) {
      try {
        listener(status);
      } catch (error) {
        warn(error);
      }
    }
  };

  const integrationFor = (integration: Integration) => {
    const deliver = (_analytics: unknown, _logger: unknown, event: unknown) => {
      const message = messageOf(event);
      if (!message) return;
      const at = typeof message.messageId === 'string' ? timeline.get(message.messageId) : undefined;
      // Resets the SDK processed before this event come first; unknown events (made by the SDK itself) move nothing.
      while (at !== undefined && integration.pendingResets.length > 0 && integration.pendingResets[0] < at) {
        integration.pendingResets.shift();
        publishIntegration(integration, {type: 'reset'});
      }
      publishIntegration(integration, message);
    };
    return mark({
      init: () => setStatus(integration, {state: 'active'}),
      // FullStory's own readiness is the element's business: the bus keeps what arrives before it.
      isReady: () => true,
      identify: deliver,
      track: deliver,
      page: deliver,
    });
  };

  const register = (integration: Integration) => {
    if (integration.status.state !== 'waiting') return;
    const target = current;
    if (Array.isArray(target)) {
      // Only a snippet that offers the method queues it: v1.1 would choke on a method it lacks
      // while replaying its queue. Otherwise the SDK object is asked when it arrives, still in time.
      if (!isFn((target as unknown as Sdk).addCustomIntegration)) return;
      ((target as unknown as Sdk).addCustomIntegration as Fn)(integration.id, integrationFor(integration));
      return setStatus(integration, {state: 'registered'});
    }
    if (!isObject(target)) return; // no RudderStack yet: registered when it arrives
    const sdk = target as Sdk;
    if (!isFn(sdk.addCustomIntegration)) {
      return setStatus(integration, {
        state: 'failed',
        reason: 'this RudderStack SDK has no addCustomIntegration (v3.23 or later is needed for destination-id)',
      });
    }
    const instance = v3Instance(sdk);
    if (instance?.initialized === true || loaded) {
      return setStatus(integration, {
        state: 'failed',
        reason: 'RudderStack had already loaded: destination-id needs this library on the page before the SDK loads',
      });
    }
    if (instance) {
      (sdk.addCustomIntegration as Fn)(integration.id, integrationFor(integration));
      return setStatus(integration, {state: 'registered'});
    }
    // An npm-style facade before `load()`: its load reads this buffer, so the registration is in time.
    const preloaded = preloadedBuffer();
    if (preloaded) {
      preloaded.push(['addCustomIntegration', integration.id, integrationFor(integration)]);
      return setStatus(integration, {state: 'registered'});
    }
    return setStatus(integration, {state: 'failed', reason: 'could not reach RudderStack before it loads'});
  };

  // -- finding window.rudderanalytics

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
          attach(get ? get.call(win) : next);
        },
      });
    }
    attach(initial);
  } catch (error) {
    warn(error);
  }
  // v3 announces itself (RSA_Initialised comes before it processes its backlog, RSA_Ready after):
  // the fallback when the global could not be watched (a `var` declaration), and the ready marker.
  win.document?.addEventListener('RSA_Initialised', () => attach((win as unknown as Sdk)[GLOBAL_NAME]));
  win.document?.addEventListener('RSA_Ready', () => {
    attach((win as unknown as Sdk)[GLOBAL_NAME]);
    markLoaded();
    markDestinationsReady();
  });

  return {
    version: 1,
    taps,
    registerIntegration(destinationId, listener) {
      let integration = integrations.get(destinationId);
      if (!integration) {
        integration = {id: destinationId, status: {state: 'waiting'}, listeners: new Set(), pendingResets: []};
        integrations.set(destinationId, integration);
        register(integration);
      }
      const entry = integration;
      if (!listener) return () => {};
      entry.listeners.add(listener);
      return () => void entry.listeners.delete(listener);
    },
    integrationStatus(destinationId) {
      const status = integrations.get(destinationId)?.status;
      return status && {...status};
    },
  };
}

function isBridge(value: unknown): value is RudderBridge {
  return isObject(value) && isFn(value.registerIntegration);
}

/**
 * Start observing `window.rudderanalytics` (once per page, whatever the number of copies of this
 * library) and return the page's bridge. Outside a browser it returns undefined and does nothing.
 */
export function startBridge(): RudderBridge | undefined {
  if (typeof window === 'undefined' || typeof document === 'undefined') return undefined;
  const host = globalThis as unknown as Record<symbol, unknown>;
  const existing = host[BRIDGE_KEY];
  if (isBridge(existing)) return existing;
  const bridge = createBridge(window);
  Object.defineProperty(host, BRIDGE_KEY, {value: bridge, configurable: true, writable: false, enumerable: false});
  return bridge;
}

/** The page's bridge, if one was started. */
export function getBridge(): RudderBridge | undefined {
  const existing = (globalThis as unknown as Record<symbol, unknown>)[BRIDGE_KEY];
  return isBridge(existing) ? existing : undefined;
}
