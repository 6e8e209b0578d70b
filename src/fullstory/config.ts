/**
 * FullStory's configuration, pure: the element's attributes validated into what to load (org,
 * namespace, hosts, script URL, nonce, timeout, destination), or the reason there is nothing to load.
 */
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
export const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
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

export function originOf(base: string): string | undefined {
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
  if (!ORG_ID.test(org))
    return {
      ok: false,
      reason: `org "${org.slice(0, 40)}" is not a FullStory org id (expected o-XXXX-na1, e.g. o-1A2B3C-na1)`,
    };

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
