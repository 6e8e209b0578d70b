/**
 * Call order: the bridge's shared state, and publishing in the order the SDK processed the calls.
 * Events are published when the SDK calls back; `reset` has no callback, so its place is worked
 * out from the calls processed around it, for the observer stream and for each integration.
 *
 * Inside the page's call the bridge only keeps its books; what it publishes waits in `out_`, in
 * order, and reaches the bus in a microtask (`flush`): after the page's call, in the same task. The
 * bridge flushes at once when the page is hidden and before a change of RudderStack's consent is
 * acted on, so nothing is lost and no call is judged against the wrong consent.
 */
import type {BridgeTap, IntegrationListener, IntegrationStatus, RudderBus, RudderMessage} from '../contracts.js';
import {
  CALLBACK_SLOTS,
  OBSERVER_SOURCE,
  SOURCE_KEY,
  callback,
  isObject,
  marked,
  messageOf,
  withCallback,
} from './sdk.js';
import type {Fn, Sdk} from './sdk.js';

/** messageIds remembered to place resets among integration deliveries. */
const TIMELINE_LIMIT = 500;
/** Calls kept waiting for an SDK that may never load (an ad blocker): the oldest are forgotten first. */
const LANE_LIMIT = 1000;
/** A pending `reset`. Any other pending call is its own callback, which the SDK hands back. */
const RESET = 0;
const RESOLVED = Promise.resolve();

/** 0: calls from the snippet's queue; 1: calls made on the SDK object. */
export type Lane = 0 | 1;
type Pending = object | typeof RESET;

export interface Integration {
  id_: string;
  status_: IntegrationStatus;
  listeners_: Set<IntegrationListener>;
  /** Timeline positions of resets RudderStack has not yet delivered its earlier events past. */
  pendingResets_: number[];
}

/** Everything one page's bridge knows, shared by its parts. */
export interface BridgeState {
  bus_: RudderBus;
  /** Calls made but not yet known to be processed, per lane, in call order. */
  lanes_: [Pending[], Pending[]];
  /** The lane the SDK processes first while it loads: v3 takes calls made on its object first, v1.1 its queue. */
  first_: Lane;
  loaded_?: boolean;
  /** The SDK called back: it is processing, so once this run is over it has loaded. */
  called_?: boolean;
  /** An SDK that may have processed calls this bridge never saw: its user is published before anything else from it. */
  catchUpFrom_?: Sdk;
  /** Destinations ready: RudderStack delivers to integrations synchronously from here on. */
  destinationsReady_?: boolean;
  /** What `window.rudderanalytics` is now: the snippet's queue, the SDK, or nothing yet. */
  current_?: unknown;
  position_: number;
  timeline_: Map<unknown, number>;
  integrations_: Map<string, Integration>;
  /** Taps on the page's calls (link-events): each may hand back the arguments to pass on. */
  taps_: Set<BridgeTap>;
  /** Messages to publish, with their source tags, in order. */
  out_: [RudderMessage, string][];
  scheduled_?: boolean;
  /** Made once, so the page's call makes none: what the SDK's callbacks reach, and the callback calls share. */
  onEvent_?: (arg: unknown, token: Fn) => void;
  shared_?: Fn;
}

/** A resolved promise's `then` queues the flush: queueMicrotask costs far more, cold, inside the page's call. */
const schedule = (s: BridgeState) => {
  if (!s.scheduled_) void RESOLVED.then(() => flush(s));
  s.scheduled_ = true;
};

const emit = (s: BridgeState, message: RudderMessage, source: string) => {
  s.out_.push([message, source]);
  schedule(s);
};

/** Publish what waits, in order; once the SDK has called back, it has loaded and what is pending was processed. */
export function flush(s: BridgeState): void {
  s.scheduled_ = false;
  if ((s.loaded_ ||= s.called_)) settleAll(s);
  // The tag that says which mode of FullStory takes the message (sdk.ts's sourceOf reads it), added
  // here, after the page's call: a new property on the SDK's own object inside the call changes its
  // shape under the SDK's code that still handles it, which measured +20 µs a cold call.
  for (let entry; (entry = s.out_.shift());)
    s.bus_.publish(Object.defineProperty(entry[0], SOURCE_KEY, {value: entry[1]}));
}

export const publishIntegration = (s: BridgeState, integration: Integration, message: RudderMessage) =>
  emit(s, message, `integration:${integration.id_}`);

/**
 * Publish to `integration` the resets placed before timeline position `before`: those RudderStack
 * processed before the event it delivers now, or all of them once it delivers synchronously.
 */
export function releaseResets(s: BridgeState, integration: Integration, before: number): void {
  while (before > integration.pendingResets_[0]) {
    integration.pendingResets_.shift();
    publishIntegration(s, integration, {type: 'reset'});
  }
}

