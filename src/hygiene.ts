/**
 * Hygiene (SPEC §7): what FullStory would reject never leaves the page.
 *
 * FullStory drops an invalid call on its side without telling the page, so the rules are applied
 * here, before the call is made, where a drop can be counted and announced. `sanitizeCall` is a
 * pure function of plain data: it never throws, never mutates its input, and returns either a call
 * FullStory accepts or the reason there is none. `RateLimiter` is the one piece with state; it
 * takes the clock as an argument so it stays deterministic under test.
 */
import type {FsCall, Properties} from './mapping.js';

export type HygieneDropReason =
  | 'invalid-event-name'
  | 'invalid-uid'
  | 'payload-too-large'
  | 'rate-limited'
  | 'invalid-call';

export interface HygieneResult {
  /** The call to make, or null when nothing sendable remains. */
  call: FsCall | null;
  /** What was changed on the way, one short line each (empty when the call passed as it was). */
  repairs: string[];
  reason?: HygieneDropReason;
}

export const LIMITS = {
  eventName: 250,
  propertyName: 512,
  depth: 10,
  payloadBytes: 512 * 1024,
} as const;

const VALID_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;
const V1_SUFFIX = /_(str|int|real|date|bool)(s?)$/;
/** Keys that would reach an object's prototype if ever assigned: never copied, whatever the target. */
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

type SchemaType = 'str' | 'int' | 'real' | 'date' | 'bool' | 'strs' | 'ints' | 'reals' | 'dates' | 'bools';
type Schema = {[key: string]: SchemaType | Schema};

/**
 * Repair a property name deterministically: characters outside `[A-Za-z0-9_-]` become `_`,
 * leading characters that are not letters are removed, the result is cut to 512 characters.
 * Returns '' when nothing sensible remains.
 */
export function repairPropertyName(key: string): string {
  if (VALID_NAME.test(key) && key.length <= LIMITS.propertyName) return key;
  return key
    .replace(/[^A-Za-z0-9_-]/g, '_')
    .replace(/^[^A-Za-z]+/, '')
    .slice(0, LIMITS.propertyName);
}

interface Walk {
  repairs: string[];
  seen: WeakSet<object>;
  /** Schema of the object value cleaned last, handed up to its parent's schema. */
  nested?: Schema;
}

const isPlainObject = (value: object): boolean => {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};

const SKIP = Symbol('skip');

/** A value FullStory accepts, or SKIP. `path` is only for the repair notes. */
function cleanValue(value: unknown, path: string, depth: number, walk: Walk): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (Number.isFinite(value)) return value;
      walk.repairs.push(`${path}: ${value} removed`);
      return SKIP;
    case 'bigint':
      walk.repairs.push(`${path}: bigint sent as a string`);
      return value.toString();
    case 'undefined':
      return SKIP; // JSON has no undefined; a missing property says the same thing.
    case 'function':
    case 'symbol':
      walk.repairs.push(`${path}: ${typeof value} removed`);
      return SKIP;
  }
  if (value === null) return null;
  const object = value as object;
  if (object instanceof Date) {
    if (Number.isNaN(object.getTime())) {
      walk.repairs.push(`${path}: invalid date removed`);
      return SKIP;
    }
    return object.toISOString();
  }
  if (walk.seen.has(object)) {
    walk.repairs.push(`${path}: circular reference removed`);
    return SKIP;
  }
  if (depth >= LIMITS.depth) {
    walk.repairs.push(`${path}: nested deeper than ${LIMITS.depth} levels, removed`);
    return SKIP;
  }
  walk.seen.add(object);
  try {
    if (Array.isArray(object)) {
      const out: unknown[] = [];
      for (let i = 0; i < object.length; i++) {
        const item = cleanValue(object[i], `${path}[${i}]`, depth + 1, walk);
        if (item !== SKIP) out.push(item);
      }
      walk.nested = undefined; // FullStory types arrays by their values; an item's schema is not the array's
      return out;
    }
    if (!isPlainObject(object)) {
      // Class instances, Maps, DOM nodes: what JSON would make of them is what FullStory could store.
      const toJSON = (object as {toJSON?: unknown}).toJSON;
      if (typeof toJSON === 'function') return cleanValue(toJSON.call(object), path, depth, walk);
      walk.repairs.push(`${path}: ${Object.prototype.toString.call(object).slice(8, -1)} removed`);
      return SKIP;
    }
    const cleaned = cleanProperties(object as Properties, path, depth + 1, walk);
    walk.nested = cleaned.schema;
    return cleaned.properties;
  } finally {
    walk.seen.delete(object);
  }
}

