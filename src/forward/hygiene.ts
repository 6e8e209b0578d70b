/**
 * Hygiene (SPEC §7): what FullStory would reject never leaves the page.
 *
 * FullStory drops an invalid call on its side without telling the page, so the rules are applied
 * here, before the call is made, where a drop can be counted and announced. `sanitizeCall` is a
 * pure function of plain data: it never throws, never mutates its input, and returns either a call
 * FullStory accepts or the reason there is none. (Rate limits, the one piece with state, are in
 * limits.ts.)
 *
 * It runs on every message, so the common case (a few dozen well-formed properties) is one walk
 * with no copies beyond the output: the JSON size is counted while walking instead of by
 * serialising, and path strings for the repair notes are only built when there is something to say.
 */
import {V1_SUFFIX, type FsCall, type Properties} from './mapping.js';

/** Why hygiene sent nothing. Stable strings: they are public (`rudder-fullstory-drop`). */
export type HygieneDropReason = 'invalid-event-name' | 'invalid-uid' | 'payload-too-large' | 'invalid-call';

export interface HygieneResult {
  /** The call to make, or null when nothing sendable remains. */
  call: FsCall | null;
  /**
   * What was changed on the way, one short line each (empty when the call passed as it was). Lines
   * name property paths and kinds of value, never a value: they reach the console and the debug panel.
   */
  repairs: string[];
  reason?: HygieneDropReason;
}

export const LIMITS = {
  eventName: 250,
  propertyName: 512,
  /** Levels of objects and lists below `properties`; deeper values are removed. */
  depth: 10,
  /** UTF-8 bytes of the call's options as JSON (`{name|uid|type, properties, schema}`). */
  payloadBytes: 512 * 1024,
  /** Page properties per call besides `pageName`. */
  pageProperties: 50,
} as const;

export type SchemaType = 'str' | 'int' | 'real' | 'date' | 'bool' | 'strs' | 'ints' | 'reals' | 'dates' | 'bools';
/** FullStory's v2 `schema.properties`: a type per key, nested objects as nested schemas. */
export type Schema = {[key: string]: SchemaType | Schema};

const VALID_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;
/** Keys that would reach an object's prototype if ever assigned: never copied, whatever the target. */
const RESERVED = new Set(['__proto__', 'constructor', 'prototype']);
/** What FullStory reads as a date: ISO-8601 calendar dates, optionally with a time and zone. */
const ISO_DATE = /^[+-]?\d{4,6}-\d\d-\d\d(T\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)?)?$/;
/** Printable ASCII JSON writes as it is: one byte per character. */
const PLAIN_JSON = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/**
 * Repair a property name deterministically: accents are taken off letters (`é` → `e`), every other
 * character outside `[A-Za-z0-9_-]` becomes `_`, everything before the first letter is removed,
 * and the result is cut to 512 characters. Returns '' when nothing sensible remains.
 */
export function repairPropertyName(key: string): string {
  if (key.length <= LIMITS.propertyName && VALID_NAME.test(key)) return key;
  return key
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9_-]/gu, '_')
    .replace(/^[^A-Za-z]+/, '')
    .slice(0, LIMITS.propertyName);
}

/** UTF-8 bytes of a string written as JSON, quotes and escapes included (what `JSON.stringify` makes). */
export function jsonStringBytes(value: string): number {
  if (PLAIN_JSON.test(value)) return value.length + 2;
  let bytes = 2;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20) bytes += code === 8 || code === 9 || code === 10 || code === 12 || code === 13 ? 2 : 6;
    else if (code === 0x22 || code === 0x5c) bytes += 2;
    else if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdfff) {
      const next = value.charCodeAt(i + 1);
      if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 6; // a lone surrogate is written as a \uXXXX escape
    } else bytes += 3;
  }
  return bytes;
}

/** JSON bytes of an object whose entries (`"key":value`, each already counted) are given. */
const objectBytes = (entries: number[]): number =>
  entries.reduce((sum, bytes) => sum + bytes, 2) + Math.max(0, entries.length - 1);
const entryBytes = (key: string, valueBytes: number) => key.length + 3 + valueBytes;

function schemaBytes(schema: Schema): number {
  const entries: number[] = [];
  for (const key of Object.keys(schema)) {
    const type = schema[key];
    entries.push(entryBytes(key, typeof type === 'string' ? type.length + 2 : schemaBytes(type)));
  }
  return objectBytes(entries);
}

