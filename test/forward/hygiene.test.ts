import {expect} from '@open-wc/testing';
import {LIMITS, jsonStringBytes, repairPropertyName, sanitizeCall} from '../../src/forward/hygiene.js';
import {RateLimiter} from '../../src/forward/limits.js';
import {userFingerprint as identityKey} from '../../src/forward/pipeline.js';
import type {FsCall} from '../../src/forward/mapping.js';
import {MAX_PAYLOAD, payloadBytes, utf8Bytes, violations} from '../support/fs-rules.js';

const track = (properties: unknown, name: unknown = 'E') =>
  sanitizeCall({op: 'trackEvent', options: {name, properties}} as FsCall);
const sent = (result: ReturnType<typeof sanitizeCall>) => result.call!.options as any;

describe('hygiene: names', () => {
  it('passes a valid call through unchanged, with nothing to report', () => {
    const properties = {plan: 'pro', count: 3, ratio: 0.5, ok: false, none: null, nested: {ok: true}, list: ['a', 'b']};
    const result = track(properties);
    expect(result.repairs).to.deep.equal([]);
    expect(result.call).to.deep.equal({op: 'trackEvent', options: {name: 'E', properties}});
  });

  it('cuts event names to 250 characters, never inside a surrogate pair', () => {
    const long = track({}, 'x'.repeat(300));
    expect(sent(long).name).to.equal('x'.repeat(250));
    expect(long.repairs).to.deep.equal(['event name cut to 250 characters']);
    const emoji = track({}, 'x'.repeat(249) + '😀😀');
    expect(sent(emoji).name).to.equal('x'.repeat(249));
    expect(track({}, 'x'.repeat(250)).repairs).to.deep.equal([]);
  });

  it('drops empty, blank and non-string event names', () => {
    for (const name of ['', '   ', undefined, 42, null]) {
      expect(sanitizeCall({op: 'trackEvent', options: {name, properties: {}}} as never).reason).to.equal(
        'invalid-event-name',
      );
    }
  });

  it('repairs property names deterministically and drops those with nothing usable', () => {
    expect(repairPropertyName('$browser')).to.equal('browser');
    expect(repairPropertyName('first name')).to.equal('first_name');
    expect(repairPropertyName('prénom')).to.equal('prenom');
    expect(repairPropertyName('😀smile')).to.equal('smile');
    expect(repairPropertyName('a😀b')).to.equal('a_b');
    expect(repairPropertyName('1st-place')).to.equal('st-place');
    expect(repairPropertyName('123')).to.equal('');
    expect(repairPropertyName('名前')).to.equal('');
    expect(repairPropertyName('k'.repeat(600))).to.equal('k'.repeat(512));
    const result = track({$browser: 'x', '!!!': 1, '': 2});
    expect(sent(result).properties).to.deep.equal({browser: 'x'});
    expect(result.repairs).to.deep.equal([
      '$browser: renamed to browser',
      '!!!: name has no usable characters, removed',
      '"": name has no usable characters, removed',
    ]);
  });

  it('lets a key the page spelled right win over one that only repairs to it', () => {
    const result = track({$email: 'repaired', email: 'exact', 'first name': 1, first$name: 2});
    expect(sent(result).properties).to.deep.equal({email: 'exact', first_name: 1});
    expect(result.repairs).to.include('$email: same name as email once repaired, removed');
    expect(result.repairs).to.include('first$name: same name as first_name once repaired, removed');
  });

  it('never lets __proto__, constructor or prototype through, nor touches Object.prototype', () => {
    const evil = JSON.parse(
      '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}, "prototype": 1, "$constructor": 2, "constructor_str": "x", "nested": {"__proto__": {"polluted": true}, "ok": 1}}',
    );
    const result = track(evil);
    expect(sent(result).properties).to.deep.equal({nested: {ok: 1}});
    expect(Object.getPrototypeOf(sent(result).properties)).to.equal(Object.prototype);
    expect(({} as any).polluted).to.equal(undefined);
    expect(result.repairs.filter(line => line.endsWith('reserved name, removed'))).to.have.length(6);
  });
});