interface Cleaned {
  properties: Properties;
  schema?: Schema;
}

function cleanProperties(input: Properties, path: string, depth: number, walk: Walk): Cleaned {
  const properties: Properties = {};
  const schema: Schema = {};
  let keys: string[];
  try {
    keys = Object.keys(input);
  } catch {
    walk.repairs.push(`${path || 'properties'}: unreadable, removed`);
    return {properties};
  }
  for (const rawKey of keys) {
    const where = path ? `${path}.${rawKey}` : rawKey;
    if (UNSAFE_KEYS.has(rawKey)) {
      walk.repairs.push(`${where}: reserved key removed`);
      continue;
    }
    let raw: unknown;
    try {
      raw = input[rawKey];
    } catch {
      walk.repairs.push(`${where}: getter threw, removed`);
      continue;
    }
    let key = rawKey;
    let declared: SchemaType | undefined;
    const suffix = V1_SUFFIX.exec(key);
    if (suffix && key.length > suffix[0].length) {
      declared = (suffix[1] + suffix[2]) as SchemaType;
      key = key.slice(0, -suffix[0].length);
    }
    const repaired = repairPropertyName(key);
    if (repaired === '') {
      walk.repairs.push(`${where}: name has no usable characters, removed`);
      continue;
    }
    if (repaired !== rawKey && !declared) walk.repairs.push(`${where}: renamed to ${repaired}`);
    else if (declared) walk.repairs.push(`${where}: v1 suffix moved to schema as ${repaired}: ${declared}`);
    if (Object.prototype.hasOwnProperty.call(properties, repaired)) {
      walk.repairs.push(`${where}: clashes with ${repaired}, removed`);
      continue;
    }
    walk.nested = undefined;
    const value = cleanValue(raw, where, depth, walk);
    if (value === SKIP) continue;
    properties[repaired] = value;
    if (declared) schema[repaired] = declared;
    else if (walk.nested) schema[repaired] = walk.nested;
    walk.nested = undefined;
  }
  return Object.keys(schema).length > 0 ? {properties, schema} : {properties};
}

/** UTF-8 size of a value's JSON, without allocating the encoded bytes. */
export function jsonBytes(value: unknown): number {
  const json = JSON.stringify(value) ?? '';
  let bytes = json.length;
  for (let i = 0; i < json.length; i++) {
    const code = json.charCodeAt(i);
    // UTF-16 unit → UTF-8 bytes: ASCII 1, up to U+07FF 2, a surrogate half 2 (a pair makes 4), else 3.
    if (code >= 0x80) bytes += code < 0x800 || (code >= 0xd800 && code <= 0xdfff) ? 1 : 2;
  }
  return bytes;
}

/**
 * Bring properties under the payload limit by removing the largest top-level values first, so
 * the many small facts survive a single oversized blob. Deterministic: ties break by key order.
 */
function fitPayload(properties: Properties, schema: Schema | undefined, budget: number, repairs: string[]): boolean {
  let size = jsonBytes(properties);
  if (size <= budget) return true;
  const sizes = Object.keys(properties)
    .map((key, index) => ({key, index, bytes: jsonBytes(properties[key]) + key.length + 4}))
    .sort((a, b) => b.bytes - a.bytes || a.index - b.index);
  for (const {key, bytes} of sizes) {
    delete properties[key];
    if (schema) delete schema[key];
    repairs.push(`${key}: removed to fit the ${LIMITS.payloadBytes / 1024} KB payload limit`);
    size -= bytes;
    if (size <= budget && jsonBytes(properties) <= budget) return true;
  }
  return jsonBytes(properties) <= budget;
}

function cleanCallProperties(
  input: unknown,
  walk: Walk,
): {properties: Properties; schema?: {properties: Schema}} {
  const source = typeof input === 'object' && input !== null && !Array.isArray(input) ? (input as Properties) : {};
  if (source !== input && input !== undefined) walk.repairs.push('properties: not an object, replaced by {}');
  const {properties, schema} = cleanProperties(source, '', 0, walk);
  return schema ? {properties, schema: {properties: schema}} : {properties};
}

/**
 * Make one FullStory call acceptable to FullStory, or say why it cannot be.
 * Never throws; the input is not modified.
 */
