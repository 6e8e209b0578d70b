/**
 * RudderStack message → FullStory v2 calls (SPEC §6), as pure functions of plain data.
 *
 * Nothing here reads the page, the clock or FullStory: what a mapping needs from the outside world
 * (the current URL for a page call without page fields) comes in as
 * arguments, and what it decides comes back as data. That keeps every rule of the seed testable
 * on its own and keeps the element a thin conductor.
 */
import type {FsCall, Properties, RudderMessage} from '../contracts.js';
import {isRecord} from '../page.js';

export type {FsCall, Properties};

/** What happens when a call carries no userId (the `anonymous` attribute). */
export type AnonymousMode = 'uid' | 'property' | 'ignore';

export interface MappingOptions {
  /** An `AnonymousMode`; any other value (the attribute is the page's to misspell) counts as `uid`, the default. */
  readonly anonymous?: string;
  /** Off unless set. */
  readonly camelcase?: boolean;
  /** Off unless set. */
  readonly pageProperties?: boolean;
}

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

export const PAGE_EVENT = 'Viewed a Page';

/**
 * A v1 type suffix (`_str`, `_ints`, …): camel-casing keeps it apart from the word before it, as
 * RudderStack's destination does, and hygiene reads the declared type from it.
 */
export const V1_SUFFIX = /_(str|int|real|date|bool)s?$/;

/** `value` when it is a record, else `{}`: what each optional field of a message falls back to. */
const recordOf = (value: unknown): Properties => (isRecord(value) ? value : {});

/** A string with something in it: what a name, an event or an id must be to count. */
const isText = (value: unknown): value is string => typeof value === 'string' && value !== '';

/**
 * camelCase a key the way RudderStack's hosted FullStory destination does: words split on
 * separators and case changes, first word lower-case, later words capitalised; a v1 type suffix
 * stays as it is (`is_admin_bool` → `isAdmin_bool`) so hygiene can still read the declared type.
 */
export function camelCaseKey(key: string): string {
  const stem = key.replace(V1_SUFFIX, '');
  const words = stem.match(/[A-Z]{2,}(?=[A-Z][a-z]|[\W_]|$)|[A-Z]?[a-z]+\d*|[A-Z]+|\d+/g);
  // Words are ASCII letters and digits, never empty: joined by spaces, each space marks where a
  // later word's first character is capitalised.
  return words
    ? words
        .join(' ')
        .toLowerCase()
        .replace(/ (.)/g, (_, first: string) => first.toUpperCase()) + key.slice(stem.length)
    : key;
}

/** A message's calls, or why it has none. */
export type Mapped = FsCall[] | MappingDropReason;

function mapIdentify(message: RudderMessage, options: MappingOptions): Mapped {
  // The keys FullStory treats as the user id must not travel as ordinary properties. The rest are
  // copied as own keys (an own `__proto__` from JSON.parse too: hygiene removes it, and says so).
  const {
    uid: _uid,
    userId: _userId,
    ...properties
  } = {...recordOf(message.context?.traits), ...recordOf(message.traits)};
  if (properties.displayName === undefined && isText(properties.name)) {
    properties.displayName = properties.name;
  }

  // FullStory wants the user id as a non-empty string.
  const {userId} = message;
  const uid = (typeof userId === 'string' || typeof userId === 'number') && String(userId);
  const anonymousId = message.anonymousId;

  if (!uid) {
    if (!isText(anonymousId)) return 'no-user-id';
    if (options.anonymous === 'ignore') return 'anonymous-ignored';
    if (options.anonymous === 'property') {
      return [{op: 'setProperties', options: {type: 'user', properties: {...properties, anonymousId}}}];
    }
  }
  // The user id, else (`anonymous` is `uid`, the default) the anonymous id.
  return [{op: 'setIdentity', options: {uid: uid || (anonymousId as string), properties}}];
}

const PAGE_FIELDS = ['path', 'referrer', 'search', 'title', 'url'] as const;

function mapPage(message: RudderMessage, options: MappingOptions, defaults: PageDefaults): FsCall[] {
  const given = recordOf(message.properties);
  const contextPage = recordOf(message.context?.page);
  const ours: Properties = {};
  // The call's own name and category, else the ones in its properties.
  for (const key of ['name', 'category'] as const) {
    const value = isText(message[key]) ? message[key] : given[key];
    if (value !== undefined && value !== null && value !== '') ours[key] = value;
  }
  // Field order follows the seed's list; a value the page passed wins over one it did not.
  for (const field of PAGE_FIELDS) {
    const value = given[field] ?? contextPage[field] ?? defaults[field];
    if (value !== undefined) ours[field] = value;
  }
  // These first, then the page's other properties, ours again over the keys both have. Spread, so
  // every key is an own key like any other (`toString`; an own `__proto__` for hygiene to announce).
  const properties = {...ours, ...given, ...ours};

  const calls: FsCall[] = [{op: 'trackEvent', options: {name: PAGE_EVENT, properties}}];
  const pageName = properties.name;
  if (options.pageProperties && isText(pageName)) {
    calls.push({op: 'setProperties', options: {type: 'page', properties: {pageName}}});
  }
  return calls;
}

function mapType(message: RudderMessage, options: MappingOptions, defaults: PageDefaults): Mapped {
  switch (message.type) {
    case 'identify':
      return mapIdentify(message, options);
    case 'track':
      // A copy: its top-level values are read here, as the other calls' properties are.
      return isText(message.event)
        ? [{op: 'trackEvent', options: {name: message.event, properties: {...recordOf(message.properties)}}}]
        : 'missing-event';
    case 'page':
      return mapPage(message, options, defaults);
    case 'reset':
      return [{op: 'setIdentity', options: {anonymous: true}}];
    default:
      // group and alias have no FullStory counterpart in the seed; anything else is not RudderStack's.
      return 'unsupported-type';
  }
}

/**
 * Map one RudderStack message to the FullStory calls it stands for, or say why there are none.
 * Stateless: whether an identify repeats the identity already sent is decided after hygiene (the
 * element compares cleaned calls, so traits that cannot be compared raw, like cycles, still match).
 */
export function mapCalls(message: unknown, options: MappingOptions, defaults: PageDefaults = {}): Mapped {
  const mapped = isRecord(message) ? mapType(message as RudderMessage, options, defaults) : 'invalid-message';
  // Top-level keys of every call. `pageName`, `anonymousId` and FullStory's own special names
  // (`displayName`, `email`) are camel-cased already: they come out as they are.
  if (options.camelcase && typeof mapped !== 'string') {
    for (const {options: fields} of mapped as {options: {properties?: Properties}}[]) {
      if (fields.properties) {
        fields.properties = Object.fromEntries(
          Object.entries(fields.properties).map(([key, value]) => [camelCaseKey(key), value]),
        );
      }
    }
  }
  return mapped;
}