describe('hygiene: v1 type suffixes', () => {
  it('moves every v1 suffix into the schema, in the shape FullStory v2 takes', () => {
    const result = track({
      plan_str: 'pro',
      qty_int: 2,
      revenue_real: 9.99,
      admin_bool: true,
      signup_date: new Date(Date.UTC(2026, 0, 2)),
      tags_strs: ['a'],
      ids_ints: [1, 2],
      coords_reals: [1.5],
      flags_bools: [true],
      days_dates: ['2026-01-02'],
    });
    expect(sent(result)).to.deep.equal({
      name: 'E',
      properties: {
        plan: 'pro',
        qty: 2,
        revenue: 9.99,
        admin: true,
        signup: '2026-01-02T00:00:00.000Z',
        tags: ['a'],
        ids: [1, 2],
        coords: [1.5],
        flags: [true],
        days: ['2026-01-02'],
      },
      schema: {
        properties: {
          plan: 'str',
          qty: 'int',
          revenue: 'real',
          admin: 'bool',
          signup: 'date',
          tags: 'strs',
          ids: 'ints',
          coords: 'reals',
          flags: 'bools',
          days: 'dates',
        },
      },
    });
    expect(result.repairs[0]).to.equal('plan_str: type suffix moved to schema as plan: str');
  });

  it('gives nested objects nested schemas', () => {
    const result = track({qty_int: 2, address: {zip_str: '1000', geo: {lat_real: 1.5, name: 'x'}}, plain: {a: 1}});
    expect(sent(result).properties).to.deep.equal({
      qty: 2,
      address: {zip: '1000', geo: {lat: 1.5, name: 'x'}},
      plain: {a: 1},
    });
    expect(sent(result).schema).to.deep.equal({properties: {qty: 'int', address: {zip: 'str', geo: {lat: 'real'}}}});
    expect(violations(result.call!)).to.deep.equal([]);
  });

  it('removes a suffix whose type does not fit the value, leaving the type to FullStory', () => {
    const result = track({qty_int: 'many', half_int: 2.5, when_date: 'tomorrow', ids_ints: [1, 'x']});
    expect(sent(result)).to.deep.equal({
      name: 'E',
      properties: {qty: 'many', half: 2.5, when: 'tomorrow', ids: [1, 'x']},
    });
    expect(result.repairs).to.include('qty_int: type suffix removed (value is not int)');
  });

  it('removes suffixes inside lists of objects without typing them (FullStory has no schema there)', () => {
    const result = track({products: [{price_real: 1, sku: 'a'}]});
    expect(sent(result)).to.deep.equal({name: 'E', properties: {products: [{price: 1, sku: 'a'}]}});
    expect(result.repairs).to.deep.equal(['products[0].price_real: type suffix removed (no types inside lists)']);
  });

  it('strips stacked suffixes, keeping the outermost type, and repairs before looking for one', () => {
    const result = track({a_int_str: 'x', 'count int': 3});
    expect(sent(result).properties).to.deep.equal({a: 'x', count: 3});
    expect(sent(result).schema).to.deep.equal({properties: {a: 'str', count: 'int'}});
  });

  it("keeps the page's own key when a suffixed key strips to the same name", () => {
    const result = track({qty: 1, qty_int: 2});
    expect(sent(result)).to.deep.equal({name: 'E', properties: {qty: 1}});
  });
});

