/**
 * FullStory's snippet, done safely: the queueing stub `window[namespace]` (exactly the contract
 * fs.js expects), the Trusted Types policy for its URL, and the nonced script tag.
 */
import {POLICY_KEY, type FsFunction} from '../contracts.js';
import {isFn, pageSingleton} from '../page.js';
import {resolveScriptUrl, type FullStoryConfig} from './config.js';

interface TrustedTypePolicyLike {
  createScriptURL(input: string): unknown;
}
interface TrustedTypesLike {
  createPolicy(name: string, rules: {createScriptURL(input: string): string}): TrustedTypePolicyLike;
}

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
  let policy: TrustedTypePolicyLike | undefined;
  try {
    policy = pageSingleton(POLICY_KEY, Boolean, () =>
      tt!.createPolicy(POLICY_NAME, {
        createScriptURL(input: string) {
          if (resolveScriptUrl(input, location.href)?.href !== input)
            throw new TypeError(`${POLICY_NAME}: refused script URL`);
          return input;
        },
      }),
    );
  } catch {
    // no Trusted Types here (`tt` undefined), or the policy is left out of the page's trusted-types
    // directive: the plain string, for a default policy
  }
  return policy ? policy.createScriptURL(url) : url;
}

export const isFullStory = (value: unknown): value is FsFunction =>
  isFn(value) && ('q' in value || '_api' in value || '_v' in value);

/**
 * Define `window[namespace]` exactly as FullStory's snippet would: calls queue on `q` as
 * `[operation, options, source, resolve, reject, apiVersion]` until fs.js installs `_api`;
 * `…Async` operations return a Promise whose settle functions travel in the entry.
 */
export function createQueueStub(): FsFunction {
  const fs = ((operation: string, options?: unknown, source?: string, apiVersion = 2) => {
    const enqueue = (op: string, resolve?: unknown, reject?: unknown) =>
      fs._api
        ? fs._api(op, options, source, resolve, reject, apiVersion)
        : (fs.q?.push([op, options, source, resolve, reject, apiVersion]), null);
    return /Async$/.test(operation)
      ? new Promise((resolve, reject) => enqueue(operation.slice(0, -5), resolve, reject))
      : enqueue(operation);
  }) as FsFunction;
  fs.q = [];
  const win = globalThis as unknown as Record<string, unknown>;
  // fs.js captures network through the originals the snippet kept before other libraries wrap them.
  fs._w = {XMLHttpRequest: win.XMLHttpRequest, fetch: win.fetch};
  if (isFn(win.fetch)) {
    win.fetch = function (this: unknown, ...args: unknown[]) {
      return (fs._w!.fetch as (...a: unknown[]) => unknown).apply(this, args);
    };
  }
  // Snippet 2.x keeps the deprecated v1 helpers, forwarding to v2 operations at apiVersion 1, so a
  // v1 integration on the page (RudderStack's FullStory destination, Segment classic) still reaches FullStory.
  const v1 = (op: string, options?: unknown, source?: string) => fs(op, options, source, 1);
  Object.assign(fs, {
    identify: (uid: unknown, properties?: unknown, source?: string) => v1('setIdentity', {uid, properties}, source),
    setUserVars: (properties: unknown, source?: string) => v1('setProperties', {type: 'user', properties}, source),
    event: (name: unknown, properties?: unknown, source?: string) => v1('trackEvent', {name, properties}, source),
    anonymize: () => v1('setIdentity', {anonymous: true}),
    shutdown: () => v1('shutdown'),
    restart: () => v1('restart'),
    log: (level: unknown, msg: unknown) => v1('log', {level, msg}),
    consent: (consent?: unknown) => v1('setIdentity', {consent: consent === undefined || !!consent}),
  });
  fs._v = '2.1.0';
  return fs;
}

/** What the snippet does on a load error: reject queued Async calls, make later ones reject, keep nothing. */
export function failQueue(fs: FsFunction, message: string): void {
  const q = fs.q;
  const reject = (entry: unknown[]) => isFn(entry[4]) && entry[4](new Error(message));
  if (!q) return;
  q.splice(0).forEach(reject);
  q.push = (...entries: unknown[][]) => (entries.forEach(reject), 0);
}

/** The script tag the snippet would inject, with a nonce and a Trusted Types URL. Throws if Trusted Types refuse it. */
export function createScript(config: FullStoryConfig, doc: Document): HTMLScriptElement {
  const script = doc.createElement('script');
  script.async = true;
  script.crossOrigin = 'anonymous';
  if (config.nonce) script.nonce = config.nonce;
  script.setAttribute('data-fs-namespace', config.namespace);
  (script as {src: unknown}).src = toScriptURL(config.scriptUrl);
  return script;
}
