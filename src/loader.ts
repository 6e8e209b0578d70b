/**
 * The FullStory loader: one FullStory per page, loaded the way FullStory's own snippet does it,
 * but safe under a strict CSP and Trusted Types, and honest about whether it actually started.
 *
 * The official snippet sets `window[namespace]` to a queueing function, then injects fs.js, which
 * drains the queue and installs `FS._api`. We follow that contract exactly (so the real fs.js and
 * any other code that uses the stub keep working) and add what the snippet leaves out: a nonce, a
 * Trusted Types policy, and a status that only says `ready` once FullStory's `start` observer fires.
 *
 * State is page-wide (a registry under a registered symbol) because two elements, two bundles, or
 * a snippet pasted in the page head must all end up with the same single FullStory.
 */
import type {FsCall} from './mapping.js';
import {RateLimiter} from './hygiene.js';

export type LoadState = 'loading' | 'ready' | 'blocked';

export interface FullStoryConfig {
  org: string;
  namespace: string;
  /** Recording host, `fullstory.com` unless proxied. */
  host: string;
  /** Absolute script URL, already validated by `resolveConfig`. */
  scriptUrl: string;
  nonce?: string;
  timeout: number;
  /** RudderStack custom-integration mode: the destination whose deliveries feed this FullStory. */
  destinationId?: string;
}

/** The FullStory API function, as the snippet defines it. Typed loosely on purpose: we only queue into it. */
export interface FsFunction {
  (operation: string, options?: unknown, source?: string, apiVersion?: number): unknown;
  q?: unknown[][] | null;
  _api?: (...args: unknown[]) => unknown;
  _v?: string;
  _w?: Record<string, unknown>;
}

export type StatusListener = (handle: FullStoryHandle) => void;
export type SendCallback = (delivered: boolean, reason?: string) => void;

/**
 * One page's FullStory, shared by every element and every copy of this library. Its shape is a
 * contract between library versions on one page: only add to it.
 */
export interface FullStoryHandle {
  readonly namespace: string;
  readonly org: string;
  readonly state: LoadState;
  readonly reason?: string;
  readonly sessionUrl?: string;
  /** True when FullStory was already on the page and we only adopted it. */
  readonly adopted: boolean;
  /** Set in custom-integration mode: the one RudderStack destination this FullStory takes messages from. */
  readonly destinationId?: string;
  /** Client-side rate limits are per page, so they live with the page's FullStory. */
  readonly limiter: RateLimiter;
  /** The last bus message forwarded into this FullStory: the exactly-once cursor. */
  forwardedSeq: number;
  /** Identity fingerprint last sent, shared so two elements do not both send one identify. */
  identity: string | null;
  /** Calls waiting for FullStory to start. */
  readonly pending: number;
  /** True from a consent-gate `shutdown` until the `restart` that ends it. */
  readonly shutDown: boolean;
  onChange(listener: StatusListener): () => void;
  /**
   * Hand one call to FullStory. Before FullStory starts the call waits (bounded); `done` learns
   * whether it was delivered, or why not, exactly once.
   */
  send(call: FsCall, done: SendCallback): void;
  /**
   * FullStory's `shutdown`, held by `holder` (an element whose consent gate is closed) until it
   * releases it. Calls waiting for FullStory to start are dropped; forwarding state is kept.
   */
  shutdown(holder: object): void;
  /** `holder` no longer keeps FullStory shut down (it was re-enabled or left the page). */
  release(holder: object): void;
  /** FullStory's `restart` after a shutdown, unless some holder still keeps it shut down. */
  restart(): void;
}

export interface ConfigInput {
  org?: string | null;
  host?: string | null;
  script?: string | null;
  namespace?: string | null;
  debug?: boolean;
  timeout?: number | string | null;
  nonce?: string | null;
  /** The namespace of a FullStory already on the page, used when `namespace` is not given. */
  pageNamespace?: string;
  destinationId?: string | null;
  /** `location.href` of the page, for same-origin paths. */
  base: string;
}