describe('hygiene: values', () => {
  it('turns Dates into ISO-8601 strings and removes functions, symbols, NaN, Infinity and cycles', () => {
    const cyclic: any = {name: 'c'};
    cyclic.self = cyclic;
    const result = track({
      when: new Date(Date.UTC(2026, 0, 2)),
      fn: () => 1,
      sym: Symbol('s'),
      nan: NaN,
      inf: Infinity,
      ninf: -Infinity,
      bad: new Date(NaN),
      cyclic,
      gone: undefined,
    });
    expect(sent(result).properties).to.deep.equal({when: '2026-01-02T00:00:00.000Z', cyclic: {name: 'c'}});
    expect(result.repairs).to.deep.equal([
      'fn: function removed',
      'sym: symbol removed',
      'nan: NaN removed',
      'inf: Infinity removed',
      'ninf: -Infinity removed',
      'bad: invalid date removed',
      'cyclic.self: circular reference removed',
    ]);
  });

  it('keeps a value referenced twice that is not a cycle', () => {
    const shared = {a: 1};
    expect(sent(track({x: shared, y: [shared, shared]})).properties).to.deep.equal({x: {a: 1}, y: [{a: 1}, {a: 1}]});
  });

  it('sends a bigint as a number when it fits exactly, else as its digits', () => {
    const result = track({small: 42n, big: 2n ** 64n, negative: -(2n ** 53n) + 1n, list: [1n]});
    expect(sent(result).properties).to.deep.equal({
      small: 42,
      big: '18446744073709551616',
      negative: -(2 ** 53) + 1,
      list: [1],
    });
    expect(result.repairs).to.include('big: bigint sent as a string');
  });

  it('unwraps boxed primitives and uses toJSON, as JSON would, silently', () => {
    const money = {amount: 5, toJSON: () => ({amount: 5, currency: 'EUR'})};
    const result = track({
      s: new String('x'),
      n: new Number(2),
      b: new Boolean(false),
      money,
      url: new URL('https://a.test/'),
    });
    expect(sent(result).properties).to.deep.equal({
      s: 'x',
      n: 2,
      b: false,
      money: {amount: 5, currency: 'EUR'},
      url: 'https://a.test/',
    });
    expect(result.repairs).to.deep.equal([]);
  });

  it('removes what FullStory cannot store: Maps, Sets, typed arrays, class instances, DOM nodes, errors', () => {
    class Point {
      x = 1;
    }
    const result = track({
      map: new Map([['a', 1]]),
      set: new Set([1]),
      bytes: new Uint8Array(2),
      point: new Point(),
      node: document.body,
      error: new Error('x'),
      keep: 1,
    });
    expect(sent(result).properties).to.deep.equal({keep: 1});
    expect(result.repairs).to.deep.equal([
      'map: Map removed',
      'set: Set removed',
      'bytes: Uint8Array removed',
      'point: Point removed',
      'node: HTMLBodyElement removed',
      'error: Error removed',
    ]);
  });

  it('removes only the value whose getter, Proxy trap or toJSON throws', () => {
    const getter = Object.defineProperty({ok: 1}, 'bad', {
      enumerable: true,
      get: () => {
        throw new Error('getter');
      },
    });
    const keys = new Proxy(
      {},
      {
        ownKeys: () => {
          throw new Error('ownKeys');
        },
      },
    );
    const revocable = Proxy.revocable({}, {});
    revocable.revoke();
    const toJSON = {
      toJSON: () => {
        throw new Error('toJSON');
      },
    };
    const result = track({getter, keys, revoked: revocable.proxy, toJSON, keep: 'yes'});
    expect(sent(result).properties).to.deep.equal({getter: {ok: 1}, keep: 'yes'});
    expect(result.repairs).to.deep.equal([
      'getter.bad: could not be read, removed',
      'keys: could not be read, removed',
      'revoked: could not be read, removed',
      'toJSON: could not be read, removed',
    ]);
  });

  it('survives properties that are themselves hostile', () => {
    const revocable = Proxy.revocable({}, {});
    revocable.revoke();
    const revoked = track(revocable.proxy);
    expect(revoked.call).to.deep.equal({op: 'trackEvent', options: {name: 'E', properties: {}}});
    expect(revoked.repairs).to.deep.equal(['properties: could not be read, replaced by {}']);
    expect(track('nope').repairs).to.deep.equal(['properties: not an object, replaced by {}']);
    expect(track([1]).repairs).to.deep.equal(['properties: not an object, replaced by {}']);
    expect(sanitizeCall(null as never).reason).to.equal('invalid-call');
    expect(sanitizeCall({op: 'log', options: {}} as never).reason).to.equal('invalid-call');
  });

  it('keeps objects and lists 10 levels deep and removes what is deeper', () => {
    const nest = (levels: number): any => (levels === 0 ? 'leaf' : {d: nest(levels - 1)});
    const ten = track({v: nest(10)});
    expect(ten.repairs).to.deep.equal([]);
    const eleven = track({v: nest(11)});
    expect(eleven.repairs).to.deep.equal([`v${'.d'.repeat(10)}: nested deeper than 10 levels, removed`]);
    expect(JSON.stringify(sent(eleven).properties)).to.equal(JSON.stringify({v: nest(9)}).replace('"leaf"', '{}'));
    const lists = track({v: [[[[[[[[[[['deep']]]]]]]]]]]});
    expect(lists.repairs).to.have.length(1);
  });

  it('compacts lists: holes and undefined go silently, junk items with a note', () => {
    // eslint-disable-next-line no-sparse-arrays
    const result = track({list: [1, , undefined, NaN, () => 1, 'a', null]});
    expect(sent(result).properties).to.deep.equal({list: [1, 'a', null]});
    expect(result.repairs).to.deep.equal(['list[3]: NaN removed', 'list[4]: function removed']);
  });

  it('never puts a property value into a repair note', () => {
    const secret = 'secret-4242';
    const result = track(
      {
        $card: secret,
        card_int: secret,
        nested: {fn: () => secret, list: [secret, Symbol(secret)], deep: {$x: secret}},
        date: new Date(secret),
        blob: secret.repeat(60_000),
      },
      secret.repeat(30),
    );
    expect(result.repairs.length).to.be.above(5);
    for (const line of result.repairs) expect(line).not.to.contain(secret);
  });

  it('gives both calls their own answer when a toJSON makes another call mid-walk', () => {
    let inner: ReturnType<typeof sanitizeCall> | undefined;
    const reentrant = {
      toJSON: () => {
        inner = track({$nested: 1, fn: () => 1});
        return {value_int: 2};
      },
    };
    const outer = track({$before: NaN, reentrant, after_str: 'x'});
    expect(sent(inner!).properties).to.deep.equal({nested: 1});
    expect(inner!.repairs).to.deep.equal(['fn: function removed', '$nested: renamed to nested']);
    expect(sent(outer)).to.deep.equal({
      name: 'E',
      properties: {reentrant: {value: 2}, after: 'x'},
      schema: {properties: {reentrant: {value: 'int'}, after: 'str'}},
    });
    expect(outer.repairs).to.deep.equal([
      'reentrant.value_int: type suffix moved to schema as value: int',
      '$before: NaN removed',
      'after_str: type suffix moved to schema as after: str',
    ]);
  });

  it('does not change its input and gives the same answer twice', () => {
    const input = {$a: 1, b_int: 2, c: {d: new Date(0)}, e: [1, NaN]};
    const snapshot = JSON.stringify(input);
    const first = track(input);
    expect(track(input)).to.deep.equal(first);
    expect(JSON.stringify(input)).to.equal(snapshot);
    expect(input.c.d).to.be.instanceOf(Date);
  });
});