const fitsOne = (type: string, value: unknown): boolean =>
  type === 'str' || type === 'date'
    ? typeof value === 'string' && (type === 'str' || ISO_DATE.test(value))
    : type === 'bool'
      ? typeof value === 'boolean'
      : type === 'int'
        ? Number.isInteger(value)
        : typeof value === 'number';

/** Whether FullStory can store `value` as the type a v1 suffix declared. */
const fits = (type: SchemaType, value: unknown): boolean =>
  type.endsWith('s')
    ? Array.isArray(value) && value.every(item => fitsOne(type.slice(0, -1), item))
    : fitsOne(type, value);

const SKIP = Symbol('skip');
/** Thrown when one top-level value alone is past the payload limit: it is removed without walking the rest. */
const TOO_LARGE = Symbol('too-large');

interface Walk {
  repairs_: string[];
  /** The objects from the root to the value being cleaned: meeting one of them again is a cycle. */
  ancestors_: object[];
  /** Exact JSON bytes of what has been kept so far. */
  bytes_: number;
  /** Values left out, so a huge sparse list is bounded like a huge dense one. */
  skipped_: number;
  /** Where the current top-level value gives up. */
  stopAt_: number;
  /** Inside a list: FullStory keeps no types for list items, so suffix types are dropped there. */
  inList_: number;
  /** Schema of the object value cleaned last, for its parent. */
  schema_?: Schema;
}

const pathOf = (parent: string, key: string | number) =>
  typeof key === 'number' ? `${parent}[${key}]` : parent ? `${parent}.${key || '""'}` : key || '""';

const note = (walk: Walk, parent: string, key: string | number, what: string) =>
  void walk.repairs_.push(`${pathOf(parent, key)}: ${what}`);

/** A value FullStory accepts, or SKIP. `parent` and `key` name it in repair notes. */
function cleanValue(value: unknown, parent: string, key: string | number, depth: number, walk: Walk): unknown {
  switch (typeof value) {
    case 'string':
      walk.bytes_ += jsonStringBytes(value);
      if (walk.bytes_ + walk.skipped_ > walk.stopAt_) throw TOO_LARGE;
      return value;
    case 'boolean':
      walk.bytes_ += value ? 4 : 5;
      return value;
    case 'number':
      if (Number.isFinite(value)) {
        walk.bytes_ += String(value).length;
        return value;
      }
      note(walk, parent, key, `${value} removed`);
      return SKIP;
    case 'bigint': {
      // A bigint a number holds exactly stays a number; a larger one keeps its digits as a string.
      const number = Number(value);
      note(walk, parent, key, `bigint sent as a ${Number.isSafeInteger(number) ? 'number' : 'string'}`);
      return cleanValue(Number.isSafeInteger(number) ? number : value.toString(), parent, key, depth, walk);
    }
    case 'undefined':
      return SKIP; // what JSON does: an undefined value is an absent one
    case 'function':
    case 'symbol':
      note(walk, parent, key, `${typeof value} removed`);
      return SKIP;
  }
  if (value === null) {
    walk.bytes_ += 4;
    return null;
  }
  return cleanObject(value as object, parent, key, depth + 1, walk);
}

