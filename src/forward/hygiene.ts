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
 * that copies what FullStory accepts and serialises nothing. The walk only counts a cheap bound of
 * the JSON size (string lengths, keys, list items): that gives up early on a huge value, and shows
 * for almost every call that it is far under the limit. Only a call that could be near the limit
 * has its top-level values measured, once each with JSON.stringify, to trim it exactly. Path
 * strings for the repair notes are only built when there is something to say.
 */
import {isFn, isRecord} from '../page.js';
import {V1_SUFFIX, type FsCall, type Properties} from './mapping.js';

/** Why hygiene sent nothing. Stable strings: they are public (`rudder-fullstory-drop`). */
export type HygieneDropReason = 'invalid-event-name' | 'invalid-uid' | 'payload-too-large' | 'invalid-call';

/**
 * The call to make, or null and the reason there is none; either way, what was changed on the
 * way (`repairs`: one short line each, empty when the call passed as it was). Lines name property
 * paths and kinds of value, never a value: they reach the console and the debug panel.
 */
export type HygieneResult = {repairs: string[]} & (
  {call: FsCall; reason?: undefined} | {call: null; reason: HygieneDropReason}
);

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

const MAX_BYTES = LIMITS.payloadBytes;
const KB = `${MAX_BYTES / 1024} KB`;
/** Keys that would reach an object's prototype if ever assigned: never copied, whatever the target. */
const RESERVED = /^(__proto__|constructor|prototype)$/;
/** What FullStory reads as a date: ISO-8601 calendar dates, optionally with a time and zone. */
const ISO_DATE = /^[+-]?\d{4,6}-\d\d-\d\d(T\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)?)?$/;

/**
 * Repair a property name deterministically: accents are taken off letters (`é` → `e`), every other
 * character outside `[A-Za-z0-9_-]` becomes `_`, everything before the first letter is removed,
 * and the result is cut to 512 characters. Returns '' when nothing sensible remains.
 */
export const repairPropertyName = (key: string): string =>
  key
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\w-]/gu, '_')
    .replace(/^[^A-Za-z]+/, '')
    .slice(0, LIMITS.propertyName);

/**
 * A key FullStory takes as it is, the fast path for almost every key a site sends: a letter, then
 * letters, digits, `_` or `-`, 512 characters at most; not reserved; no v1 type suffix at the end
 * (V1_SUFFIX as a lookbehind).
 */
const CLEAN_NAME = new RegExp(
  `^(?!constructor$|prototype$)[A-Za-z][\\w-]{0,${LIMITS.propertyName - 1}}$(?<!${V1_SUFFIX.source.slice(0, -1)})`,
);

/** UTF-8 bytes of `value` written as JSON: what FullStory counts against the payload limit. */
function jsonBytes(value: unknown): number {
  const json = JSON.stringify(value);
  // Mostly ASCII, one byte a character, found without encoding.
  return /[^\0-\x7f]/.test(json) ? new TextEncoder().encode(json).length : json.length;
}

/** UTF-8 bytes of a string written as JSON, quotes and escapes included. */
export const jsonStringBytes: (value: string) => number = jsonBytes;

/** Whether FullStory can store `value` as the type a v1 suffix declared (`strs`: a list of `str`). */
const fits = (type: string, value: unknown): boolean =>
  type.endsWith('s')
    ? Array.isArray(value) && value.every(item => fits(type.slice(0, -1), item))
    : type === 'int'
      ? Number.isInteger(value)
      : typeof value === (type === 'bool' ? 'boolean' : type === 'real' ? 'number' : 'string') &&
        (type !== 'date' || ISO_DATE.test(value as string));

/** Thrown when one top-level value is past the payload limit on its own: it is removed without walking the rest. */
const TOO_LARGE = Symbol();

// The walk under way, as module state rather than passed to every function. sanitizeCall saves
// and restores all of it, since a getter or toJSON of the page's can call it again mid-walk.

/** The call's repair notes. */
let notes: string[];
/** The objects from the root to the value being cleaned: meeting one of them again is a cycle. */
let ancestors: object[];
/**
 * What the current top-level value may still take. A lower bound of its JSON bytes is counted
 * against it as it is walked (no escapes, one byte a character; list items also when left out,
 * so a long list of holes is bounded too): below zero, the value is past the limit.
 */