export type ConfigResult = {ok: true; config: FullStoryConfig} | {ok: false; reason: string};

/** `o-1A2B3C-na1` style ids, and the older plain ids FullStory still honours. */
const ORG_ID = /^(o-[A-Za-z0-9]+-[a-z]{2}[0-9]+|[A-Za-z0-9]{3,24})$/;
const HOST = /^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*(:[0-9]{1,5})?$/;
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
/** Globals a misconfigured `namespace` could clobber. */
const FORBIDDEN_NAMESPACES = new Set([
  'window',
  'self',
  'top',
  'parent',
  'document',
  'location',
  'globalThis',
  'frames',
  'opener',
  'name',
  'length',
  'eval',
  'Function',
  'Object',
  'constructor',
  '__proto__',
  'prototype',
]);
const LOOPBACK = /^(localhost|127(\.[0-9]{1,3}){3}|\[::1\])$/;
/** RudderStack destination ids are opaque tokens of letters, digits, `-` and `_`. */
const DESTINATION_ID = /^[A-Za-z0-9_-]{1,128}$/;

export const DEFAULT_TIMEOUT = 10_000;
/** Calls kept while FullStory loads: enough for a busy page's start, bounded for a blocked one. */
export const PENDING_LIMIT = 200;

function defaultsFor(org: string, debug: boolean): {host: string; script: string} {
  // EU orgs live on FullStory's EU hosts; everything else on the default ones.
  const region = org.endsWith('-eu1') ? 'eu1.' : '';
  return {
    host: `${region}fullstory.com`,
    script: `edge.${region}fullstory.com/s/${debug ? 'fs-debug.js' : 'fs.js'}`,
  };
}

/**
 * Turn `script` into an absolute URL, accepting only the forms §5 allows: FullStory's scheme-less
 * `host/path` (https implied), `https:` URLs, paths on the page's own origin (also written out in
 * full, which is what the Trusted Types policy sees), and `http:` on a loopback host. Everything
 * else — `javascript:`, `data:`, `blob:`, foreign `http:` — is refused before any URL reaches the DOM.
 */
export function resolveScriptUrl(script: string, base: string): URL | null {
  const value = script.trim();
  if (value === '' || /[\s\u0000-\u001f\\]/.test(value)) return null;
  let url: URL;
  try {
    if (/^\.{0,2}\//.test(value) && !value.startsWith('//')) {
      url = new URL(value, base); // a path on the page's own origin
      if (url.origin !== new URL(base).origin) return null;
      return url;
    }
    if (value.startsWith('//')) url = new URL(`https:${value}`);
    else if (/^[a-z][a-z0-9+.-]*:/i.test(value) && !/^[^/:]+:[0-9]+(\/|$)/.test(value)) url = new URL(value);
    else url = new URL(`https://${value}`); // FullStory's own scheme-less form
  } catch {
    return null;
  }
  if (url.username || url.password) return null;
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && (LOOPBACK.test(url.hostname) || url.origin === originOf(base))) return url;
  return null;
}

function originOf(base: string): string | undefined {
  try {
    return new URL(base).origin;
  } catch {
    return undefined;
  }
}