function cleanObject(object: object, parent: string, key: string | number, depth: number, walk: Walk): unknown {
  if (walk.ancestors_.includes(object)) {
    note(walk, parent, key, 'circular reference removed');
    return SKIP;
  }
  const bytes = walk.bytes_;
  const skipped = walk.skipped_;
  const repairs = walk.repairs_.length;
  walk.ancestors_.push(object);
  try {
    const tag = Object.prototype.toString.call(object).slice(8, -1);
    if (tag === 'Date') {
      const time = Date.prototype.getTime.call(object);
      if (Number.isNaN(time)) {
        note(walk, parent, key, 'invalid date removed');
        return SKIP;
      }
      return cleanValue(new Date(time).toISOString(), parent, key, depth, walk);
    }
    if (tag === 'String' || tag === 'Number' || tag === 'Boolean') {
      const unwrap: (this: object) => unknown = (tag === 'String' ? String : tag === 'Number' ? Number : Boolean)
        .prototype.valueOf;
      return cleanValue(unwrap.call(object), parent, key, depth, walk);
    }
    if (depth > LIMITS.depth) {
      note(walk, parent, key, `nested deeper than ${LIMITS.depth} levels, removed`);
      return SKIP;
    }
    if (Array.isArray(object)) return cleanList(object, pathOf(parent, key), depth, walk);
    // What JSON would make of it: toJSON's result (an object result counts one level deeper, so a
    // chain of them ends).
    const toJSON = (object as {toJSON?: unknown}).toJSON;
    if (typeof toJSON === 'function') return cleanValue(toJSON.call(object, String(key)), parent, key, depth, walk);
    const proto = Object.getPrototypeOf(object);
    // Plain objects, also from another realm (an iframe's Object.prototype has no prototype either).
    if (proto === null || proto === Object.prototype || (tag === 'Object' && Object.getPrototypeOf(proto) === null)) {
      const cleaned = cleanRecord(object, pathOf(parent, key), depth, walk);
      walk.schema_ = cleaned.schema;
      return cleaned.properties;
    }
    // Maps, Sets, class instances, DOM nodes, typed arrays: nothing FullStory could store as it is.
    const kind = tag === 'Object' && typeof proto?.constructor === 'function' ? proto.constructor.name || tag : tag;
    note(walk, parent, key, `${kind} removed`);
    return SKIP;
  } catch (error) {
    if (error === TOO_LARGE) throw error;
    // A revoked Proxy, a trap or toJSON that throws: this value goes, its siblings stay.
    walk.schema_ = undefined;
    walk.bytes_ = bytes;
    walk.skipped_ = skipped;
    walk.repairs_.length = repairs;
    note(walk, parent, key, 'could not be read, removed');
    return SKIP;
  } finally {
    walk.ancestors_.pop();
  }
}

function cleanList(list: readonly unknown[], where: string, depth: number, walk: Walk): unknown[] {
  const out: unknown[] = [];
  walk.bytes_ += 2;
  walk.inList_++;
  try {
    const length = list.length;
    // Every kept item costs two bytes or more, so a list this long could only fit if nearly all of it
    // were left out: it counts as too large instead of being walked item by item.
    if (!(length <= LIMITS.payloadBytes / 2)) throw TOO_LARGE;
    for (let i = 0; i < length; i++) {
      if (walk.bytes_ + walk.skipped_ > walk.stopAt_) throw TOO_LARGE;
      const item = cleanValue(list[i], where, i, depth, walk);
      if (item === SKIP) {
        walk.skipped_++;
        continue;
      }
      if (out.length > 0) walk.bytes_ += 1;
      out.push(item);
    }
  } finally {
    walk.inList_--;
    walk.schema_ = undefined;
  }
  return out;
}

interface Cleaned {
  properties: Properties;
  schema?: Schema;
  /** Top level only: the JSON bytes of each kept entry, in key order, so the payload can be trimmed. */
  sizes?: number[];
  kept: number;
}

/** Whether FullStory takes this key as it is, the fast path for almost every key a site sends. */
const isCleanName = (key: string): boolean => {
  if (key.length > LIMITS.propertyName || !VALID_NAME.test(key) || RESERVED.has(key)) return false;
  const underscore = key.lastIndexOf('_');
  return underscore < 0 || !V1_SUFFIX.test(key.slice(underscore));
};

/**
 * Clean one object's keys and values. Keys already valid are placed first, so when a repaired key
 * comes out equal to one of them (`$email` next to `email`), the page's own spelling wins.
 */
function cleanRecord(record: object, where: string, depth: number, walk: Walk): Cleaned {
  const out: Cleaned = {properties: {}, kept: 0};
  if (depth === 0) out.sizes = [];
  walk.bytes_ += 2;
  let later: string[] | undefined;
  const keys = Object.keys(record);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (isCleanName(key)) put(record, key, key, undefined, out, where, depth, walk);
    else (later ??= []).push(key);
  }
  if (later) {
    for (const key of later) {
      if (RESERVED.has(key)) {
        note(walk, where, key, 'reserved name, removed');
        continue;
      }
      let name = repairPropertyName(key);
      let declared: SchemaType | undefined;
      // Strip every trailing suffix (`a_int_str` → `a`); the outermost is the type the page declared.
      for (let suffix = V1_SUFFIX.exec(name); suffix && name.length > suffix[0].length; suffix = V1_SUFFIX.exec(name)) {
        declared ??= suffix[0].slice(1) as SchemaType;
        name = name.slice(0, -suffix[0].length);
      }
      if (name === '' || RESERVED.has(name)) {
        note(walk, where, key, name ? 'reserved name, removed' : 'name has no usable characters, removed');
      } else if (Object.hasOwn(out.properties, name)) {
        note(walk, where, key, `same name as ${name} once repaired, removed`);
      } else {
        put(record, key, name, declared, out, where, depth, walk);
      }
    }
  }
  return out;
}

