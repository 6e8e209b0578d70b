/**
 * FullStory's v1 API: v2-shaped calls handed to a v1 snippet's helpers, with v1's typed property
 * names (`plan_str`). Used only when the page's FullStory is a v1 snippet.
 */
import type {FsFunction} from '../contracts.js';

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

/** A call as the loader hands it on: the mapped data calls plus its own `shutdown` / `restart`. */
export type AnyCall = {op: string; options?: unknown};

/** Hand one v2-shaped call to a v1 FullStory through the helpers v1 snippets define. */
export function callV1(fs: FsFunction, call: AnyCall): boolean {
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