/** Publish an observed call (`reset`: a reset, else the SDK's event) at the next timeline position. */
function publishObserved(s: BridgeState, message: RudderMessage, reset?: boolean): void {
  const at = ++s.position_;
  emit(s, message, OBSERVER_SOURCE);
  if (reset) {
    for (const integration of s.integrations_.values()) {
      if (s.destinationsReady_) publishIntegration(s, integration, {type: 'reset'});
      else integration.pendingResets_.push(at);
    }
    // Only an integration needs the timeline, and none can register once the SDK has loaded.
  } else if ((s.integrations_.size || !s.loaded_) && typeof message.messageId == 'string') {
    s.timeline_.set(message.messageId, at);
    if (s.timeline_.size > TIMELINE_LIMIT) s.timeline_.delete(s.timeline_.keys().next().value);
  }
}

const publishReset = (s: BridgeState) => publishObserved(s, {type: 'reset'}, true);

/** The first `count` calls of `lane` were processed: resets take effect, events without a callback were dropped by the SDK. */
function settle(s: BridgeState, lane: Lane, count = Infinity): void {
  for (const call of s.lanes_[lane].splice(0, count)) if (call === RESET) publishReset(s);
}

function settleAll(s: BridgeState): void {
  settle(s, s.first_);
  settle(s, (1 - s.first_) as Lane);
}

/** The SDK has loaded (`ready`: and its destinations): every call made so far was processed. */
export function markLoaded(s: BridgeState, ready?: boolean): void {
  catchUp(s);
  s.loaded_ = true;
  settleAll(s);
  // Destinations ready (now or before): RudderStack delivers synchronously, no reset need wait.
  if ((s.destinationsReady_ ||= ready)) {
    for (const integration of s.integrations_.values()) releaseResets(s, integration, Infinity);
  }
}

/**
 * An SDK that took over a queue this bridge did not watch has processed calls nobody observed
 * (and v1.1 keeps them where they cannot be reached). Publish who the user is, from the SDK's own
 * state, before anything else from it, so FullStory does not take them for anonymous. Once only;
 * nothing without such an SDK.
 */
function catchUp(s: BridgeState, skip?: boolean): void {
  const sdk = s.catchUpFrom_;
  s.catchUpFrom_ = undefined;
  const userId = skip ? '' : sdk?.getUserId?.();
  if (userId == null || userId === '') return;
  const traits = sdk!.getUserTraits?.();
  const anonymousId = sdk!.getAnonymousId?.();
  publishObserved(s, {
    type: 'identify',
    userId: String(userId),
    anonymousId: typeof anonymousId == 'string' ? anonymousId : undefined,
    context: {traits: isObject(traits) ? {...traits} : {}},
  });
}

/** The SDK called back for `call` with its final event: publish it, after the resets processed before it. */
function processed(s: BridgeState, call: Fn, arg: unknown): void {
  const message = messageOf(arg);
  // An identify says who the user is by itself; anything else is about the user the SDK has now.
  catchUp(s, message?.type == 'identify');
  // Both SDKs process their whole backlog in one synchronous run once loaded: when the run that
  // called back is over (the flush), everything queued before has been processed.
  s.called_ = true;
  schedule(s);
  // Not pending any more if the SDK called back later than its order said (late, but never lost),
  // or if it was never pending (a loaded SDK processes a call on its object before returning; the
  // shared callback is only ever given to such calls).
  if (call != s.shared_) {
    const lane = +s.lanes_[1].includes(call) as Lane;
    const at = s.lanes_[lane].indexOf(call);
    if (at >= 0) {
      if (lane != s.first_) settle(s, s.first_);
      settle(s, lane, at + 1);
    }
  }
  if (message) publishObserved(s, message);
}

/**
 * Instrument one observed call: the arguments to pass on, or undefined when it is already
 * instrumented. A call on the object of an SDK that has loaded is processed before it returns, so
 * it is not pending: it takes the shared callback (unless the page has its own to wrap) and leaves
 * no notes. Any other call is pending until the SDK processes it, and its own callback says which.
 */
export function observe(s: BridgeState, method: string, args: unknown[], lane: Lane): unknown[] | undefined {
  // None for `reset`, the one observed method without a callback.
  const slots = CALLBACK_SLOTS[method];
  const pending = !(lane && s.loaded_);
  let next: unknown[] | null = args;
  let call: Pending = RESET;
  if (slots) {
    const on = (s.onEvent_ ||= (arg, token) => processed(s, token, arg));
    next = withCallback(args, slots, on, pending ? undefined : (s.shared_ ||= callback(on)));
    if (!next) return;
    // A pending call's place is its own callback (the only function of ours in it).
    if (pending) call = next.find(marked) as Fn;
    if (s.taps_.size)
      for (const tap of s.taps_) {
        // A tap reads FullStory's state (link-events): what the page did before this call has reached it.
        flush(s);
        next = tap(method, next, lane ? (s.current_ as Sdk) : undefined) || next;
      }
  }
  if (pending) {
    if (s.lanes_[lane].push(call) > LANE_LIMIT) s.lanes_[lane].shift();
  } else if (!slots) {
    // A loaded SDK processes a reset before the call returns, after everything made before it, and
    // before it delivers any later call to an integration.
    settleAll(s);
    publishReset(s);
  }
  schedule(s);
  return next;
}