let budget: number;
/** What the walk counted (spent of their budgets) for the top-level values kept so far, their keys included. */
let spent: number;
/** JSON bytes of each kept top-level value measured while walking (the large ones), else undefined. */
let measured: (number | undefined)[];
/** Schema of the object value cleaned last, for its parent. */
let lastSchema: Schema | undefined;

/** Add a repair note. Returns undefined, the cleaned value of what was removed, so `return note(…)` removes. */
const note = (parent: string, key: string | number, what: string): undefined =>
  void notes.push(`${pathOf(parent, key)}: ${what}`);

const pathOf = (parent: string, key: string | number) =>
  typeof key === 'number' ? `${parent}[${key}]` : (parent && parent + '.') + (key || '""');

/**
 * A value FullStory accepts, or undefined when it is left out (what JSON does with undefined, so a
 * cleaned value is never undefined otherwise). `parent` and `key` name it in repair notes.
 */
function cleanValue(value: unknown, parent: string, key: string | number): unknown {
  const type = typeof value;
  if (type === 'string' || type === 'boolean' || value === null || Number.isFinite(value)) {
    if ((budget -= String(value).length + (type === 'string' ? 2 : 0)) < 0) throw TOO_LARGE;
    return value;
  }
  if (type === 'bigint') {
    // A bigint a number holds exactly stays a number; a larger one keeps its digits as a string.
    const sent = Number.isSafeInteger(Number(value)) ? Number(value) : String(value);
    note(parent, key, `bigint sent as a ${typeof sent}`);
    return cleanValue(sent, parent, key);
  }
  // NaN and ±Infinity by their name, functions and symbols by their kind; undefined goes silently.
  if (type !== 'object')
    return type === 'undefined' ? undefined : note(parent, key, `${type === 'number' ? value : type} removed`);
  if (ancestors.includes(value as object)) return note(parent, key, 'circular reference removed');
  const budgetBefore = budget;
  const notesBefore = notes.length;
  ancestors.push(value as object);
  try {
    const tag = Object.prototype.toString.call(value).slice(8, -1);
    if (/^(Date|String|Number|Boolean)$/.test(tag)) {
      // The primitive inside, read by the built-in method: the object's own valueOf could be anything.
      const inner = (globalThis as never as Record<string, typeof Number>)[tag].prototype.valueOf.call(value);
      if (tag !== 'Date') return cleanValue(inner, parent, key);
      if (isNaN(inner)) return note(parent, key, 'invalid date removed');
      return cleanValue(new Date(inner).toISOString(), parent, key);
    }
    // The objects above it and itself: levels below `properties`, plus one.
    if (ancestors.length > LIMITS.depth + 1)
      return note(parent, key, `nested deeper than ${LIMITS.depth} levels, removed`);
    if (Array.isArray(value)) return cleanList(value, pathOf(parent, key));
    // What JSON would make of it: toJSON's result (an object result counts one level deeper, so a
    // chain of them ends).
    const toJSON = (value as {toJSON?: unknown}).toJSON;
    if (isFn(toJSON)) return cleanValue(toJSON.call(value, String(key)), parent, key);
    const proto = Object.getPrototypeOf(value);
    // Plain objects, also from another realm (an iframe's Object.prototype has no prototype either).
    if (proto === null || proto === Object.prototype || (tag === 'Object' && Object.getPrototypeOf(proto) === null)) {
      return cleanRecord(value as object, pathOf(parent, key));
    }
    // Maps, Sets, class instances, DOM nodes, typed arrays: nothing FullStory could store as it is.
    const kind = tag === 'Object' && isFn(proto.constructor) ? proto.constructor.name || tag : tag;
    return note(parent, key, `${kind} removed`);
  } catch (error) {
    if (error === TOO_LARGE) throw error;
    // A revoked Proxy, a trap or toJSON that throws: this value goes, its siblings stay.
    budget = budgetBefore;
    notes.length = notesBefore;
    return note(parent, key, 'could not be read, removed');
  } finally {
    ancestors.pop();
  }
}

function cleanList(list: readonly unknown[], where: string): unknown[] {
  const out: unknown[] = [];
  const length = list.length;
  // Every kept item costs two bytes or more, so a list this long could only fit if nearly all of it
  // were left out: it counts as too large instead of being walked item by item.
  if (!(length <= MAX_BYTES / 2)) throw TOO_LARGE;
  for (let i = 0; i < length; i++) {
    if (--budget < 0) throw TOO_LARGE;
    const item = cleanValue(list[i], where, i);
    if (item !== undefined) out.push(item);
  }
  lastSchema = undefined; // a list has none: its last item's is not its parent's
  return out;
}

