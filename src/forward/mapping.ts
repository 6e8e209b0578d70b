/**
 * RudderStack message → FullStory v2 calls (SPEC §6), as pure functions of plain data.
 *
 * Nothing here reads the page, the clock or FullStory: what a mapping needs from the outside world
 * (the current URL for a page call without page fields) comes in as
 * arguments, and what it decides comes back as data. That keeps every rule of the seed testable
 * on its own and keeps the element a thin conductor.
 */
import type {FsCall, Properties, RudderMessage} from '../contracts.js';

export type {FsCall, Properties};

/** What happens when a call carries no userId (the `anonymous` attribute). */
export type AnonymousMode = 'uid' | 'property' | 'ignore';

export interface MappingOptions {
  /** An `AnonymousMode`; any other value (the attribute is the page's to misspell) counts as `uid`, the default. */
  readonly anonymous?: string;
  readonly camelcase: boolean;
  readonly pageProperties: boolean;
}

export const DEFAULT_MAPPING: MappingOptions = {anonymous: 'uid', camelcase: false, pageProperties: false};

/** The page fields the seed sends with every page call, filled from the browser when the message lacks them. */
export interface PageDefaults {
  path?: string;
  referrer?: string;
  search?: string;
  title?: string;
  url?: string;
}

/** Why a message produced no call, or fewer than asked for. Stable strings: they are public (drop events). */
export type MappingDropReason =
  'invalid-message' | 'unsupported-type' | 'missing-event' | 'no-user-id' | 'anonymous-ignored';

export interface MappingResult {
  calls: FsCall[];
  /** Set when the message was not sent (in whole or, for page-properties, in part). */
  dropped?: MappingDropReason;
}

export const PAGE_EVENT = 'Viewed a Page';

/** The keys FullStory treats as the user id: they must not travel as ordinary properties. */
const UID_KEYS = new Set(['uid', 'userId']);

/**
 * A v1 type suffix (`_str`, `_ints`, …): camel-casing keeps it apart from the word before it, as
 * RudderStack's destination does, and hygiene reads the declared type from it.
 */
export const V1_SUFFIX = /_(str|int|real|date|bool)s?$/;

export const isRecord = (value: unknown): value is Properties =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A string with something in it: what a name, an event or an id must be to count. */
const isText = (value: unknown): value is string => typeof value === 'string' && value !== '';

/**
 * camelCase a key the way RudderStack's hosted FullStory destination does: words split on
 * separators and case changes, first word lower-case, later words capitalised; a v1 type suffix
 * stays as it is (`is_admin_bool` → `isAdmin_bool`) so hygiene can still read the declared type.
 */
export function camelCaseKey(key: string): string {
  const suffix = V1_SUFFIX.exec(key)?.[0] ?? '';
  const stem = suffix ? key.slice(0, -suffix.length) : key;
  const words = stem.match(/[A-Z]{2,}(?=[A-Z][a-z]+[0-9]*|\b|_|[^A-Za-z0-9])|[A-Z]?[a-z]+[0-9]*|[A-Z]+|[0-9]+/g);
  if (!words) return key;
  // Words are ASCII letters and digits, never empty.
  const joined = words.map((word, i) => (i ? word[0].toUpperCase() + word.slice(1).toLowerCase() : word.toLowerCase()));
  return joined.join('') + suffix;
}

function shapeKeys(properties: Properties, camelcase: boolean): Properties {
  if (!camelcase) return {...properties};
  const out: Properties = {};
  for (const [key, value] of Object.entries(properties)) {
    // FullStory's own special names are already in the form it wants.
    out[key === 'displayName' || key === 'email' ? key : camelCaseKey(key)] = value;
  }
  return out;
}

/** A message's user id as FullStory wants it: a non-empty string, or undefined. */
function userIdOf(message: RudderMessage): string | undefined {
  const {userId} = message;
  return typeof userId === 'string' || typeof userId === 'number' ? String(userId) || undefined : undefined;
}