/** Validate the element's attributes into a load configuration, or say what is wrong. */
export function resolveConfig(input: ConfigInput): ConfigResult {
  const org = (input.org ?? '').trim();
  if (org === '') return {ok: false, reason: 'org attribute is missing'};
  if (!ORG_ID.test(org)) return {ok: false, reason: `org "${org.slice(0, 40)}" is not a FullStory org id`};

  const namespace = (input.namespace ?? '').trim() || input.pageNamespace || 'FS';
  if (!IDENTIFIER.test(namespace) || FORBIDDEN_NAMESPACES.has(namespace)) {
    return {ok: false, reason: `namespace "${namespace.slice(0, 40)}" is not a usable global name`};
  }

  const defaults = defaultsFor(org, input.debug === true);
  const host = (input.host ?? '').trim() || defaults.host;
  if (!HOST.test(host)) return {ok: false, reason: `host "${host.slice(0, 80)}" is not a host name`};

  const scriptUrl = resolveScriptUrl((input.script ?? '').trim() || defaults.script, input.base);
  if (!scriptUrl) return {ok: false, reason: 'script is not an https URL, a same-origin path or a loopback http URL'};
  // What fs.js expects to find on its own URL (snippet 2.1).
  scriptUrl.searchParams.set('org', org);

  const rawTimeout = Number(input.timeout ?? DEFAULT_TIMEOUT);
  const timeout = Number.isFinite(rawTimeout) && rawTimeout > 0 ? rawTimeout : DEFAULT_TIMEOUT;
  const nonce = input.nonce?.trim() || undefined;
  const destinationId = input.destinationId?.trim() || undefined;
  if (destinationId !== undefined && !DESTINATION_ID.test(destinationId)) {
    return {ok: false, reason: `destination-id "${destinationId.slice(0, 40)}" is not a RudderStack destination id`};
  }
  return {ok: true, config: {org, namespace, host, scriptUrl: scriptUrl.href, nonce, timeout, destinationId}};
}

/** The page's CSP nonce when the element was not given one: a `<meta>` convention, then any nonced script. */
export function findPageNonce(doc: Document): string | undefined {
  const meta = doc.querySelector<HTMLMetaElement>('meta[name="csp-nonce"], meta[property="csp-nonce"]');
  const fromMeta = meta?.nonce || meta?.content;
  if (fromMeta) return fromMeta;
  // `.nonce`, not the attribute: under a header-delivered CSP the attribute reads back as ''.
  for (const script of doc.querySelectorAll<HTMLScriptElement>('script[nonce]')) {
    if (script.nonce) return script.nonce;
  }
  return undefined;
}

/**
 * Where a FullStory that is already on the page lives, when that is not the default `window.FS`:
 * the classic snippet's `_fs_namespace` setting, or the `data-fs-namespace` of a snippet's script.
 * An element without a `namespace` adopts it rather than loading FullStory a second time.
 */
export function findPageNamespace(doc: Document): string | undefined {
  const win = globalThis as unknown as Record<string, unknown>;
  if (isFullStory(win.FS)) return undefined;
  const named = [...doc.querySelectorAll('script[data-fs-namespace]')].map(script =>
    script.getAttribute('data-fs-namespace'),
  );
  return [win._fs_namespace, ...named].find(
    (name): name is string => typeof name === 'string' && IDENTIFIER.test(name) && isFullStory(win[name]),
  );
}

// --- Trusted Types -------------------------------------------------------------------------------

interface TrustedTypePolicyLike {
  createScriptURL(input: string): unknown;
}
interface TrustedTypesLike {
  createPolicy(name: string, rules: {createScriptURL(input: string): string}): TrustedTypePolicyLike;
}

const POLICY_KEY = Symbol.for('rudder-fullstory.trusted-types-policy');
export const POLICY_NAME = 'rudder-fullstory';

/**
 * The URL as a TrustedScriptURL when the page enforces Trusted Types. The policy accepts only URLs
 * that `resolveScriptUrl` itself would produce, so it cannot be used to smuggle anything else.
 * One policy per page: creating the same name twice fails unless the CSP says 'allow-duplicates'.
 * If the page's `trusted-types` directive does not list the policy, the plain string is returned:
 * a page's own default policy may still accept it, and if not, the assignment throws.
 */
function toScriptURL(url: string): unknown {
  const tt = (globalThis as {trustedTypes?: TrustedTypesLike}).trustedTypes;
  if (!tt || typeof tt.createPolicy !== 'function') return url;
  const host = globalThis as unknown as Record<symbol, TrustedTypePolicyLike | undefined>;
  let policy = host[POLICY_KEY];
  if (!policy) {
    try {
      policy = tt.createPolicy(POLICY_NAME, {
        createScriptURL(input: string) {
          const checked = resolveScriptUrl(input, String(globalThis.location?.href));
          if (!checked || checked.href !== input) throw new TypeError(`${POLICY_NAME}: refused script URL`);
          return input;
        },
      });
    } catch {
      return url;
    }
    Object.defineProperty(host, POLICY_KEY, {value: policy, configurable: true});
  }
  return policy.createScriptURL(url);
}