describe('hygiene: payload size', () => {
  it('counts JSON bytes exactly, escapes and multi-byte characters included', () => {
    for (const text of [
      'plain',
      'quote " and \\ backslash',
      'tab\tnew\nline\u0001',
      'é€😀',
      '\ud800 lone',
      'x\udc00',
      '',
    ]) {
      expect(jsonStringBytes(text), JSON.stringify(text)).to.equal(utf8Bytes(JSON.stringify(text)));
    }
  });

  it('sends a call of exactly 512 KB as it is and trims one a byte larger', () => {
    const base = payloadBytes({name: 'E', properties: {small: 'kept', blob: ''}});
    const exact = {small: 'kept', blob: 'é'.repeat(1000) + 'x'.repeat(MAX_PAYLOAD - base - 2000)};
    expect(payloadBytes({name: 'E', properties: exact})).to.equal(MAX_PAYLOAD);
    expect(track(exact).repairs).to.deep.equal([]);
    const over = {...exact, blob: exact.blob + 'x'};
    const result = track(over);
    expect(sent(result).properties).to.deep.equal({small: 'kept'});
    expect(result.repairs).to.deep.equal(['blob: removed to fit the 512 KB payload limit']);
  });

  it('removes the largest top-level values first until the call fits, the later key first on a tie', () => {
    const blob = 'x'.repeat(200 * 1024);
    const result = track({a: 'small', b: blob, c: blob + 'y', d: blob, e: 1, f: blob});
    expect(Object.keys(sent(result).properties)).to.deep.equal(['a', 'b', 'd', 'e']);
    expect(result.repairs).to.deep.equal([
      'c: removed to fit the 512 KB payload limit',
      'f: removed to fit the 512 KB payload limit',
    ]);
    expect(payloadBytes(sent(result))).to.be.at.most(MAX_PAYLOAD);
  });

  it('removes a value larger than the limit on its own without walking all of it', () => {
    const result = track({
      huge: 'x'.repeat(600 * 1024),
      list: new Array(1e9),
      items: new Array(300_000).fill(1),
      ok: 1,
    });
    expect(sent(result).properties).to.deep.equal({ok: 1});
    expect(result.repairs).to.deep.equal([
      'huge: larger than 512 KB, removed',
      'list: larger than 512 KB, removed',
      'items: larger than 512 KB, removed',
    ]);
  });

  it('counts the schema in the payload too', () => {
    const properties: Record<string, number> = {};
    for (let i = 0; i < 20_000; i++) properties[`key${i}_int`] = i;
    const withoutSchema = Object.fromEntries(
      Object.entries(properties).map(([key, value]) => [key.slice(0, -4), value]),
    );
    expect(payloadBytes({name: 'E', properties: withoutSchema})).to.be.below(MAX_PAYLOAD);
    const result = track(properties);
    expect(violations(result.call!)).to.deep.equal([]);
    expect(Object.keys(sent(result).properties).length).to.be.below(20_000);
    expect(Object.keys(sent(result).schema.properties)).to.deep.equal(Object.keys(sent(result).properties));
  });

  it('measures escapes and characters past ASCII exactly at the limit', () => {
    // Control characters are written as \u00XX (6 bytes each) and é as 2 bytes: far more bytes than
    // characters, so the walk's own count does not decide alone.
    const base = payloadBytes({name: 'E', properties: {small: 'kept', blob: ''}});
    const escapes = 50_000;
    const fill = MAX_PAYLOAD - base - escapes * 6;
    const exact = {small: 'kept', blob: '\u0001'.repeat(escapes) + 'é'.repeat(fill / 2)};
    expect(payloadBytes({name: 'E', properties: exact})).to.equal(MAX_PAYLOAD);
    expect(track(exact).repairs).to.deep.equal([]);
    expect(sent(track(exact)).properties).to.deep.equal(exact);
    const result = track({...exact, blob: exact.blob + 'x'});
    expect(sent(result).properties).to.deep.equal({small: 'kept'});
    expect(result.repairs).to.deep.equal(['blob: removed to fit the 512 KB payload limit']);
  });

  it('removes a value past the limit only in UTF-8 bytes as larger than the limit', () => {
    // 300 K characters, 600 KB: short enough to walk, too large once measured. Its own repair
    // notes go with it.
    const result = track({wide: {$text: 'é'.repeat(300 * 1024)}, ok: 1, $also: 2});
    expect(sent(result).properties).to.deep.equal({ok: 1, also: 2});
    expect(result.repairs).to.deep.equal(['wide: larger than 512 KB, removed', '$also: renamed to also']);
  });

  it('keeps the schema right when a key named like an Object.prototype member is trimmed', () => {
    const blob = 'x'.repeat(300 * 1024);
    const result = track({toString: blob, valueOf: blob, count_int: 3});
    expect(sent(result).properties).to.deep.equal({valueOf: blob, count: 3});
    expect(sent(result).schema).to.deep.equal({properties: {count: 'int'}});
    expect(result.repairs).to.include('toString: removed to fit the 512 KB payload limit');
    expect(violations(result.call!)).to.deep.equal([]);
  });

  it('drops an identity whose uid alone is past the limit', () => {
    const result = sanitizeCall({op: 'setIdentity', options: {uid: 'u'.repeat(MAX_PAYLOAD), properties: {a: 1}}});
    expect(result.reason).to.equal('payload-too-large');
  });
});