function traitsOf(message: RudderMessage): Properties {
  const fromContext = isRecord(message.context?.traits) ? message.context!.traits : {};
  const direct = isRecord(message.traits) ? message.traits : {};
  return {...fromContext, ...direct};
}

function mapIdentify(message: RudderMessage, options: MappingOptions): MappingResult {
  const traits = traitsOf(message);
  const properties: Properties = {};
  for (const [key, value] of Object.entries(traits)) if (!UID_KEYS.has(key)) properties[key] = value;
  if (properties.displayName === undefined && isText(traits.name)) {
    properties.displayName = traits.name;
  }
  const shaped = shapeKeys(properties, options.camelcase);

  const userId = userIdOf(message);
  const anonymousId = isText(message.anonymousId) ? message.anonymousId : undefined;

  if (userId === undefined) {
    if (anonymousId === undefined) return {calls: [], dropped: 'no-user-id'};
    if (options.anonymous === 'ignore') return {calls: [], dropped: 'anonymous-ignored'};
    if (options.anonymous === 'property') {
      return {calls: [{op: 'setProperties', options: {type: 'user', properties: {...shaped, anonymousId}}}]};
    }
  }
  // The user id, else (`anonymous` is `uid`, the default) the anonymous id.
  return {calls: [{op: 'setIdentity', options: {uid: userId ?? anonymousId!, properties: shaped}}]};
}

function mapTrack(message: RudderMessage, options: MappingOptions): MappingResult {
  if (!isText(message.event)) return {calls: [], dropped: 'missing-event'};
  const properties = isRecord(message.properties) ? message.properties : {};
  return {
    calls: [{op: 'trackEvent', options: {name: message.event, properties: shapeKeys(properties, options.camelcase)}}],
  };
}

const PAGE_FIELDS = ['path', 'referrer', 'search', 'title', 'url'] as const;

function mapPage(message: RudderMessage, options: MappingOptions, defaults: PageDefaults): MappingResult {
  const given = isRecord(message.properties) ? message.properties : {};
  const contextPage = isRecord(message.context?.page) ? message.context!.page : {};
  const properties: Properties = {};
  // The call's own name and category, else the ones in its properties.
  for (const key of ['name', 'category'] as const) {
    const value = isText(message[key]) ? message[key] : given[key];
    if (value !== undefined && value !== null && value !== '') properties[key] = value;
  }
  // Field order follows the seed's list; a value the page passed wins over one it did not.
  for (const field of PAGE_FIELDS) {
    const value = given[field] ?? contextPage[field] ?? defaults[field];
    if (value !== undefined) properties[field] = value;
  }
  for (const [key, value] of Object.entries(given)) if (!(key in properties)) properties[key] = value;

  const calls: FsCall[] = [
    {op: 'trackEvent', options: {name: PAGE_EVENT, properties: shapeKeys(properties, options.camelcase)}},
  ];
  const pageName = properties.name;
  if (options.pageProperties && isText(pageName)) {
    calls.push({op: 'setProperties', options: {type: 'page', properties: {pageName}}});
  }
  return {calls};
}

/**
 * Map one RudderStack message to the FullStory calls it stands for. Stateless: whether an identify
 * repeats the identity already sent is decided after hygiene (the element compares cleaned calls,
 * so traits that cannot be compared raw, like cycles, still match).
 */
export function mapMessage(
  message: unknown,
  options: MappingOptions = DEFAULT_MAPPING,
  defaults: PageDefaults = {},
): MappingResult {
  if (!isRecord(message)) return {calls: [], dropped: 'invalid-message'};
  const msg = message as RudderMessage;
  switch (msg.type) {
    case 'identify':
      return mapIdentify(msg, options);
    case 'track':
      return mapTrack(msg, options);
    case 'page':
      return mapPage(msg, options, defaults);
    case 'reset':
      return {calls: [{op: 'setIdentity', options: {anonymous: true}}]};
    default:
      // group and alias have no FullStory counterpart in the seed; anything else is not RudderStack's.
      return {calls: [], dropped: 'unsupported-type'};
  }
}