/**
 * Clean one object's keys and values; its schema is left in `lastSchema`. Keys already valid are
 * placed first, so when a repaired key comes out equal to one of them (`$email` next to `email`),
 * the page's own spelling wins.
 */
function cleanRecord(record: object, where: string): Properties {
  const top = ancestors.length === 1; // the properties object itself
  const properties: Properties = {};
  let schema: Schema | undefined;
  const keys = Object.keys(record);
  const count = keys.length;
  for (let i = 0; i < keys.length; i++) {
    const raw = keys[i];
    // A key to repair is put off: appended, it comes round again after the valid ones.
    if (i < count && !CLEAN_NAME.test(raw)) {
      keys.push(raw);
      continue;
    }
    let name = raw;
    let declared: SchemaType | undefined;
    if (i >= count) {
      name = RESERVED.test(raw) ? raw : repairPropertyName(raw);
      // Strip every trailing suffix (`a_int_str` → `a`); the outermost is the type the page declared.
      // (A repaired name starts with a letter, so a suffix never takes all of it.)
      for (let suffix; (suffix = V1_SUFFIX.exec(name)); name = name.slice(0, suffix.index)) {
        declared ??= suffix[0].slice(1) as SchemaType;
      }
      const problem = !name
        ? 'name has no usable characters'
        : RESERVED.test(name)
          ? 'reserved name'
          : Object.hasOwn(properties, name) && `same name as ${name} once repaired`;
      if (problem) {
        note(where, raw, `${problem}, removed`);
        continue;
      }
    }
    const value = cleanEntry(record, raw, where, top);
    if (value === undefined) continue;
    properties[name] = value;
    budget -= name.length + 4; // `"name":` and a comma or brace
    if (top) spent += MAX_BYTES - budget;
    if (raw !== (declared ? `${name}_${declared}` : name)) note(where, raw, `renamed to ${name}`);
    let type: SchemaType | Schema | undefined = lastSchema;
    if (declared) {
      // FullStory keeps no types for list items.
      const why = ancestors.some(Array.isArray)
        ? 'no types inside lists'
        : !fits(declared, value) && `value is not ${declared}`;
      if (!why) type = declared;
      note(where, raw, why ? `type suffix removed (${why})` : `type suffix moved to schema as ${name}: ${declared}`);
    }
    if (type) (schema ??= {})[name] = type;
  }
  lastSchema = schema;
  return properties;
}

/**
 * `record[raw]`, cleaned (undefined when it is left out). A top-level value gets the whole payload
 * limit as its budget; past it on its own, the value is removed whole, its repair notes with it.
 */
function cleanEntry(record: object, raw: string, where: string, top: boolean): unknown {
  const notesBefore = notes.length;
  lastSchema = undefined;
  if (top) budget = MAX_BYTES;
  try {
    const value = cleanValue((record as Properties)[raw], where, raw);
    if (!top || value === undefined) return value;
    // It could be past the limit with escapes and characters past ASCII (up to six bytes a
    // character) only if it counted over a sixth of it: then it is measured, once.
    let bytes: number | undefined;
    if ((MAX_BYTES - budget) * 6 > MAX_BYTES && (bytes = jsonBytes(value)) > MAX_BYTES) throw TOO_LARGE;
    measured.push(bytes);
    return value;
  } catch (error) {
    // cleanValue throws only TOO_LARGE, which goes up to the top-level value it is part of.
    // Anything else is this key's getter.
    if (!top && error === TOO_LARGE) throw error;
    notes.length = notesBefore;
    return note(where, raw, error === TOO_LARGE ? `larger than ${KB}, removed` : 'could not be read, removed');
  }
}

/**
 * The call's options: `head` (its own field, `{name}`, `{uid}` or `{type}`), the properties cleaned,
 * and their schema when there is one, under the payload limit. Largest top-level values go first (of
 * two the same size, the later key), so the many small facts survive one oversized blob. Null when
 * not even `{}` would fit.
 */