// --- The snippet's queue --------------------------------------------------------------------------

const isFullStory = (value: unknown): value is FsFunction =>
  typeof value === 'function' && ('q' in value || '_api' in value || '_v' in value);

/**
 * Define `window[namespace]` exactly as FullStory's snippet would: calls queue on `q` as
 * `[operation, options, source, resolve, reject, apiVersion]` until fs.js installs `_api`;
 * `…Async` operations return a Promise whose settle functions travel in the entry.
 */
export function createQueueStub(): FsFunction {
  const fs: FsFunction = function (operation: string, options?: unknown, source?: string, apiVersion = 2) {
    const enqueue = (op: string, resolve?: unknown, reject?: unknown) =>
      fs._api
        ? fs._api(op, options, source, resolve, reject, apiVersion)
        : (fs.q && fs.q.push([op, options, source, resolve, reject, apiVersion]), null);
    if (typeof operation === 'string' && operation.endsWith('Async')) {
      const op = operation.slice(0, -5);
      return new Promise((resolve, reject) => enqueue(op, resolve, reject));
    }
    return enqueue(operation);
  } as FsFunction;
  fs.q = [];
  const win = globalThis as unknown as Record<string, unknown>;
  // fs.js captures network through the originals the snippet kept before other libraries wrap them.
  fs._w = {XMLHttpRequest: win.XMLHttpRequest, fetch: win.fetch};
  if (typeof win.fetch === 'function') {
    win.fetch = function (this: unknown, ...args: unknown[]) {
      return (fs._w!.fetch as (...a: unknown[]) => unknown).apply(this, args);
    };
  }
  fs._v = '2.1.0';
  return fs;
}

/** What the snippet does on a load error: reject queued Async calls, make later ones reject, keep nothing. */
function failQueue(fs: FsFunction, message: string): void {
  const q = fs.q;
  if (!q) return;
  const reject = (entry: unknown[]) => {
    if (typeof entry[4] === 'function') (entry[4] as (e: Error) => void)(new Error(message));
    return 0;
  };
  for (const entry of q) reject(entry);
  q.length = 0;
  q.push = (...entries: unknown[][]) => {
    entries.forEach(reject);
    return 0;
  };
}

// --- The page-wide registry ------------------------------------------------------------------------

const REGISTRY_KEY = Symbol.for('rudder-fullstory.instances');

function registry(): Map<string, FullStoryHandle> {
  const host = globalThis as unknown as Record<symbol, Map<string, FullStoryHandle> | undefined>;
  let map = host[REGISTRY_KEY];
  if (!map) {
    map = new Map();
    Object.defineProperty(host, REGISTRY_KEY, {value: map, configurable: true});
  }
  return map;
}

export type AcquireResult = {ok: true; handle: FullStoryHandle} | {ok: false; reason: string};

/** The page's FullStory in this namespace, if this library (any copy of it) has one. Loads nothing. */
export function findFullStory(namespace: string): FullStoryHandle | undefined {
  return registry().get(namespace);
}

/**
 * The page's FullStory for this configuration: the one already loading or loaded in that namespace,
 * a FullStory snippet found on the page (adopted, not loaded twice), or a new load. One page records
 * into one org: a different org is refused, whoever loaded the first.
 */
