/**
 * FullStory's v1 API: v2-shaped calls handed to a v1 snippet's helpers, with v1's typed property
 * names (`plan_str`), and v1's session URL. Used only when the page's FullStory is a v1 snippet.
 */
import type {FsFunction} from '../contracts.js';
import {isRecord} from '../page.js';

type V1Api = Record<string, ((...args: unknown[]) => unknown) | undefined>;

/** The v1 type suffix for a value FullStory v2 would type as `declared` (`strs` for a list of `str`), or infer. */
function v1Type(value: unknown, declared: unknown): string | undefined {
  if (typeof declared === 'string') return /^(str|int|real|date|bool)s?$/.exec(declared)?.[1];
  const inferred: Record<string, string> = {
    string: 'str',
    boolean: 'bool',
    number: Number.isInteger(value) ? 'int' : 'real',
  };
  return inferred[typeof value];
}

/**
 * v2 properties (typed by value or by `schema`) as v1 wants them: every custom key carries its type
 * suffix (`plan_str`, `total_real`, arrays plural), nested objects get the same treatment; FullStory's
 * special user fields (`displayName`, `email`) stay bare. Both come from the forwarding side's
 * hygiene: plain objects, the schema's entries a type or a nested schema.
 */
export function toV1Properties(properties: object = {}, schema: Record<string, unknown> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(properties)) {
    const list = Array.isArray(value);
    if (/^(displayName|email|uid)$/.test(key)) {
      out[key] = value;
    } else if (isRecord(value)) {
      out[key] = toV1Properties(value, schema[key] as Record<string, unknown> | undefined);
    } else {
      // A list is typed by its first value that is there.
      const type = v1Type(list ? value.find(v => v != null) : value, schema[key]);
      if (type) out[`${key}_${type}${list ? 's' : ''}`] = value;
    }
  }
  return out;
}

/** A call as the handle hands it on: the mapped data calls plus its own `shutdown` / `restart`. */
export type AnyCall = {op: string; options?: unknown};

/** Hand one v2-shaped call to a v1 FullStory through the helpers v1 snippets define; false if it lacks one. */
export function callV1(fs: FsFunction, {op, options}: AnyCall): boolean {
  const o = options as Record<string, unknown> & {properties?: object; schema?: {properties?: Record<string, unknown>}};
  // `shutdown` and `restart` have no options; a call without properties has none to convert.
  const props = toV1Properties(o?.properties, o?.schema?.properties);
  const [helper, ...args]: [string, ...unknown[]] =
    op === 'setIdentity'
      ? o.anonymous === true
        ? ['anonymize']
        : ['identify', o.uid, props]
      : op === 'setProperties'
        ? o.type === 'user'
          ? ['setUserVars', props]
          : ['setVars', 'page', props]
        : op === 'trackEvent'
          ? ['event', o.name, props]
          : [op]; // `shutdown` and `restart`, the handle's own calls
  const api = fs as unknown as V1Api;
  return !!api[helper] && (api[helper]!(...args), true);
}

/** A v1 FullStory's current session URL, if it has one: v1 has no observer that says so. */
export function v1SessionUrl(fs: FsFunction): string | undefined {
  try {
    const url = (fs as unknown as V1Api).getCurrentSessionURL?.();
    return typeof url === 'string' ? url : undefined;
  } catch {
    // a FullStory that throws here has no URL to give
  }
}
