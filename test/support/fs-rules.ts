/**
 * SPEC §7 written down a second time, independently of src/hygiene.ts: what a call must look like
 * for FullStory to accept it. Tests check every call that leaves hygiene, or reaches the FullStory
 * stand-in, against this. It measures the payload the slow, obvious way (JSON + TextEncoder).
 */
export const MAX_PAYLOAD = 512 * 1024;
const NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;
const SUFFIX = /_(str|int|real|date|bool)s?$/;
const RESERVED = ['__proto__', 'constructor', 'prototype'];
const TYPES = ['str', 'int', 'real', 'date', 'bool', 'strs', 'ints', 'reals', 'dates', 'bools'];
const MAX_DEPTH = 10;

export const utf8Bytes = (text: string) => new TextEncoder().encode(text).length;
export const payloadBytes = (options: unknown) => utf8Bytes(JSON.stringify(options));

const isPlain = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  Object.getPrototypeOf(value) === Object.prototype;

function checkValue(value: unknown, path: string, depth: number, ancestors: unknown[], out: string[]): void {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return;
    case 'number':
      if (!Number.isFinite(value)) out.push(`${path}: ${value} is not a finite number`);
      return;
    case 'object':
      if (value === null) return;
      if (ancestors.includes(value)) return void out.push(`${path}: cycle`);
      if (depth > MAX_DEPTH) return void out.push(`${path}: deeper than ${MAX_DEPTH}`);
      if (Array.isArray(value)) {
        value.forEach((item, i) => checkValue(item, `${path}[${i}]`, depth + 1, [...ancestors, value], out));
        if (Object.keys(value).length !== value.length) out.push(`${path}: sparse list`);
        return;
      }
      if (!isPlain(value)) return void out.push(`${path}: not a plain object`);
      return checkProperties(value, path, depth, [...ancestors, value], out);
    default:
      out.push(`${path}: ${typeof value} value`);
  }
}

function checkProperties(
  properties: Record<string, unknown>,
  path: string,
  depth: number,
  ancestors: unknown[],
  out: string[],
) {
  for (const key of Object.keys(properties)) {
    const where = path ? `${path}.${key}` : key;
    if (!NAME.test(key)) out.push(`${where}: name does not match ${NAME}`);
    if (key.length > 512) out.push(`${where}: name longer than 512`);
    if (SUFFIX.test(key)) out.push(`${where}: v1 type suffix`);
    if (RESERVED.includes(key)) out.push(`${where}: reserved key`);
    checkValue(properties[key], where, depth + 1, ancestors, out);
  }
}

const fitsType = (type: string, value: unknown): boolean => {
  if (type.endsWith('s')) return Array.isArray(value) && value.every(item => fitsType(type.slice(0, -1), item));
  if (type === 'str') return typeof value === 'string';
  if (type === 'date') return typeof value === 'string' && !Number.isNaN(Date.parse(value));
  if (type === 'bool') return typeof value === 'boolean';
  if (type === 'int') return Number.isInteger(value);
  return typeof value === 'number';
};

function checkSchema(schema: unknown, properties: Record<string, unknown>, path: string, out: string[]): void {
  if (!isPlain(schema)) return void out.push(`schema${path}: not an object`);
  for (const key of Object.keys(schema)) {
    const type = schema[key];
    const where = `schema${path}.${key}`;
    if (!(key in properties)) out.push(`${where}: no such property`);
    else if (typeof type === 'string') {
      if (!TYPES.includes(type)) out.push(`${where}: unknown type ${type}`);
      else if (!fitsType(type, properties[key])) out.push(`${where}: value is not ${type}`);
    } else if (isPlain(properties[key]))
      checkSchema(type, properties[key] as Record<string, unknown>, `${path}.${key}`, out);
    else out.push(`${where}: nested schema for a value that is not an object`);
  }
}

/** Every way `call` breaks §7; empty when FullStory would take it. */
export function violations(call: {op: string; options: any}): string[] {
  const out: string[] = [];
  const {op, options} = call;
  if (!isPlain(options)) return ['options: not a plain object'];
  if (op === 'setIdentity' && options.anonymous !== undefined) {
    if (options.anonymous !== true || Object.keys(options).length !== 1) out.push('anonymous: not {anonymous: true}');
    return out;
  }
  if (op === 'trackEvent') {
    if (typeof options.name !== 'string' || options.name.trim() === '') out.push('name: empty or not a string');
    else if (options.name.length > 250) out.push('name: longer than 250');
  } else if (op === 'setIdentity') {
    if (typeof options.uid !== 'string' || options.uid === '') out.push('uid: empty or not a string');
  } else if (op === 'setProperties') {
    if (options.type !== 'user' && options.type !== 'page') out.push('type: not user or page');
    if (options.type === 'page' && Object.keys(options.properties ?? {}).filter(k => k !== 'pageName').length > 50) {
      out.push('properties: more than 50 page properties');
    }
  } else return [`op: ${op} is not a data operation`];
  if (!isPlain(options.properties)) out.push('properties: not a plain object');
  else {
    checkProperties(options.properties, '', 0, [options.properties], out);
    if (options.schema !== undefined) {
      if (!isPlain(options.schema) || Object.keys(options.schema).join() !== 'properties')
        out.push('schema: not {properties}');
      else checkSchema(options.schema.properties, options.properties, '', out);
    }
  }
  if (out.length === 0 && payloadBytes(options) > MAX_PAYLOAD) out.push(`payload: ${payloadBytes(options)} bytes`);
  return out;
}