describe('hygiene: identity and page calls', () => {
  it('drops an identity without a usable uid and passes anonymize as it is', () => {
    expect(sanitizeCall({op: 'setIdentity', options: {uid: ''}} as never).reason).to.equal('invalid-uid');
    expect(sanitizeCall({op: 'setIdentity', options: {uid: 7}} as never).reason).to.equal('invalid-uid');
    expect(sanitizeCall({op: 'setIdentity', options: {anonymous: true}}).call).to.deep.equal({
      op: 'setIdentity',
      options: {anonymous: true},
    });
  });

  it('cleans identity traits like event properties', () => {
    const result = sanitizeCall({
      op: 'setIdentity',
      options: {uid: 'u1', properties: {displayName: 'Ada', $plan: 'pro', age_int: 36}},
    });
    expect(result.call).to.deep.equal({
      op: 'setIdentity',
      options: {uid: 'u1', properties: {displayName: 'Ada', plan: 'pro', age: 36}, schema: {properties: {age: 'int'}}},
    });
  });

  it('keeps at most 50 page properties besides pageName', () => {
    const properties: Record<string, number> = {};
    for (let i = 0; i < 60; i++) properties[`p${i}`] = i;
    const result = sanitizeCall({
      op: 'setProperties',
      options: {type: 'page', properties: {...properties, pageName: 'Home'}},
    });
    const kept = sent(result).properties;
    expect(Object.keys(kept)).to.have.length(51);
    expect(kept.pageName).to.equal('Home');
    expect(kept.p49).to.equal(49);
    expect(result.repairs).to.have.length(10);
    expect(result.repairs[0]).to.equal('p50: more than 50 page properties, removed');
  });

  it('fingerprints identities after hygiene, and nothing else', () => {
    const cyclic = () => {
      const traits: any = {plan: 'pro', joined: new Date(0), visits: 3n};
      traits.self = traits;
      return traits;
    };
    const a = sanitizeCall({op: 'setIdentity', options: {uid: 'u1', properties: cyclic()}}).call!;
    const b = sanitizeCall({op: 'setIdentity', options: {uid: 'u1', properties: cyclic()}}).call!;
    expect(identityKey(a)).to.be.a('string').and.equal(identityKey(b));
    expect(identityKey({op: 'setProperties', options: {type: 'user', properties: {a: 1}}})).to.be.a('string');
    expect(identityKey({op: 'setIdentity', options: {anonymous: true}})).to.equal(null);
    expect(identityKey({op: 'setProperties', options: {type: 'page', properties: {pageName: 'x'}}})).to.equal(null);
    expect(identityKey({op: 'trackEvent', options: {name: 'x', properties: {}}})).to.equal(null);
  });
});

