/**
 * Call order: the bridge's shared state, and publishing in the order the SDK processed the calls.
 * Events are published when the SDK calls back; `reset` has no callback, so its place is worked
 * out from the calls processed around it, for the observer stream and for each integration.
 */
import type {BridgeTap, IntegrationListener, IntegrationStatus, RudderBus, RudderMessage} from '../contracts.js';
import {CALLBACK_SLOTS, OBSERVED, OBSERVER_SOURCE, isFn, isObject, messageOf, tagged, withCallback} from './sdk.js';
import type {Fn, ObservedMethod, Sdk} from './sdk.js';

/** messageIds remembered to place resets among integration deliveries. */
const TIMELINE_LIMIT = 500;
/** Calls kept waiting for an SDK that may never load (an ad blocker): the oldest are forgotten first. */
const LANE_LIMIT = 1000;

export type Lane = 0 | 1; // 0: the snippet's queue; 1: the SDK object

export interface Call {
  method: ObservedMethod;
  lane: Lane;
}

export interface Integration {
  id: string;
  status: IntegrationStatus;
  listeners: Set<IntegrationListener>;
  /** Timeline positions of resets RudderStack has not yet delivered its earlier events past. */
  pendingResets_: number[];
}

/** Everything one page's bridge knows, shared by its parts. */
export interface BridgeState {
  win_: Window & typeof globalThis;
  bus_: RudderBus;
  /** Calls made but not yet known to be processed, per lane, in call order. */
  lanes_: [Call[], Call[]];
  /** v3 processes calls made on its object while it loads before the snippet's queue; v1.1 after. */
  sdkLaneFirst_: boolean;
  loaded_: boolean;
  loadCheck_: boolean;
  /** An SDK that may have processed calls this bridge never saw: its user is published before anything else from it. */
  catchUpFrom_?: Sdk;
  /** Destinations ready: RudderStack delivers to integrations synchronously from here on. */
  destinationsReady_: boolean;
  /** What `window.rudderanalytics` is now: the snippet's queue, the SDK, or nothing yet. */
  current_: unknown;
  position_: number;
  timeline_: Map<string, number>;
  integrations_: Map<string, Integration>;
  /** Taps on the page's calls (link-events): each may hand back the arguments to pass on. */
  taps_: Set<BridgeTap>;
}

export const publishIntegration = (s: BridgeState, integration: Integration, message: RudderMessage) =>
  s.bus_.publish(tagged(message, `integration:${integration.id}`));

function publishReset(s: BridgeState): void {
  const at = ++s.position_;
  s.bus_.publish(tagged({type: 'reset'}, OBSERVER_SOURCE));
  for (const integration of s.integrations_.values()) {
    if (s.destinationsReady_) publishIntegration(s, integration, {type: 'reset'});
    else integration.pendingResets_.push(at);
  }
}

export function publishEvent(s: BridgeState, message: RudderMessage): void {
  const at = ++s.position_;
  if (typeof message.messageId === 'string') {
    s.timeline_.set(message.messageId, at);
    if (s.timeline_.size > TIMELINE_LIMIT) s.timeline_.delete(s.timeline_.keys().next().value!);
  }
  s.bus_.publish(tagged(message, OBSERVER_SOURCE));
}

/** Calls processed before `until` (or all): resets take effect, events without a callback were dropped by the SDK. */
function settle(s: BridgeState, lane: Lane, until?: Call): void {
  const calls = s.lanes_[lane];
  const end = until ? calls.indexOf(until) : calls.length;
  for (const call of calls.splice(0, end < 0 ? 0 : end)) if (call.method === 'reset') publishReset(s);
}

export function settleAll(s: BridgeState): void {
  const first: Lane = s.sdkLaneFirst_ ? 1 : 0;
  settle(s, first);
  settle(s, (1 - first) as Lane);
}

export function markLoaded(s: BridgeState): void {
  if (s.loaded_) return;
  s.loaded_ = true;
  settleAll(s);
}

export function markDestinationsReady(s: BridgeState): void {
  if (s.destinationsReady_) return;
  s.destinationsReady_ = true;
  for (const integration of s.integrations_.values()) {
    integration.pendingResets_.splice(0).forEach(() => publishIntegration(s, integration, {type: 'reset'}));
  }
}

/**
 * An SDK that took over a queue this bridge did not watch has processed calls nobody observed
 * (and v1.1 keeps them where they cannot be reached). Publish who the user is, from the SDK's own
 * state, before anything else from it, so FullStory does not take them for anonymous.
 */
export function catchUp(s: BridgeState, skip = false): void {
  const sdk = s.catchUpFrom_;
  s.catchUpFrom_ = undefined;
  if (!sdk || skip) return;
  const read = (method: string) => (isFn(sdk[method]) ? (sdk[method] as Fn)() : undefined);
  const userId = read('getUserId');
  if ((typeof userId !== 'string' && typeof userId !== 'number') || userId === '') return;
  const traits = read('getUserTraits');
  const anonymousId = read('getAnonymousId');
  publishEvent(s, {
    type: 'identify',
    userId: String(userId),
    anonymousId: typeof anonymousId === 'string' ? anonymousId : undefined,
    context: {traits: isObject(traits) ? {...traits} : {}},
  });
}

/** The SDK called back for `call` with its final event: publish it, after the resets processed before it. */
function processed(s: BridgeState, call: Call, arg: unknown): void {
  const message = messageOf(arg);
  // An identify says who the user is by itself; anything else is about the user the SDK has now.
  catchUp(s, message?.type === 'identify');
  // Both SDKs process their whole backlog in one synchronous run once loaded: when the task that
  // called back is over, everything queued before has been processed, and later calls are at once.
  if (!s.loaded_ && !s.loadCheck_) {
    s.loadCheck_ = true;
    queueMicrotask(() => markLoaded(s));
  }
  const calls = s.lanes_[call.lane];
  // Not pending any more only if the SDK called back later than its order said: late, but never lost.
  if (calls.includes(call)) {
    const processedFirst: Lane = s.sdkLaneFirst_ ? 1 : 0;
    if (call.lane !== processedFirst) settle(s, processedFirst);
    settle(s, call.lane, call);
    calls.shift();
  }
  if (message) publishEvent(s, message);
}

/** Instrument one call: the arguments to pass on (the same ones when not observed or already instrumented). */
export function observe(s: BridgeState, method: string, args: unknown[], lane: Lane): {args: unknown[]; call?: Call} {
  if (!(OBSERVED as string[]).includes(method)) return {args};
  const call: Call = {method: method as ObservedMethod, lane};
  const slots = CALLBACK_SLOTS[method as ObservedMethod];
  let next = slots ? withCallback(args, slots, arg => processed(s, call, arg)) : args;
  if (!next) return {args};
  const sdk = lane ? (s.current_ as Sdk) : undefined;
  for (const tap of s.taps_) next = (slots && tap(method, next, sdk)) || next;
  if (s.lanes_[lane].push(call) > LANE_LIMIT) s.lanes_[lane].shift();
  return {args: next, call};
}