export function acquireFullStory(config: FullStoryConfig, doc: Document = document): AcquireResult {
  const existing = registry().get(config.namespace);
  if (existing) {
    if (existing.org !== config.org) {
      return {ok: false, reason: `FullStory is already running on this page for org ${existing.org}`};
    }
    // One FullStory fed from two sources would get every call twice.
    if (existing.destinationId !== config.destinationId) {
      const mode = existing.destinationId ? `destination-id ${existing.destinationId}` : 'observer mode';
      return {
        ok: false,
        reason: `FullStory in namespace ${config.namespace} already takes calls in ${mode}; elements sharing it need the same destination-id`,
      };
    }
    return {ok: true, handle: existing};
  }
  const win = globalThis as unknown as Record<string, unknown>;
  const present = win[config.namespace];
  if (present !== undefined && !isFullStory(present)) {
    return {ok: false, reason: `window.${config.namespace} is taken by something that is not FullStory`};
  }
  const adopted = isFullStory(present) ? present : undefined;
  const adoptedOrg = adopted && pageOrg(adopted, config.namespace, doc);
  if (adoptedOrg && adoptedOrg !== config.org) {
    return {
      ok: false,
      reason: `FullStory is already running on this page for org ${adoptedOrg} (loaded by a snippet or another tool)`,
    };
  }
  const handle = startFullStory(config, doc, adopted);
  registry().set(config.namespace, handle);
  return {ok: true, handle};
}

/** The org a FullStory found on the page records into, where the page says so. */
function pageOrg(fs: FsFunction, namespace: string, doc: Document): string | undefined {
  const init = fs.q?.find(entry => Array.isArray(entry) && entry[0] === 'init');
  const fromInit = (init?.[1] as {env?: {orgId?: unknown}} | undefined)?.env?.orgId;
  if (typeof fromInit === 'string') return fromInit;
  const win = globalThis as unknown as Record<string, unknown>;
  if (typeof win._fs_org === 'string' && (win._fs_namespace ?? 'FS') === namespace) return win._fs_org;
  for (const script of doc.querySelectorAll<HTMLScriptElement>('script[data-fs-namespace]')) {
    if (script.getAttribute('data-fs-namespace') !== namespace) continue;
    const org = originOf(script.src) && new URL(script.src).searchParams.get('org');
    if (org) return org;
  }
  return undefined;
}

/** The script tag the snippet would inject, with a nonce and a Trusted Types URL. Throws if Trusted Types refuse it. */
function createScript(config: FullStoryConfig, doc: Document): HTMLScriptElement {
  const script = doc.createElement('script');
  script.async = true;
  script.crossOrigin = 'anonymous';
  if (config.nonce) script.nonce = config.nonce;
  script.setAttribute('data-fs-namespace', config.namespace);
  (script as {src: unknown}).src = toScriptURL(config.scriptUrl);
  return script;
}