/** Clean `record[raw]` into `out` under `name`, with the type its suffix declared. */
function put(
  record: object,
  raw: string,
  name: string,
  declared: SchemaType | undefined,
  out: Cleaned,
  where: string,
  depth: number,
  walk: Walk,
): void {
  let value: unknown;
  try {
    value = (record as Properties)[raw];
  } catch {
    return note(walk, where, raw, 'could not be read, removed');
  }
  const start = walk.bytes_;
  const top = out.sizes !== undefined;
  let cleaned: unknown;
  walk.schema_ = undefined;
  if (top) {
    const skipped = walk.skipped_;
    const repairs = walk.repairs_.length;
    walk.stopAt_ = start + LIMITS.payloadBytes;
    try {
      cleaned = cleanValue(value, where, raw, depth, walk);
    } catch (error) {
      if (error !== TOO_LARGE) throw error;
      walk.bytes_ = start;
      walk.skipped_ = skipped;
      walk.repairs_.length = repairs;
      return note(walk, where, raw, `larger than ${LIMITS.payloadBytes / 1024} KB, removed`);
    }
  } else cleaned = cleanValue(value, where, raw, depth, walk);
  if (cleaned === SKIP) return;
  if (top) out.sizes!.push(entryBytes(name, walk.bytes_ - start));
  walk.bytes_ += name.length + (out.kept++ > 0 ? 4 : 3);
  out.properties[name] = cleaned;
  if (name !== raw) {
    if (!declared || name + '_' + declared !== raw) note(walk, where, raw, `renamed to ${name}`);
    if (declared && !walk.inList_ && fits(declared, cleaned)) {
      (out.schema ??= {})[name] = declared;
      note(walk, where, raw, `type suffix moved to schema as ${name}: ${declared}`);
    } else if (declared) {
      note(
        walk,
        where,
        raw,
        `type suffix removed (${walk.inList_ ? 'no types inside lists' : `value is not ${declared}`})`,
      );
    }
  }
  if (walk.schema_) {
    if (!out.schema?.[name]) (out.schema ??= {})[name] = walk.schema_;
    walk.schema_ = undefined;
  }
}

function newWalk(): Walk {
  return {repairs_: [], ancestors_: [], bytes_: 0, skipped_: 0, stopAt_: Infinity, inList_: 0};
}

interface CleanedCall {
  properties: Properties;
  schema?: {properties: Schema};
}

/**
 * The call's properties, cleaned and brought under the payload limit together with the call's own
 * field (`fixed`: its JSON entry bytes). Largest top-level values go first (of two the same size, the
 * later key), so the many small facts survive one oversized blob. Null when not even `{}` would fit.
 */
