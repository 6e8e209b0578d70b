/**
 * A corpus of malformed RudderStack messages, each with what FullStory must receive and which
 * `rudder-fullstory-drop` reasons must be announced. test/hygiene-corpus.test.ts runs every case
 * through mapping + hygiene, and through the element by bus publish and by DOM event.
 *
 * Messages are built by functions: several are Proxies, cycles or one-off objects that must be fresh
 * for each run.
 */
export interface CorpusCase {
  name: string;
  message: () => unknown;
  /** What FullStory receives, `[operation, options]` per call, in order. */
  sent: [string, Record<string, unknown>][];
  /** `rudder-fullstory-drop` reasons in order; `repaired` for a call that was sent changed. */
  reasons: string[];
  /** Not an object at all: the bus carries only objects, so the element never sees it (and says nothing). */
  notAMessage?: true;
}

const EVENT = 'Clicked';
const PAGE = {path: '/pricing', referrer: '$direct', search: '', title: 'Pricing', url: 'https://site.test/pricing'};
const KB = 1024;

const track =
  (properties: unknown, event: unknown = EVENT) =>
  () => ({type: 'track', event, properties});
const tracked = (
  properties: Record<string, unknown>,
  schema?: Record<string, unknown>,
): [string, Record<string, unknown>] => [
  'trackEvent',
  schema ? {name: EVENT, properties, schema: {properties: schema}} : {name: EVENT, properties},
];
const identified = (
  uid: string,
  properties: Record<string, unknown>,
  schema?: Record<string, unknown>,
): [string, Record<string, unknown>] => [
  'setIdentity',
  schema ? {uid, properties, schema: {properties: schema}} : {uid, properties},
];
const throwingGetter = (base: Record<string, unknown>, key: string) =>
  Object.defineProperty(base, key, {
    enumerable: true,
    get: () => {
      throw new Error(`${key} getter`);
    },
  });
const revoked = () => {
  const revocable = Proxy.revocable({}, {});
  revocable.revoke();
  return revocable.proxy;
};
const nest = (levels: number, leaf: unknown): unknown => (levels === 0 ? leaf : {d: nest(levels - 1, leaf)});
const blob200 = 'x'.repeat(200 * KB);

/** An object made by another realm (an iframe), as embedded widgets hand them over. */
function foreignObject(): Record<string, unknown> {
  let frame = document.getElementById('corpus-realm') as HTMLIFrameElement | null;
  if (!frame) {
    frame = document.createElement('iframe');
    frame.id = 'corpus-realm';
    frame.hidden = true;
    document.body.appendChild(frame);
  }
  const realm = frame.contentWindow as unknown as {Object: ObjectConstructor; Date: DateConstructor};
  const object = new realm.Object() as Record<string, unknown>;
  object.plan = 'pro';
  object.at = new realm.Date(Date.UTC(2024, 0, 31));
  return object;
}

