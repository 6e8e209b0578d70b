/**
 * The shapes that copies of this library of different versions share on one page: the bus, the
 * RudderStack bridge and the page's FullStory handle, and the registered symbols they live under.
 * Another copy, older or newer, reads and writes these by name, so every name declared here is
 * part of a contract: only add to it, never rename it, and never let a minifier mangle it (the
 * bundle mangles only `_`-prefixed internal properties, and nothing here starts with `_` except
 * FullStory's own snippet fields, which are reserved explicitly).
 */

// --- Where page-wide state lives ------------------------------------------------------------------

export const BUS_KEY: unique symbol = Symbol.for('rudderanalytics.bus') as never;
export const BRIDGE_KEY: unique symbol = Symbol.for('rudderanalytics.bridge') as never;
/** Tag on every message the bridge publishes: `observer`, or `integration:<destination id>`. */
export const SOURCE_KEY: unique symbol = Symbol.for('rudderanalytics.bridge.source') as never;
/** Marks functions and objects a bridge made, so nothing is instrumented twice. */
export const MARK_KEY: unique symbol = Symbol.for('rudderanalytics.bridge.mark') as never;
/** `Map<namespace, FullStoryHandle>`: the page's FullStory, per namespace. */
export const REGISTRY_KEY: unique symbol = Symbol.for('rudder-fullstory.instances') as never;
/** The Trusted Types policy (one per page: a second `createPolicy` of one name can fail). */
export const POLICY_KEY: unique symbol = Symbol.for('rudder-fullstory.trusted-types-policy') as never;
/** `WeakMap<FullStoryHandle, RateLimiterLike>`: client-side rate limits are per page's FullStory. */
export const LIMITERS_KEY: unique symbol = Symbol.for('rudder-fullstory.limiters') as never;

// --- The bus (SPEC §3) ----------------------------------------------------------------------------

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

// --- The RudderStack bridge (SPEC §4) -------------------------------------------------------------

export type IntegrationState = 'waiting' | 'registered' | 'active' | 'failed';

export interface IntegrationStatus {
  state: IntegrationState;
  reason?: string;
}

export type IntegrationListener = (status: IntegrationStatus) => void;

/** The page's bridge. */
export interface RudderBridge {
  readonly version: 1;
  /**
   * Register the custom device-mode integration for `destinationId` (once per page, whatever the
   * number of callers) and follow its state. Returns the unsubscribe function for `listener`.
   */
  registerIntegration(destinationId: string, listener?: IntegrationListener): () => void;
  integrationStatus(destinationId: string): IntegrationStatus | undefined;
  /** Taps see each new identify/track/page call the page makes; one may return the arguments to pass on (link-events). */
  readonly taps?: Set<BridgeTap>;
  /**
   * Publish at once what the bridge has seen but not yet published (it publishes in a microtask,
   * after the page's call): called before acting on a change that later messages must not cross.
   */
  flush?(): void;
}

/** `sdk`: the SDK object the call was made on; undefined for a call queued in the loading snippet. */
export type BridgeTap = (method: string, args: unknown[], sdk?: Record<string, unknown>) => unknown[] | void;

// --- The page's FullStory -------------------------------------------------------------------------

export type Properties = Record<string, unknown>;

/** A FullStory v2 call, as the forwarding side hands it to the handle. */
export type FsCall =
  | {op: 'setIdentity'; options: {uid: string; properties?: Properties; schema?: Properties}}
  | {op: 'setIdentity'; options: {anonymous: true}}
  | {op: 'setProperties'; options: {type: 'user' | 'page'; properties: Properties; schema?: Properties}}
  | {op: 'trackEvent'; options: {name: string; properties: Properties; schema?: Properties}};

/** The FullStory API function, as the snippet defines it. Typed loosely on purpose: we only queue into it. */
export interface FsFunction {
  (operation: string, options?: unknown, source?: string, apiVersion?: number): unknown;
  q?: unknown[][] | null;
  _api?: (...args: unknown[]) => unknown;
  _v?: string;
  _w?: Record<string, unknown>;
}

export type LoadState = 'loading' | 'ready' | 'blocked';
export type StatusListener = (handle: FullStoryHandle) => void;
export type SendCallback = (delivered: boolean, reason?: string) => void;

/** One page's FullStory, shared by every element and every copy of this library. */
export interface FullStoryHandle {
  readonly namespace: string;
  readonly org: string;
  readonly state: LoadState;
  /** Why the handle is in its state or not capturing: `code: sentence`, or a bare code. */
  readonly reason?: string;
  readonly sessionUrl?: string;
  /** FullStory's `start` observer fired (v1: `_fs_ready`) and no `shutdown` since. */
  readonly capturing: boolean;
  /** The FullStory API generation of the page's snippet: 2 takes v2 operations, 1 the v1 helpers. */
  readonly apiVersion: 1 | 2;
  /** Set in custom-integration mode: the one RudderStack destination this FullStory takes messages from. */
  readonly destinationId?: string;
  /** The last bus message forwarded into this FullStory: the exactly-once cursor. */
  forwardedSeq: number;
  /** Fingerprint of the user (identify, user properties) last sent, so two elements do not both send one identify. */
  identity: string | null;
  /** Calls waiting for fs.js to load. */
  readonly pending: number;
  /** True from a consent-gate `shutdown` until the `restart` that ends it. */
  readonly shutDown: boolean;
  onChange(listener: StatusListener): () => void;
  /**
   * Hand one call to FullStory. Until fs.js has loaded the call waits (bounded); `done` learns
   * whether it was delivered, or why not, exactly once.
   */
  send(call: FsCall, done: SendCallback): void;
  /**
   * FullStory's `shutdown`, held by `holder` (an element whose consent gate is closed) until it
   * releases it. Calls waiting for fs.js are dropped; forwarding state is kept.
   */
  shutdown(holder: object): void;
  /** `holder` no longer keeps FullStory shut down (it was re-enabled or left the page). */
  release(holder: object): void;
  /** FullStory's `restart` after a shutdown, unless some holder still keeps it shut down. */
  restart(): void;
}

/** What the page-wide rate limiter offers (SPEC §7). */
export interface RateLimiterLike {
  allow(call: FsCall | FsCall['op'], now: number): boolean;
}