describe('hygiene: rate limits', () => {
  const trackCall: FsCall = {op: 'trackEvent', options: {name: 'E', properties: {}}};
  const identify: FsCall = {op: 'setIdentity', options: {uid: 'u'}};
  const userProps: FsCall = {op: 'setProperties', options: {type: 'user', properties: {}}};
  const pageProps: FsCall = {op: 'setProperties', options: {type: 'page', properties: {pageName: 'x'}}};
  const count = (limiter: RateLimiter, call: FsCall, times: number, now: number) => {
    let allowed = 0;
    for (let i = 0; i < times; i++) if (limiter.allow(call, now)) allowed++;
    return allowed;
  };

  it('allows a trackEvent burst of 40, then 1 a second sustained (60 a minute)', () => {
    const limiter = new RateLimiter();
    expect(count(limiter, trackCall, 100, 0)).to.equal(40);
    expect(count(limiter, trackCall, 100, 250)).to.equal(10); // the burst bucket refills 40 a second
    // Full again a second later, but the minute bucket has only 10 left (plus one second of refill).
    expect(count(limiter, trackCall, 100, 1000)).to.equal(11);
    expect(count(limiter, trackCall, 100, 2000)).to.equal(1);
    expect(count(limiter, trackCall, 100, 62_000)).to.equal(40);
  });

  it('gives setIdentity and user setProperties a burst of 10 and 30 a minute each, as FullStory documents', () => {
    const limiter = new RateLimiter();
    expect(count(limiter, userProps, 20, 0)).to.equal(10);
    expect(count(limiter, identify, 6, 0) + count(limiter, identify, 10, 0)).to.equal(10);
    expect(count(limiter, identify, 100, 1000)).to.equal(10);
    expect(count(limiter, identify, 100, 2000)).to.equal(10);
    // 30 a minute: after 30 calls the minute bucket holds only what 3 s refilled (half a call a second).
    expect(count(limiter, identify, 100, 3000)).to.equal(1);
  });

  it('gives page properties and events budgets of their own', () => {
    const limiter = new RateLimiter();
    expect(count(limiter, identify, 20, 0)).to.equal(10);
    expect(count(limiter, pageProps, 20, 0)).to.equal(10);
    expect(count(limiter, trackCall, 50, 0)).to.equal(40);
  });

  it('still takes an operation name, counting setProperties as a user call', () => {
    const limiter = new RateLimiter();
    expect(count(limiter, 'setProperties' as never, 20, 0)).to.equal(10);
    expect(limiter.allow(userProps, 0)).to.equal(false);
    expect(limiter.allow('setIdentity', 0)).to.equal(true);
  });

  it('does not refill when the clock goes backwards', () => {
    const limiter = new RateLimiter();
    count(limiter, trackCall, 40, 10_000);
    expect(limiter.allow(trackCall, 0)).to.equal(false);
    expect(limiter.allow(trackCall, 10_000)).to.equal(false);
  });

  it('keeps the LIMITS the SPEC names', () => {
    expect(LIMITS).to.include({eventName: 250, propertyName: 512, payloadBytes: 512 * 1024, pageProperties: 50});
  });
});
