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
  /** Absolute script URL, already validated by `resolveConfig`: what the script tag loads (with `?org=`). */
  scriptUrl: string;
  /** The same script in FullStory's scheme-less `host/path` form, no query: what snippet 2.1 hands fs.js. */
  scriptEnv: string;
  /** FullStory's `appHost` (the host of session URLs), when given. */
  appHost?: string;
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
  /** Why the handle is in its state or not capturing: `code: sentence` (see `REASONS`). */
  readonly reason?: string;
  readonly sessionUrl?: string;
  /** FullStory's `start` observer fired (v1: `_fs_ready`) and no `shutdown` since. */
  readonly capturing: boolean;
  /** The FullStory API generation of the page's snippet: 2 takes v2 operations, 1 the v1 helpers. */
  readonly apiVersion: 1 | 2;
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
  appHost?: string | null;
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
  const scriptEnv = `${scriptUrl.host}${scriptUrl.pathname}`;
  scriptUrl.searchParams.set('org', org);
  const appHost = input.appHost?.trim() || undefined;
  if (appHost !== undefined && !HOST.test(appHost)) {
    return {ok: false, reason: `app-host "${appHost.slice(0, 80)}" is not a host name`};
  }

  const rawTimeout = Number(input.timeout ?? DEFAULT_TIMEOUT);
  const timeout = Number.isFinite(rawTimeout) && rawTimeout > 0 ? rawTimeout : DEFAULT_TIMEOUT;
  const nonce = input.nonce?.trim() || undefined;
  const destinationId = input.destinationId?.trim() || undefined;
  if (destinationId !== undefined && !DESTINATION_ID.test(destinationId)) {
    return {ok: false, reason: `destination-id "${destinationId.slice(0, 40)}" is not a RudderStack destination id`};
  }
  return {
    ok: true,
    config: {org, namespace, host, scriptUrl: scriptUrl.href, scriptEnv, appHost, nonce, timeout, destinationId},
  };
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
  // Snippet 2.x keeps the deprecated v1 helpers, forwarding to v2 operations at apiVersion 1, so a
  // v1 integration on the page (RudderStack's FullStory destination, Segment classic) still reaches FullStory.
  const v1 = (op: string, options: unknown, source?: string) => fs(op, options, source, 1);
  Object.assign(fs, {
    identify: (uid: unknown, properties?: unknown, source?: string) => v1('setIdentity', {uid, properties}, source),
    setUserVars: (properties: unknown, source?: string) => v1('setProperties', {type: 'user', properties}, source),
    event: (name: unknown, properties?: unknown, source?: string) => v1('trackEvent', {name, properties}, source),
    anonymize: () => v1('setIdentity', {anonymous: true}),
    shutdown: () => v1('shutdown', undefined),
    restart: () => v1('restart', undefined),
    log: (level: unknown, msg: unknown) => v1('log', {level, msg}),
    consent: (consent?: unknown) => v1('setIdentity', {consent: consent === undefined || !!consent}),
  });
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

// --- v1 snippets ---------------------------------------------------------------------------------

/** v1 type suffixes for a value FullStory v2 would type as `declared` (or infer). */
const V1_SUFFIX: Record<string, string> = {str: 'str', int: 'int', real: 'real', date: 'date', bool: 'bool'};
const V1_PLAIN = new Set(['displayName', 'email', 'uid']);

function v1Type(value: unknown, declared: unknown): string | undefined {
  if (typeof declared === 'string') return V1_SUFFIX[declared.replace(/s$/, '')];
  if (typeof value === 'string') return 'str';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'real';
  return undefined;
}

/**
 * v2 properties (typed by value or by `schema`) as v1 wants them: every custom key carries its type
 * suffix (`plan_str`, `total_real`, arrays plural), nested objects get the same treatment; FullStory's
 * special user fields (`displayName`, `email`) stay bare.
 */