export function sanitizeCall(call: FsCall): HygieneResult {
  const walk: Walk = {repairs: [], seen: new WeakSet()};
  try {
    const overhead = 1024; // room for the name, uid and the call's own keys
    switch (call.op) {
      case 'trackEvent': {
        const {name} = call.options;
        if (typeof name !== 'string' || name.trim() === '') {
          return {call: null, repairs: walk.repairs, reason: 'invalid-event-name'};
        }
        let finalName = name;
        if (name.length > LIMITS.eventName) {
          finalName = name.slice(0, LIMITS.eventName);
          walk.repairs.push(`event name cut to ${LIMITS.eventName} characters`);
        }
        const cleaned = cleanCallProperties(call.options.properties, walk);
        if (!fitPayload(cleaned.properties, cleaned.schema?.properties, LIMITS.payloadBytes - overhead, walk.repairs)) {
          return {call: null, repairs: walk.repairs, reason: 'payload-too-large'};
        }
        return {call: {op: 'trackEvent', options: {name: finalName, ...cleaned}}, repairs: walk.repairs};
      }
      case 'setIdentity': {
        if ('anonymous' in call.options) return {call: {op: 'setIdentity', options: {anonymous: true}}, repairs: []};
        const {uid} = call.options;
        if (typeof uid !== 'string' || uid === '' || uid.length > LIMITS.payloadBytes / 2) {
          return {call: null, repairs: walk.repairs, reason: 'invalid-uid'};
        }
        const cleaned = cleanCallProperties(call.options.properties, walk);
        if (!fitPayload(cleaned.properties, cleaned.schema?.properties, LIMITS.payloadBytes - overhead - uid.length, walk.repairs)) {
          return {call: null, repairs: walk.repairs, reason: 'payload-too-large'};
        }
        return {call: {op: 'setIdentity', options: {uid, ...cleaned}}, repairs: walk.repairs};
      }
      case 'setProperties': {
        const type = call.options.type === 'page' ? 'page' : 'user';
        const cleaned = cleanCallProperties(call.options.properties, walk);
        if (!fitPayload(cleaned.properties, cleaned.schema?.properties, LIMITS.payloadBytes - overhead, walk.repairs)) {
          return {call: null, repairs: walk.repairs, reason: 'payload-too-large'};
        }
        return {call: {op: 'setProperties', options: {type, ...cleaned}}, repairs: walk.repairs};
      }
      default:
        return {call: null, repairs: [], reason: 'invalid-call'};
    }
  } catch {
    // A Proxy or exotic object defeated every guard above: drop this call, keep the page alive.
    return {call: null, repairs: walk.repairs, reason: 'invalid-call'};
  }
}

/** One token bucket: `capacity` tokens, refilled continuously at `perSecond`. */
class Bucket {
  private tokens: number;
  private updated = -Infinity;
  constructor(
    private readonly capacity: number,
    private readonly perSecond: number,
  ) {
    this.tokens = capacity;
  }
  refill(now: number): void {
    if (this.updated !== -Infinity) {
      this.tokens = Math.min(this.capacity, this.tokens + ((now - this.updated) / 1000) * this.perSecond);
    }
    this.updated = now;
  }
  get available(): boolean {
    return this.tokens >= 1;
  }
  take(): void {
    this.tokens -= 1;
  }
}

/** FullStory's published client limits: a burst bucket and a sustained bucket per operation family. */
export const RATE_LIMITS = {
  trackEvent: {burst: 40, perMinute: 60},
  identity: {burst: 10, perMinute: 30},
} as const;

/**
 * Client-side rate limits (SPEC §7). `trackEvent` has its own budget; `setIdentity` and
 * `setProperties` share one, as FullStory counts them together.
 */
export class RateLimiter {
  private readonly buckets = {
    trackEvent: [new Bucket(RATE_LIMITS.trackEvent.burst, RATE_LIMITS.trackEvent.burst), new Bucket(RATE_LIMITS.trackEvent.perMinute, RATE_LIMITS.trackEvent.perMinute / 60)],
    identity: [new Bucket(RATE_LIMITS.identity.burst, RATE_LIMITS.identity.burst), new Bucket(RATE_LIMITS.identity.perMinute, RATE_LIMITS.identity.perMinute / 60)],
  };

  /** True when the call may go now (and its token is spent); false when it must be dropped. */
  allow(op: FsCall['op'], now: number): boolean {
    const buckets = op === 'trackEvent' ? this.buckets.trackEvent : this.buckets.identity;
    for (const bucket of buckets) bucket.refill(now);
    if (!buckets.every(bucket => bucket.available)) return false;
    for (const bucket of buckets) bucket.take();
    return true;
  }
}