function cleanCallProperties(input: unknown, fixed: number, walk: Walk, pageLimit = false): CleanedCall | null {
  let cleaned: Cleaned;
  try {
    let source: object = {};
    if (typeof input === 'object' && input !== null && !Array.isArray(input)) source = input;
    else if (input !== undefined) note(walk, '', 'properties', 'not an object, replaced by {}');
    walk.ancestors_.push(source);
    cleaned = cleanRecord(source, '', 0, walk);
  } catch {
    // The properties object itself cannot be read (a revoked Proxy, an ownKeys trap that throws).
    note(walk, '', 'properties', 'could not be read, replaced by {}');
    cleaned = {properties: {}, sizes: [], kept: 0};
  }
  const {properties, schema} = cleaned;
  let propertiesBytes = objectBytes(cleaned.sizes!);
  let schemaKeys = schema ? Object.keys(schema).length : 0;
  let schemaInner = schema ? schemaBytes(schema) : 0;
  const total = () => {
    const entries = [fixed, entryBytes('properties', propertiesBytes)];
    if (schemaKeys > 0) entries.push(entryBytes('schema', objectBytes([entryBytes('properties', schemaInner)])));
    return objectBytes(entries);
  };
  const pageExcess = pageLimit && cleaned.kept - ('pageName' in properties ? 1 : 0) > LIMITS.pageProperties;
  if (total() <= LIMITS.payloadBytes && !pageExcess) {
    return schemaKeys > 0 ? {properties, schema: {properties: schema!}} : {properties};
  }

  // Keys never look like array indexes (they start with a letter), so the object kept insertion order.
  const sizes = new Map<string, number>(Object.keys(properties).map((key, i) => [key, cleaned.sizes![i]]));
  const drop = (key: string, why: string) => {
    propertiesBytes -= sizes.get(key)! + (sizes.size > 1 ? 1 : 0);
    sizes.delete(key);
    delete properties[key];
    if (schema && key in schema) {
      const type = schema[key];
      schemaInner -=
        entryBytes(key, typeof type === 'string' ? type.length + 2 : schemaBytes(type)) + (schemaKeys > 1 ? 1 : 0);
      schemaKeys--;
      delete schema[key];
    }
    walk.repairs_.push(`${key}: ${why}`);
  };
  if (pageExcess) {
    let count = 0;
    for (const key of [...sizes.keys()]) {
      if (key !== 'pageName' && ++count > LIMITS.pageProperties) {
        drop(key, `more than ${LIMITS.pageProperties} page properties, removed`);
      }
    }
  }
  if (total() > LIMITS.payloadBytes) {
    const order = [...sizes.entries()].map(([key, bytes], index) => ({key, bytes, index}));
    order.sort((a, b) => b.bytes - a.bytes || b.index - a.index);
    for (const {key} of order) {
      drop(key, `removed to fit the ${LIMITS.payloadBytes / 1024} KB payload limit`);
      if (total() <= LIMITS.payloadBytes) break;
    }
    if (total() > LIMITS.payloadBytes) return null;
  }
  return schemaKeys > 0 ? {properties, schema: {properties: schema!}} : {properties};
}

/**
 * Make one FullStory call acceptable to FullStory, or say why it cannot be.
 * Never throws; the input is not modified.
 */
export function sanitizeCall(call: FsCall): HygieneResult {
  const walk = newWalk();
  const drop = (reason: HygieneDropReason): HygieneResult => ({call: null, repairs: walk.repairs_, reason});
  try {
    const options = call.options as Record<string, unknown>;
    switch (call.op) {
      case 'trackEvent': {
        let name = options.name;
        if (typeof name !== 'string' || name.trim() === '') return drop('invalid-event-name');
        if (name.length > LIMITS.eventName) {
          // Cut on a character boundary: half an emoji is not a name.
          const last = name.charCodeAt(LIMITS.eventName - 1);
          name = name.slice(0, last >= 0xd800 && last <= 0xdbff ? LIMITS.eventName - 1 : LIMITS.eventName);
          walk.repairs_.push(`event name cut to ${LIMITS.eventName} characters`);
        }
        const cleaned = cleanCallProperties(
          options.properties,
          entryBytes('name', jsonStringBytes(name as string)),
          walk,
        );
        if (!cleaned) return drop('payload-too-large');
        return {call: {op: 'trackEvent', options: {name: name as string, ...cleaned}}, repairs: walk.repairs_};
      }
      case 'setIdentity': {
        if (options.anonymous === true) return {call: {op: 'setIdentity', options: {anonymous: true}}, repairs: []};
        const {uid} = options;
        if (typeof uid !== 'string' || uid === '') return drop('invalid-uid');
        const cleaned = cleanCallProperties(options.properties, entryBytes('uid', jsonStringBytes(uid)), walk);
        if (!cleaned) return drop('payload-too-large');
        return {call: {op: 'setIdentity', options: {uid, ...cleaned}}, repairs: walk.repairs_};
      }
      case 'setProperties': {
        const type = options.type === 'page' ? 'page' : 'user';
        const cleaned = cleanCallProperties(
          options.properties,
          entryBytes('type', type.length + 2),
          walk,
          type === 'page',
        );
        if (!cleaned) return drop('payload-too-large');
        return {call: {op: 'setProperties', options: {type, ...cleaned}}, repairs: walk.repairs_};
      }
      default:
        return drop('invalid-call');
    }
  } catch {
    // Whatever got past every guard above (an options object that is itself a hostile Proxy):
    // drop this call, keep the page alive.
    return drop('invalid-call');
  }
}