function withProperties(head: Record<string, unknown>, input: unknown): object | null {
  let properties: Properties = {};
  try {
    if (isRecord(input)) {
      ancestors.push(input);
      properties = cleanRecord(input, '');
    } else if (input !== undefined) note('', 'properties', 'not an object, replaced by {}');
  } catch {
    // The properties object itself cannot be read (a revoked Proxy, an ownKeys trap that throws).
    note('', 'properties', 'could not be read, replaced by {}');
  }
  const page = head.type === 'page';
  const schema: Schema = lastSchema ?? {};
  const keys = Object.keys(properties);
  let count = keys.length;
  let types = Object.keys(schema).length;
  // The schema only when there are types (spreading 0 adds nothing).
  const options = () => ({...head, properties, ...(types && {schema: {properties: schema}})});
  // Almost every call: the walk's count (one byte a character, exact for keys, numbers and plain
  // ASCII) times ten, more than the worst case (six bytes a character for an escape, and the
  // schema), is under the limit, so it fits with nothing serialised. Otherwise each top-level value
  // is measured, once (the large ones already were, while walking).
  if ((spent + JSON.stringify(head).length) * 10 <= MAX_BYTES && !(page && count > LIMITS.pageProperties)) {
    return options();
  }
  // `"key":value,` for each entry (and, in `drop`, each type).
  const sizes = keys.map((key, i) => key.length + 4 + (measured[i] ?? jsonBytes(properties[key])));
  // The options without entries, then the entries, less the last one's comma.
  let total = sizes.reduce((sum, size) => sum + size, jsonBytes({...options(), properties: {}}) - (count && 1));
  const drop = (i: number, why: string) => {
    const key = keys[i];
    // Its entry goes, and a comma while another entry is left; the schema's frame goes with its last type.
    total -= sizes[i] - (--count ? 0 : 1);
    sizes[i] = -1;
    delete properties[key];
    if (Object.hasOwn(schema, key)) {
      total -= key.length + 4 + jsonBytes(schema[key]) + (--types ? 0 : ',"schema":{"properties":{}}'.length - 1);
      delete schema[key];
    }
    note('', key, why);
  };
  let pageCount = 0;
  keys.forEach((key, i) => {
    if (page && key !== 'pageName' && ++pageCount > LIMITS.pageProperties) {
      drop(i, `more than ${LIMITS.pageProperties} page properties, removed`);
    }
  });
  for (const i of [...keys.keys()].sort((a, b) => sizes[b] - sizes[a] || b - a)) {
    if (total <= MAX_BYTES || sizes[i] < 0) break;
    drop(i, `removed to fit the ${KB} payload limit`);
  }
  return total > MAX_BYTES ? null : options();
}

/**
 * Make one FullStory call acceptable to FullStory, or say why it cannot be.
 * Never throws; the input is not modified.
 */
export function sanitizeCall(call: FsCall): HygieneResult {
  const outer = [notes, ancestors, budget, spent, measured, lastSchema] as const;
  const repairs: string[] = [];
  [notes, ancestors, budget, spent, measured, lastSchema] = [repairs, [], 0, 0, [], undefined];
  let reason: HygieneDropReason = 'invalid-call';
  try {
    const {op} = call;
    const input = call.options as Record<string, unknown>;
    let head: Record<string, unknown> | undefined;
    if (op === 'trackEvent') {
      let {name} = input;
      reason = 'invalid-event-name';
      if (typeof name === 'string' && name.trim()) {
        if (name.length > LIMITS.eventName) {
          // Cut on a character boundary: half an emoji is not a name.
          name = name.slice(0, LIMITS.eventName).replace(/[\ud800-\udbff]$/, '');
          repairs.push(`event name cut to ${LIMITS.eventName} characters`);
        }
        head = {name};
      }
    } else if (op === 'setIdentity') {
      if (input.anonymous === true) return {call: {op, options: {anonymous: true}}, repairs};
      const {uid} = input;
      reason = 'invalid-uid';
      if (typeof uid === 'string' && uid) head = {uid};
    } else if (op === 'setProperties') head = {type: input.type === 'page' ? 'page' : 'user'};
    if (head) {
      reason = 'payload-too-large';
      const options = withProperties(head, input.properties);
      if (options) return {call: {op, options} as FsCall, repairs};
    }
  } catch {
    // Whatever got past every guard above (an options object that is itself a hostile Proxy):
    // drop this call, keep the page alive.
    reason = 'invalid-call';
  } finally {
    [notes, ancestors, budget, spent, measured, lastSchema] = outer;
  }
  return {call: null, repairs, reason};
}