export function toV1Properties(properties: unknown, schema?: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!properties || typeof properties !== 'object') return out;
  const types = (schema && typeof schema === 'object' ? schema : {}) as Record<string, unknown>;
  for (const [key, value] of Object.entries(properties as Record<string, unknown>)) {
    const declared = types[key];
    if (V1_PLAIN.has(key)) {
      out[key] = value;
    } else if (Array.isArray(value)) {
      const type = v1Type(
        value.find(v => v !== null && v !== undefined),
        declared,
      );
      if (type) out[`${key}_${type}s`] = value;
    } else if (value !== null && typeof value === 'object') {
      out[key] = toV1Properties(value, declared);
    } else {
      const type = v1Type(value, declared);
      if (type) out[`${key}_${type}`] = value;
    }
  }
  return out;
}

/** Hand one v2-shaped call to a v1 FullStory through the helpers v1 snippets define. */
/** A call as the loader hands it on: the mapped data calls plus its own `shutdown` / `restart`. */
type AnyCall = {op: string; options?: unknown};

function callV1(fs: FsFunction, call: AnyCall): boolean {
  const api = fs as unknown as Record<string, ((...args: unknown[]) => unknown) | undefined>;
  const options = call.options as Record<string, unknown> & {
    schema?: {properties?: unknown};
  };
  const props = () => toV1Properties(options.properties, options.schema?.properties);
  switch (call.op) {
    case 'setIdentity':
      if (options.anonymous === true) return !!api.anonymize && (api.anonymize(), true);
      return !!api.identify && (api.identify(options.uid, props()), true);
    case 'setProperties':
      if (options.type === 'user') return !!api.setUserVars && (api.setUserVars(props()), true);
      return !!api.setVars && (api.setVars('page', props()), true);
    case 'trackEvent':
      return !!api.event && (api.event(options.name, props()), true);
    case 'shutdown':
    case 'restart':
      return !!api[call.op] && (api[call.op]!(), true);
    default:
      return false;
  }
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

/**
 * Stable reason codes, each with the sentence the element reports after it (`code: sentence`).
 * FullStory's shutdown reasons are its documented codes (`shutdown` observer `{reason}`).
 */
export const CAPTURE_REASONS: Record<number, [string, string]> = {
  0: ['capture-shutdown', "FullStory was shut down (FS('shutdown')); FS('restart') resumes capture"],
  1: ['capture-no-account', 'FullStory has no account for this org id; check the org attribute'],
  2: ['capture-account-disabled', "this FullStory account is disabled; see FullStory's account settings"],
  3: ['capture-over-quota', 'the FullStory org is over its session quota: capture is paused until the next cycle'],
  4: ['capture-domain-filtered', "FullStory's settings exclude this domain from capture"],
  5: ['capture-ip-filtered', "FullStory's settings exclude this visitor's IP address from capture"],
  6: ['capture-user-agent-filtered', 'FullStory does not capture this user agent (bots, headless browsers, filters)'],
  7: ['capture-geography-filtered', "FullStory's settings exclude this visitor's geography from capture"],
  8: ['capture-ramping', 'FullStory is ramping traffic: this session is not sampled for capture'],
};

export function captureReason(code: unknown): string {
  const known = typeof code === 'number' ? CAPTURE_REASONS[code] : undefined;
  return known
    ? `${known[0]}: ${known[1]}`
    : `capture-stopped: FullStory stopped capture (shutdown reason ${String(code)})`;
}

export const NOT_STARTED =
  'capture-pending: FullStory is loaded and keeps calls until capture starts (settings loading, or capture held with _fs_capture_on_startup = false until FS("start"))';

/** How often a loading FullStory is checked for fs.js having installed `_api`. */
const LIVE_POLL = 50;
/** The same check once `timeout` has passed without fs.js. */
const LATE_POLL = 500;

function startFullStory(config: FullStoryConfig, doc: Document, adoptedFs: FsFunction | undefined): FullStoryHandle {
  const listeners = new Set<StatusListener>();
  const pending: {call: FsCall; done: SendCallback}[] = [];
  const holders = new Set<object>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let poll: ReturnType<typeof setInterval> | undefined;
  let stopWatching = () => {};
  let script: HTMLScriptElement | undefined;
  let refused: string | undefined;
  /** The script failed for good (error, CSP, Trusted Types): nothing is kept any more. */
  let failed = false;
  if (!adoptedFs) {
    // Before anything touches the page: if Trusted Types refuse the URL, nothing is left behind.
    try {
      script = createScript(config, doc);
    } catch (error) {
      refused = `trusted-types: Trusted Types refused the fs.js URL; allow the '${POLICY_NAME}' policy in the page's trusted-types directive (${(error as Error)?.message ?? error})`;
    }
  }
  const fs: FsFunction = adoptedFs ?? (refused ? () => null : createQueueStub());
  // FullStory's docs: `_v` 2.x is the v2 API; `1.x` or no `_v` at all is a v1 snippet.
  const apiVersion: 1 | 2 = /^2\./.test(String(fs._v ?? '')) ? 2 : 1;
  const win = globalThis as unknown as Record<string, unknown>;
  /** The session-URL query last asked: only the newest answer counts. */
  let sessionQuery = 0;
  /** The uid last handed to FullStory: a different one splits the session. */
  let lastUid: string | null = null;
  /** The reason of FullStory's last `shutdown`, until capture starts again. */
  let shutdownReason: string | undefined;

  const handle = {
    namespace: config.namespace,
    org: config.org,
    state: 'loading' as LoadState,
    reason: undefined as string | undefined,
    sessionUrl: undefined as string | undefined,
    capturing: false,
    apiVersion,
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
        done(deliver(call), 'unsupported-by-v1');
      } else if (failed) {
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
      deliver({op: 'shutdown'});
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
      deliver({op: 'restart'});
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

  /** Hand one call to FullStory now, in the API generation the page's snippet speaks. */
  const deliver = (call: AnyCall): boolean => {
    let moves = call.op === 'restart';
    if (call.op === 'setIdentity') {
      const options = call.options as {uid?: string; anonymous?: boolean};
      const uid = options.anonymous === true ? null : (options.uid ?? lastUid);
      // identify / anonymize docs: a different uid, or anonymizing an identified user, starts a new session.
      moves = lastUid !== null && uid !== lastUid;
      lastUid = uid;
    }
    let delivered = true;
    if (apiVersion === 1) delivered = callV1(fs, call);
    else if (call.options === undefined) fs(call.op);
    else fs(call.op, call.options);
    if (moves && delivered) refreshSession();
    return delivered;
  };

  /** FullStory's current session URL, asked again after something that can start a new session. */
  const refreshSession = () => {
    const query = ++sessionQuery;
    const apply = (url: unknown) => {
      if (query !== sessionQuery || typeof url !== 'string' || url === handle.sessionUrl) return;
      handle.sessionUrl = url;
      if (handle.capturing) notify();
    };
    if (apiVersion === 1) {
      setTimeout(() => apply(readV1Session()), 0);
      return;
    }
    try {
      // The Async variant resolves once capture runs and rejects when FullStory will not capture.
      Promise.resolve(fs('getSessionAsync', {format: 'url'})).then(apply, () => {});
    } catch {
      // a FullStory that throws here keeps the URL it had
    }
  };

  const readV1Session = (): string | undefined => {
    try {
      const url = (fs as unknown as {getCurrentSessionURL?: () => unknown}).getCurrentSessionURL?.();
      return typeof url === 'string' ? url : undefined;
    } catch {
      return undefined;
    }
  };

  const onStart = (sessionUrl: unknown) => {
    handle.capturing = true;
    handle.sessionUrl = typeof sessionUrl === 'string' ? sessionUrl : handle.sessionUrl;
    shutdownReason = undefined;
    // Observers can fire while fs.js replays the queue, before `ready`: that then reports them.
    if (handle.state !== 'ready') return;
    handle.reason = undefined;
    notify();
  };
  const onShutdown = (reason: unknown) => {
    handle.capturing = false;
    handle.sessionUrl = undefined;
    shutdownReason = captureReason(reason);
    if (handle.state !== 'ready') return;
    handle.reason = shutdownReason;
    notify();
  };

  /** fs.js has installed `_api` and taken the snippet's queue: FullStory's API is live. */
  const isLive = () => typeof fs._api === 'function';
  const becomeReady = () => {
    if (handle.state === 'ready') return;
    clearTimeout(timer);
    clearInterval(poll);
    stopWatching();
    handle.state = 'ready';
    handle.reason = handle.capturing ? undefined : (shutdownReason ?? NOT_STARTED);
    // In order, and before anything sent after this point. FullStory keeps what comes before capture.
    for (const {call, done} of pending.splice(0)) done(deliver(call), 'unsupported-by-v1');
    if (apiVersion === 1) {
      const url = readV1Session();
      if (url) return onStart(url);
    }
    notify();
  };
  const check = () => {
    if (isLive()) becomeReady();
  };

  const block = (reason: string, final: boolean) => {
    if (handle.state === 'ready' || failed) return;
    clearTimeout(timer);
    if (final) {
      failed = true;
      clearInterval(poll);
      stopWatching();
      // A script that failed to load is final: do what the snippet does, and drop what waited, counted.
      if (script) failQueue(fs, `Error loading ${config.scriptUrl}`);
      for (const {done} of pending.splice(0)) done(false, 'blocked');
    }
    // After a mere timeout a slow fs.js may still arrive: what waits is kept (bounded) for it. Our own
    // script's `load` says when; an adopted snippet's fs.js is looked for, less often from now on.
    else {
      clearInterval(poll);
      poll = setInterval(check, LATE_POLL);
    }
    handle.state = 'blocked';
    handle.reason = reason;
    notify();
  };

  if (refused) {
    block(refused, true);
    return handle;
  }
  if (!adoptedFs) {
    win[config.namespace] = fs;
    // Snippet 2.1 hands fs.js its environment as the first queued operation: the script scheme-less,
    // without query; `appHost` as @fullstory/browser passes it.
    const env: Record<string, string> = {orgId: config.org, host: config.host, script: config.scriptEnv};
    if (config.appHost) env.appHost = config.appHost;
    fs('init', {env});
  }

  timer = setTimeout(
    () => block(`timeout: fs.js did not load within ${config.timeout} ms (slow network, or blocked)`, false),
    config.timeout,
  );

  if (apiVersion === 2) {
    fs('observe', {type: 'start', callback: ({sessionUrl}: {sessionUrl?: string} = {}) => onStart(sessionUrl)});
    fs('observe', {type: 'shutdown', callback: ({reason}: {reason?: number} = {}) => onShutdown(reason)});
  } else {
    // v1 has no observers: its one signal is the page-wide `_fs_ready` callback, kept chained.
    const previous = win._fs_ready;
    win._fs_ready = function (this: unknown, ...args: unknown[]) {
      check();
      onStart(readV1Session());
      if (typeof previous === 'function') return previous.apply(this, args);
      return undefined;
    };
  }

  check();
  if (handle.state !== 'ready') poll = setInterval(check, LIVE_POLL);
  if (script && handle.state === 'loading') {
    // Ad blockers and network errors surface here; a late fs.js is found by `check`.
    script.addEventListener('error', () =>
      block('script-error: fs.js could not be loaded (ad blocker, network, or wrong script URL)', true),
    );
    script.addEventListener('load', check);
    // Browsers fire CSP violations at the document, with the refused URL (or only its origin).
    const onViolation = (event: SecurityPolicyViolationEvent) => {
      const directive = event.effectiveDirective || event.violatedDirective || '';
      const blocked = (event.blockedURI || '').replace(/\/$/, '');
      if (
        event.target !== script &&
        !(directive.startsWith('script-src') && blocked && config.scriptUrl.startsWith(blocked))
      )
        return;
      block(`csp: fs.js was refused by the page's Content-Security-Policy (${directive})`, true);
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