export const CORPUS: CorpusCase[] = [
  // --- Not a message, or not a readable one
  {name: 'null instead of a message', message: () => null, sent: [], reasons: ['invalid-message'], notAMessage: true},
  {
    name: 'a string instead of a message',
    message: () => 'track',
    sent: [],
    reasons: ['invalid-message'],
    notAMessage: true,
  },
  {
    name: 'a list instead of a message',
    message: () => [{type: 'track', event: EVENT}],
    sent: [],
    reasons: ['invalid-message'],
  },
  {name: 'a message without a type', message: () => ({event: EVENT}), sent: [], reasons: ['unsupported-type']},
  {name: 'an unknown type', message: () => ({type: 'screen', name: 'Home'}), sent: [], reasons: ['unsupported-type']},
  {name: 'a numeric type', message: () => ({type: 42}), sent: [], reasons: ['unsupported-type']},
  {name: 'a group call', message: () => ({type: 'group', groupId: 'g1'}), sent: [], reasons: ['unsupported-type']},
  {
    name: 'an alias call',
    message: () => ({type: 'alias', userId: 'new', previousId: 'old'}),
    sent: [],
    reasons: ['unsupported-type'],
  },
  {
    name: 'a type getter that throws',
    message: () => throwingGetter({}, 'type'),
    sent: [],
    reasons: ['invalid-message'],
  },
  {name: 'a revoked Proxy as the message', message: revoked, sent: [], reasons: ['invalid-message']},
  {
    name: 'top-level properties with a getter that throws',
    message: track(throwingGetter({ok: 1}, 'bad')),
    sent: [],
    reasons: ['invalid-message'],
  },
  {
    name: 'a message carrying __proto__ (from JSON.parse)',
    message: () =>
      JSON.parse('{"type": "track", "event": "Clicked", "properties": {"ok": 1}, "__proto__": {"polluted": true}}'),
    sent: [tracked({ok: 1})],
    reasons: [],
  },

  // --- Event names
  {
    name: 'a track without an event name',
    message: () => ({type: 'track', properties: {a: 1}}),
    sent: [],
    reasons: ['missing-event'],
  },
  {name: 'an empty event name', message: track({}, ''), sent: [], reasons: ['missing-event']},
  {name: 'a numeric event name', message: track({}, 42), sent: [], reasons: ['missing-event']},
  {name: 'an event name of spaces', message: track({}, '   '), sent: [], reasons: ['invalid-event-name']},
  {
    name: 'an event name of 300 characters',
    message: track({a: 1}, 'E'.repeat(300)),
    sent: [['trackEvent', {name: 'E'.repeat(250), properties: {a: 1}}]],
    reasons: ['repaired'],
  },
  {
    name: 'an event name cut inside an emoji',
    message: track({}, 'x'.repeat(249) + '😀'.repeat(10)),
    sent: [['trackEvent', {name: 'x'.repeat(249), properties: {}}]],
    reasons: ['repaired'],
  },

  // --- Properties that are not an object
  {name: 'properties that are a string', message: track('color=red'), sent: [tracked({})], reasons: []},
  {name: 'properties that are a list', message: track([1, 2]), sent: [tracked({})], reasons: []},
  {name: 'properties that are null', message: track(null), sent: [tracked({})], reasons: []},

  // --- Property names
  {
    name: '$-prefixed keys',
    message: track({$browser: 'Chrome', $os: 'Linux'}),
    sent: [tracked({browser: 'Chrome', os: 'Linux'})],
    reasons: ['repaired'],
  },
  {
    name: 'spaces and punctuation in keys',
    message: track({'first name': 'Ada', 'e-mail!': 'ada@example.com'}),
    sent: [tracked({first_name: 'Ada', 'e-mail_': 'ada@example.com'})],
    reasons: ['repaired'],
  },
  {
    name: 'a key starting with digits',
    message: track({'1st_place': true}),
    sent: [tracked({st_place: true})],
    reasons: ['repaired'],
  },
  {
    name: 'keys with nothing usable',
    message: track({'123': 1, '!!!': 2, '': 3, ok: 4}),
    sent: [tracked({ok: 4})],
    reasons: ['repaired'],
  },
  {
    name: 'accented keys',
    message: track({prénom: 'Zoë', Straße: 'Hauptstraße'}),
    sent: [tracked({prenom: 'Zoë', Stra_e: 'Hauptstraße'})],
    reasons: ['repaired'],
  },
  {
    name: 'emoji and CJK keys',
    message: track({'😀mood': 'happy', 名前: 'Ada'}),
    sent: [tracked({mood: 'happy'})],
    reasons: ['repaired'],
  },
  {
    name: 'a key longer than 512 characters',
    message: track({['k'.repeat(600)]: 1}),
    sent: [tracked({['k'.repeat(512)]: 1})],
    reasons: ['repaired'],
  },
  {
    name: 'a key that repairs onto an exact one',
    message: track({$email: 'old@example.com', email: 'new@example.com'}),
    sent: [tracked({email: 'new@example.com'})],
    reasons: ['repaired'],
  },
  {
    name: 'two keys that repair to one name',
    message: track({'first name': 'a', first$name: 'b'}),
    sent: [tracked({first_name: 'a'})],
    reasons: ['repaired'],
  },

  // --- v1 type suffixes
  {
    name: 'a _str suffix',
    message: track({plan_str: 'pro'}),
    sent: [tracked({plan: 'pro'}, {plan: 'str'})],
    reasons: ['repaired'],
  },
  {
    name: 'an _int suffix',
    message: track({qty_int: 2}),
    sent: [tracked({qty: 2}, {qty: 'int'})],
    reasons: ['repaired'],
  },
  {
    name: 'a _real suffix',
    message: track({revenue_real: 9.99}),
    sent: [tracked({revenue: 9.99}, {revenue: 'real'})],
    reasons: ['repaired'],
  },
  {
    name: 'a _bool suffix',
    message: track({is_admin_bool: true}),
    sent: [tracked({is_admin: true}, {is_admin: 'bool'})],
    reasons: ['repaired'],
  },
  {
    name: 'a _date suffix on a Date',
    message: track({signup_date: new Date(Date.UTC(2024, 0, 31))}),
    sent: [tracked({signup: '2024-01-31T00:00:00.000Z'}, {signup: 'date'})],
    reasons: ['repaired'],
  },
  {
    name: 'plural suffixes',
    message: track({
      tags_strs: ['a'],
      ids_ints: [1, 2],
      prices_reals: [1.5],
      flags_bools: [true],
      days_dates: ['2024-01-31'],
    }),
    sent: [
      tracked(
        {tags: ['a'], ids: [1, 2], prices: [1.5], flags: [true], days: ['2024-01-31']},
        {tags: 'strs', ids: 'ints', prices: 'reals', flags: 'bools', days: 'dates'},
      ),
    ],
    reasons: ['repaired'],
  },
  {
    name: 'a suffix the value does not fit',
    message: track({qty_int: 'many', when_date: 'soon'}),
    sent: [tracked({qty: 'many', when: 'soon'})],
    reasons: ['repaired'],
  },
  {
    name: 'a suffix in a nested object',
    message: track({address: {zip_str: '1000', city: 'Brussels'}}),
    sent: [tracked({address: {zip: '1000', city: 'Brussels'}}, {address: {zip: 'str'}})],
    reasons: ['repaired'],
  },
  {
    name: 'a suffix in a list of objects',
    message: track({products: [{price_real: 9.99, sku: 'A1'}]}),
    sent: [tracked({products: [{price: 9.99, sku: 'A1'}]})],
    reasons: ['repaired'],
  },
  {
    name: 'stacked suffixes',
    message: track({total_int_real: 3.5}),
    sent: [tracked({total: 3.5}, {total: 'real'})],
    reasons: ['repaired'],
  },
  {
    name: 'a suffixed key next to its plain twin',
    message: track({qty: 1, qty_int: 2}),
    sent: [tracked({qty: 1})],
    reasons: ['repaired'],
  },

  // --- Keys that reach prototypes
  {
    name: 'a __proto__ key (from JSON.parse)',
    message: track(JSON.parse('{"__proto__": {"polluted": true}, "ok": 1}')),
    sent: [tracked({ok: 1})],
    reasons: ['repaired'],
  },
  {
    name: 'constructor.prototype (from JSON.parse)',
    message: track(JSON.parse('{"constructor": {"prototype": {"polluted": true}}, "ok": 1}')),
    sent: [tracked({ok: 1})],
    reasons: ['repaired'],
  },
  {
    name: 'a prototype key',
    message: track({prototype: {polluted: true}, ok: 1}),
    sent: [tracked({ok: 1})],
    reasons: ['repaired'],
  },
  {
    name: 'keys that repair into constructor',
    message: track({$constructor: 'x', constructor_str: 'y', ok: 1}),
    sent: [tracked({ok: 1})],
    reasons: ['repaired'],
  },
  {
    name: 'a nested __proto__ key',
    message: track({a: JSON.parse('{"__proto__": {"polluted": true}, "b": 1}')}),
    sent: [tracked({a: {b: 1}})],
    reasons: ['repaired'],
  },

  // --- Values
  {name: 'a function value', message: track({fn: () => 1, ok: 1}), sent: [tracked({ok: 1})], reasons: ['repaired']},
  {name: 'a symbol value', message: track({sym: Symbol('s'), ok: 1}), sent: [tracked({ok: 1})], reasons: ['repaired']},
  {
    name: 'an undefined value (absent, as in JSON)',
    message: track({gone: undefined, ok: 1}),
    sent: [tracked({ok: 1})],
    reasons: [],
  },
  {name: 'NaN', message: track({ratio: NaN, ok: 1}), sent: [tracked({ok: 1})], reasons: ['repaired']},
  {
    name: 'Infinity and -Infinity',
    message: track({hi: Infinity, lo: -Infinity, ok: 1}),
    sent: [tracked({ok: 1})],
    reasons: ['repaired'],
  },
  {name: 'a small BigInt', message: track({visits: 42n}), sent: [tracked({visits: 42})], reasons: ['repaired']},
  {
    name: 'a huge BigInt',
    message: track({id: 2n ** 64n}),
    sent: [tracked({id: '18446744073709551616'})],
    reasons: ['repaired'],
  },
  {
    name: 'a Date (an ISO-8601 string, as in JSON)',
    message: track({at: new Date(Date.UTC(2024, 0, 31, 12))}),
    sent: [tracked({at: '2024-01-31T12:00:00.000Z'})],
    reasons: [],
  },
  {
    name: 'an invalid Date',
    message: track({at: new Date('not a date'), ok: 1}),
    sent: [tracked({ok: 1})],
    reasons: ['repaired'],
  },
  {
    name: 'a circular object',
    message: () => {
      const cart: Record<string, unknown> = {id: 'c1'};
      cart.self = cart;
      return {type: 'track', event: EVENT, properties: {cart}};
    },
    sent: [tracked({cart: {id: 'c1'}})],
    reasons: ['repaired'],
  },
  {
    name: 'a circular list',
    message: () => {
      const list: unknown[] = [1];
      list.push(list);
      return {type: 'track', event: EVENT, properties: {list}};
    },
    sent: [tracked({list: [1]})],
    reasons: ['repaired'],
  },
  {
    name: 'one object referenced twice (not a cycle)',
    message: () => {
      const shared = {id: 1};
      return {type: 'track', event: EVENT, properties: {a: shared, b: [shared]}};
    },
    sent: [tracked({a: {id: 1}, b: [{id: 1}]})],
    reasons: [],
  },
  {
    name: 'objects nested 15 levels deep',
    message: track({deep: nest(15, 'leaf')}),
    sent: [tracked({deep: nest(9, {})})],
    reasons: ['repaired'],
  },
  {
    name: 'a Map and a Set',
    message: track({map: new Map([['a', 1]]), set: new Set([1]), ok: 1}),
    sent: [tracked({ok: 1})],
    reasons: ['repaired'],
  },
  {
    name: 'a class instance',
    message: () => {
      class Cart {
        items = 2;
      }
      return {type: 'track', event: EVENT, properties: {cart: new Cart(), ok: 1}};
    },
    sent: [tracked({ok: 1})],
    reasons: ['repaired'],
  },
  {
    name: 'an object with toJSON (what JSON would send)',
    message: track({
      money: {amount: 5, toJSON: () => ({amount: 5, currency: 'EUR'})},
      url: new URL('https://site.test/a'),
    }),
    sent: [tracked({money: {amount: 5, currency: 'EUR'}, url: 'https://site.test/a'})],
    reasons: [],
  },
  {
    name: 'a toJSON that throws',
    message: track({
      bad: {
        toJSON: () => {
          throw new Error('toJSON');
        },
      },
      ok: 1,
    }),
    sent: [tracked({ok: 1})],
    reasons: ['repaired'],
  },
  {
    name: 'a nested getter that throws',
    message: () => ({type: 'track', event: EVENT, properties: {user: throwingGetter({id: 1}, 'secret')}}),
    sent: [tracked({user: {id: 1}})],
    reasons: ['repaired'],
  },
  {
    name: 'a Proxy whose ownKeys throws',
    message: () => ({
      type: 'track',
      event: EVENT,
      properties: {
        p: new Proxy(
          {},
          {
            ownKeys: () => {
              throw new Error('ownKeys');
            },
          },
        ),
        ok: 1,
      },
    }),
    sent: [tracked({ok: 1})],
    reasons: ['repaired'],
  },
  {
    name: 'a revoked Proxy value',
    message: () => ({type: 'track', event: EVENT, properties: {p: revoked(), ok: 1}}),
    sent: [tracked({ok: 1})],
    reasons: ['repaired'],
  },
  {
    name: 'boxed primitives (unwrapped, as in JSON)',
    message: track({s: new String('x'), n: new Number(1), b: new Boolean(false)}),
    sent: [tracked({s: 'x', n: 1, b: false})],
    reasons: [],
  },
  {
    name: 'a typed array',
    message: track({bytes: new Uint8Array([1, 2]), ok: 1}),
    sent: [tracked({ok: 1})],
    reasons: ['repaired'],
  },
  {
    name: 'a DOM node',
    message: () => ({type: 'track', event: EVENT, properties: {el: document.body, ok: 1}}),
    sent: [tracked({ok: 1})],
    reasons: ['repaired'],
  },
  {
    name: 'the window itself',
    message: () => ({type: 'track', event: EVENT, properties: {win: window, ok: 1}}),
    sent: [tracked({ok: 1})],
    reasons: ['repaired'],
  },
  {
    name: 'an Error',
    message: track({error: new Error('boom'), ok: 1}),
    sent: [tracked({ok: 1})],
    reasons: ['repaired'],
  },
  {
    name: 'a list with holes and undefined',
    // eslint-disable-next-line no-sparse-arrays
    message: track({list: [1, , undefined, 2]}),
    sent: [tracked({list: [1, 2]})],
    reasons: [],
  },
  {
    name: 'a list of junk',
    message: track({list: [1, NaN, () => 1, 'a', Symbol('s')]}),
    sent: [tracked({list: [1, 'a']})],
    reasons: ['repaired'],
  },
  {
    name: 'a cross-realm object (iframe)',
    message: () => ({type: 'track', event: EVENT, properties: {sub: foreignObject()}}),
    sent: [tracked({sub: {plan: 'pro', at: '2024-01-31T00:00:00.000Z'}})],
    reasons: [],
  },

  // --- Size
  {
    name: 'a list of 300,000 items',
    message: () => track({items: new Array(300_000).fill(0), ok: 1})(),
    sent: [tracked({ok: 1})],
    reasons: ['repaired'],
  },
  {
    name: 'a sparse list a billion long',
    message: () => track({list: new Array(1e9), ok: 1})(),
    sent: [tracked({ok: 1})],
    reasons: ['repaired'],
  },
  {
    name: 'a 600 KB string',
    message: () => track({blob: 'x'.repeat(600 * KB), ok: 1})(),
    sent: [tracked({ok: 1})],
    reasons: ['repaired'],
  },
  {
    name: 'three 200 KB strings',
    message: () => track({a: blob200, b: blob200, c: blob200, ok: 1})(),
    sent: [tracked({a: blob200, b: blob200, ok: 1})],
    reasons: ['repaired'],
  },
  {
    name: 'multi-byte text past the limit',
    message: () => track({text: '€'.repeat(200_000), ok: 1})(),
    sent: [tracked({ok: 1})],
    reasons: ['repaired'],
  },
  {
    name: 'ten thousand small properties',
    message: () => track(Object.fromEntries(Array.from({length: 10_000}, (_, i) => [`p${i}`, i])))(),
    sent: [tracked(Object.fromEntries(Array.from({length: 10_000}, (_, i) => [`p${i}`, i])))],
    reasons: [],
  },

  // --- identify
  {
    name: 'an identify with neither userId nor anonymousId',
    message: () => ({type: 'identify', traits: {plan: 'pro'}}),
    sent: [],
    reasons: ['no-user-id'],
  },
  {
    name: 'a numeric userId',
    message: () => ({type: 'identify', userId: 42, traits: {plan: 'pro'}}),
    sent: [identified('42', {plan: 'pro'})],
    reasons: [],
  },
  {
    name: 'a userId that is an object',
    message: () => ({type: 'identify', userId: {id: 1}, anonymousId: 'anon-1', traits: {plan: 'pro'}}),
    sent: [identified('anon-1', {plan: 'pro'})],
    reasons: [],
  },
  {
    name: 'cyclic traits',
    message: () => {
      const traits: Record<string, unknown> = {plan: 'pro'};
      traits.me = traits;
      return {type: 'identify', userId: 'u1', traits};
    },
    // Mapping copies the traits, so the loop closes one level down.
    sent: [identified('u1', {plan: 'pro', me: {plan: 'pro'}})],
    reasons: ['repaired'],
  },
  {
    name: 'uid keys among the traits',
    message: () => ({type: 'identify', userId: 'u1', traits: {uid: 'x', userId: 'y', plan: 'pro'}}),
    sent: [identified('u1', {plan: 'pro'})],
    reasons: [],
  },
  {
    name: 'a __proto__ trait (from JSON.parse)',
    message: () => ({type: 'identify', userId: 'u1', traits: JSON.parse('{"__proto__": {"polluted": true}, "ok": 1}')}),
    sent: [identified('u1', {ok: 1})],
    reasons: ['repaired'],
  },
  {
    name: 'a BigInt trait',
    message: () => ({type: 'identify', userId: 'u1', traits: {visits: 10n}}),
    sent: [identified('u1', {visits: 10})],
    reasons: ['repaired'],
  },
  {
    name: 'traits with $ keys and suffixes',
    message: () => ({type: 'identify', userId: 'u1', context: {traits: {$name: 'Ada', age_int: 36}}}),
    sent: [identified('u1', {name: 'Ada', age: 36}, {age: 'int'})],
    reasons: ['repaired'],
  },
  {
    name: 'a uid of 600 KB',
    message: () => ({type: 'identify', userId: 'u'.repeat(600 * KB)}),
    sent: [],
    reasons: ['payload-too-large'],
  },

  // --- page and reset
  {
    name: 'a page with a numeric name',
    message: () => ({type: 'page', name: 42, properties: {...PAGE}}),
    sent: [['trackEvent', {name: 'Viewed a Page', properties: {...PAGE}}]],
    reasons: [],
  },
  {
    name: 'a page with junk properties',
    message: () => ({type: 'page', name: 'Pricing', properties: {...PAGE, $ref: 'ad', fn() {}}}),
    sent: [['trackEvent', {name: 'Viewed a Page', properties: {name: 'Pricing', ...PAGE, ref: 'ad'}}]],
    reasons: ['repaired'],
  },
  {
    name: 'page properties named like Object.prototype members, and a __proto__ (from JSON.parse)',
    message: () => ({
      type: 'page',
      properties: {...PAGE, ...JSON.parse('{"toString": "x", "valueOf": 1, "__proto__": {"polluted": true}}')},
    }),
    sent: [['trackEvent', {name: 'Viewed a Page', properties: {...PAGE, toString: 'x', valueOf: 1}}]],
    reasons: ['repaired'],
  },
  {
    name: 'a reset with junk fields',
    message: () => ({type: 'reset', userId: Symbol('u'), properties: revoked()}),
    sent: [['setIdentity', {anonymous: true}]],
    reasons: [],
  },
];