function startFullStory(config: FullStoryConfig, doc: Document, adoptedFs: FsFunction | undefined): FullStoryHandle {
  const listeners = new Set<StatusListener>();
  const pending: {call: FsCall; done: SendCallback}[] = [];
  const holders = new Set<object>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopWatching = () => {};
  let script: HTMLScriptElement | undefined;
  let refused: string | undefined;
  if (!adoptedFs) {
    // Before anything touches the page: if Trusted Types refuse the URL, nothing is left behind.
    try {
      script = createScript(config, doc);
    } catch (error) {
      refused = `Trusted Types refused the fs.js URL; allow the '${POLICY_NAME}' policy in the page's trusted-types directive (${(error as Error)?.message ?? error})`;
    }
  }
  const fs: FsFunction = adoptedFs ?? (refused ? () => null : createQueueStub());

  const handle = {
    namespace: config.namespace,
    org: config.org,
    state: 'loading' as LoadState,
    reason: undefined as string | undefined,
    sessionUrl: undefined as string | undefined,
    adopted: adoptedFs !== undefined,
    destinationId: config.destinationId,
    limiter: new RateLimiter(),
    forwardedSeq: 0,
    identity: null as string | null,
    shutDown: false,
    get pending() {
      return pending.length;
    },
    onChange(listener: StatusListener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    send(call: FsCall, done: SendCallback) {
      if (handle.shutDown) {
        done(false, 'disabled');
      } else if (handle.state === 'ready') {
        fs(call.op, call.options);
        done(true);
      } else if (handle.state === 'blocked') {
        done(false, 'blocked');
      } else if (pending.length >= PENDING_LIMIT) {
        done(false, 'queue-full');
      } else {
        pending.push({call, done});
      }
    },
    shutdown(holder: object) {
      holders.add(holder);
      if (handle.shutDown) return;
      handle.shutDown = true;
      fs('shutdown');
      // Sent before the gate closed, but FullStory will not take them now: dropped and counted.
      for (const {done} of pending.splice(0)) done(false, 'disabled');
      notify();
    },
    release(holder: object) {
      holders.delete(holder);
    },
    restart() {
      if (!handle.shutDown || holders.size > 0) return;
      handle.shutDown = false;
      fs('restart');
      notify();
    },
  };

  const notify = () => {
    for (const listener of [...listeners]) {
      try {
        listener(handle);
      } catch (error) {
        console.error('[rudder-fullstory]', error);
      }
    }
  };
  const settle = (state: LoadState, reason?: string, final = false) => {
    // A script that failed to load is final: do what the snippet does. After a mere timeout a slow
    // fs.js may still arrive and drain the queue, so it is left in place (we stop adding to it).
    if (final && script) failQueue(fs, `Error loading ${config.scriptUrl}`);
    if (handle.state === state) return;
    handle.state = state;
    handle.reason = reason;
    clearTimeout(timer);
    stopWatching();
    // In order, and before anything sent after this point; or, once blocked, dropped and counted.
    for (const {call, done} of pending.splice(0)) {
      if (state === 'ready') fs(call.op, call.options);
      done(state === 'ready', 'blocked');
    }
    notify();
  };

  if (refused) {
    settle('blocked', refused);
    return handle;
  }
  if (!adoptedFs) {
    (globalThis as unknown as Record<string, unknown>)[config.namespace] = fs;
    // Snippet 2.1 hands fs.js its environment as the first queued operation.
    fs('init', {env: {orgId: config.org, host: config.host, script: config.scriptUrl}});
  }

  // Only a FullStory that has not started can time out; a late start still turns blocked into ready.
  timer = setTimeout(() => {
    if (handle.state === 'loading') settle('blocked', `FullStory did not start within ${config.timeout} ms`);
  }, config.timeout);

  fs('observe', {
    type: 'start',
    callback: ({sessionUrl}: {sessionUrl?: string} = {}) => {
      handle.sessionUrl = typeof sessionUrl === 'string' ? sessionUrl : undefined;
      if (handle.state === 'ready') notify();
      else settle('ready');
    },
  });

  if (script && handle.state === 'loading') {
    // Ad blockers and CSP both surface here; the start observer covers the rest (timeout).
    script.addEventListener('error', () =>
      settle('blocked', 'fs.js could not be loaded (blocked or unreachable)', true),
    );
    // Browsers fire CSP violations at the document, with the refused URL (or only its origin).
    const onViolation = (event: SecurityPolicyViolationEvent) => {
      const directive = event.effectiveDirective || event.violatedDirective || '';
      const blocked = (event.blockedURI || '').replace(/\/$/, '');
      if (
        event.target !== script &&
        !(directive.startsWith('script-src') && blocked && config.scriptUrl.startsWith(blocked))
      )
        return;
      settle('blocked', `fs.js was refused by the page's Content-Security-Policy (${directive})`, true);
    };
    doc.addEventListener('securitypolicyviolation', onViolation);
    stopWatching = () => doc.removeEventListener('securitypolicyviolation', onViolation);
    (doc.head ?? doc.documentElement).appendChild(script);
  }
  return handle;
}

/** Forget every FullStory this library loaded on the page. For tests that need a blank page. */
export function resetRegistryForTests(): void {
  const map = registry();
  for (const handle of map.values()) delete (globalThis as unknown as Record<string, unknown>)[handle.namespace];
  map.clear();
}
