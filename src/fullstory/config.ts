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

/** The element's attributes, as given. */
export interface ConfigAttributes {
  org?: string | null;
  host?: string | null;
  script?: string | null;
  namespace?: string | null;
  debug?: boolean;
  timeout?: number | string | null;
  nonce?: string | null;
  destinationId?: string | null;
  appHost?: string | null;
}

/** What the page adds: where relative URLs resolve, and its defaults for what the attributes leave out. */
export interface PageInput {
  /** The namespace of a FullStory already on the page, used when `namespace` is not given. */
  pageNamespace?: string;
  /** The nonce to use: the element's, else the page's. */
  nonce?: string | null;
  /** `location.href` of the page, for same-origin paths. */
  base: string;
}

export type ConfigInput = ConfigAttributes & PageInput;

export type ConfigResult = {ok: true; config: FullStoryConfig} | {ok: false; reason: string};

/** `o-1A2B3C-na1` style ids, and the older plain ids FullStory still honours. */
const ORG_ID = /^(o-[A-Za-z\d]+-[a-z]{2}\d+|[A-Za-z\d]{3,24})$/;
const HOST = /^[a-z\d]([a-z\d-]*[a-z\d])?(\.[a-z\d]([a-z\d-]*[a-z\d])?)*(:\d{1,5})?$/i;
export const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
/** Globals a misconfigured `namespace` could clobber. */
const FORBIDDEN_NAMESPACE =
  /^(window|self|top|parent|document|location|globalThis|frames|opener|name|length|eval|Function|Object|constructor|__proto__|prototype)$/;
/** RudderStack destination ids are opaque tokens of letters, digits, `-` and `_`. */
const DESTINATION_ID = /^[\w-]{1,128}$/;
const DEFAULT_TIMEOUT = 10_000;

/**
 * Turn `script` into an absolute URL, accepting only the forms §5 allows: FullStory's scheme-less
 * `host/path` (https implied), `https:` URLs, paths on the page's own origin (also written out in
 * full, which is what the Trusted Types policy sees), and `http:` on a loopback host. Everything
 * else — `javascript:`, `data:`, `blob:`, foreign `http:` — is refused before any URL reaches the DOM.
 */
export function resolveScriptUrl(script: string, base: string): URL | null {
  const value = script.trim();
  if (!value || /[\s\0-\x1f\\]/.test(value)) return null;
  try {
    // A path (`/`, `./`, `../`, but `//` starts a host) on the page's own origin.
    if (/^(\.\.?\/|\/(?!\/))/.test(value)) {
      const path = new URL(value, base);
      return path.origin === new URL(base).origin ? path : null;
    }
    // A scheme, unless it is FullStory's scheme-less `host:port/path`; else https is implied.
    const url = new URL(
      /^[a-z][a-z\d+.-]*:(?!\d+(\/|$))/i.test(value) ? value : `https://${value.replace(/^\/\//, '')}`,
    );
    const {protocol} = url;
    const allowed =
      protocol === 'https:' ||
      (protocol === 'http:' &&
        (/^(localhost|127(\.\d{1,3}){3}|\[::1\])$/.test(url.hostname) || url.origin === new URL(base).origin));
    return allowed && !url.username && !url.password ? url : null;
  } catch {
    return null;
  }
}

/**
 * Validate the element's attributes into a load configuration, or say what is wrong. The page's
 * part comes in `page` (the element passes itself as `input`), or with the attributes in `input`.
 */
export function resolveConfig(input: ConfigInput): ConfigResult;
export function resolveConfig(input: ConfigAttributes, page: PageInput): ConfigResult;
export function resolveConfig(input: ConfigAttributes, page = input as PageInput): ConfigResult {
  const given = (value?: string | null) => value?.trim() || undefined;
  const org = given(input.org);
  if (!org) return {ok: false, reason: 'org attribute is missing'};
  const namespace = given(input.namespace) || page.pageNamespace || 'FS';
  // EU orgs live on FullStory's EU hosts; everything else on the default ones.
  const region = org.endsWith('-eu1') ? 'eu1.' : '';
  const host = given(input.host) || `${region}fullstory.com`;
  const script = given(input.script) || `edge.${region}fullstory.com/s/fs${input.debug === true ? '-debug' : ''}.js`;
  const scriptUrl = resolveScriptUrl(script, page.base);
  const appHost = given(input.appHost);
  const destinationId = given(input.destinationId);
  // The first attribute that is wrong, what it was, and what it should be.
  const wrong = (
    [
      [ORG_ID.test(org), 'org', org, 'a FullStory org id (o-XXXX-na1)'],
      [
        IDENTIFIER.test(namespace) && !FORBIDDEN_NAMESPACE.test(namespace),
        'namespace',
        namespace,
        'a usable global name',
      ],
      [HOST.test(host), 'host', host, 'a host name'],
      [scriptUrl, 'script', script, 'https, a same-origin path or loopback http'],
      [!appHost || HOST.test(appHost), 'app-host', appHost, 'a host name'],
      [!destinationId || DESTINATION_ID.test(destinationId), 'destination-id', destinationId, 'a destination id'],
    ] as const
  ).find(([ok]) => !ok);
  if (wrong) return {ok: false, reason: `${wrong[1]} "${wrong[2]!.slice(0, 60)}" is not ${wrong[3]}`};
  // What fs.js expects to find on its own URL (snippet 2.1): scheme-less, no query.
  const scriptEnv = `${scriptUrl!.host}${scriptUrl!.pathname}`;
  scriptUrl!.searchParams.set('org', org);
  const timeout = Number(input.timeout);
  return {
    ok: true,
    config: {
      org,
      namespace,
      host,
      scriptUrl: scriptUrl!.href,
      scriptEnv,
      appHost,
      nonce: given(page.nonce),
      timeout: timeout > 0 && timeout < Infinity ? timeout : DEFAULT_TIMEOUT,
      destinationId,
    },
  };
}
