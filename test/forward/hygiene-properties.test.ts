/**
 * Property-based tests of hygiene (SPEC §7) with fast-check: over arbitrary, deliberately messy
 * messages and calls, nothing throws, every emitted call satisfies §7 (checked by the independent
 * rules in support/fs-rules.ts), and valid input passes through unchanged.
 */
import {expect} from '@open-wc/testing';
import fc from 'fast-check';
import {sanitizeCall, type HygieneResult} from '../../src/forward/hygiene.js';
import {RATE_LIMITS, RateLimiter, rateFamily} from '../../src/forward/limits.js';
import type {FsCall, MappingOptions} from '../../src/forward/mapping.js';
import {mapMessage} from '../support/mapping.js';
import {MAX_PAYLOAD, payloadBytes, violations} from '../support/fs-rules.js';

const SUFFIXES = ['str', 'int', 'real', 'date', 'bool', 'strs', 'ints', 'reals', 'dates', 'bools'];
const REASONS = ['invalid-event-name', 'invalid-uid', 'payload-too-large', 'invalid-call'];

/** Defines own properties the way JSON.parse does, so `__proto__` becomes a key and not a prototype. */
function record(entries: [string, unknown][]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of entries)
    Object.defineProperty(out, key, {value, enumerable: true, configurable: true, writable: true});
  return out;
}

const loneSurrogate = fc.integer({min: 0xd800, max: 0xdfff}).map(code => String.fromCharCode(code));
const anyText = fc.string({
  unit: fc.oneof(fc.string({unit: 'binary', minLength: 1, maxLength: 1}), loneSurrogate),
  maxLength: 12,
});

const validName = fc
  .stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,14}$/)
  .filter(name => !/_(str|int|real|date|bool)s?$/.test(name) && name !== 'constructor' && name !== 'prototype');

const messyKey = fc.oneof(
  validName,
  validName.map(name => `$${name}`),
  fc.tuple(validName, fc.constantFrom(...SUFFIXES)).map(([name, suffix]) => `${name}_${suffix}`),
  anyText,
  fc.string({unit: 'grapheme', maxLength: 6}),
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    '$constructor',
    'prototype_str',
    '',
    '123',
    'toString',
    'valueOf',
  ),
  fc.nat(100).map(String),
  fc.nat(700).map(n => `k${'é'.repeat(n % 3)}${'x'.repeat(n)}`),
);

const hostile = () =>
  fc.oneof(
    fc.constant(0).map(() =>
      Object.defineProperty({}, 'boom', {
        enumerable: true,
        get: () => {
          throw new Error('getter');
        },
      }),
    ),
    fc.constant(0).map(
      () =>
        new Proxy(
          {},
          {
            ownKeys: () => {
              throw new Error('ownKeys');
            },
          },
        ),
    ),
    // In a list: fast-check itself looks into the values it generates, and a revoked Proxy throws at that.
    fc.constant(0).map(() => {
      const revocable = Proxy.revocable({}, {});
      revocable.revoke();
      return [revocable.proxy];
    }),
    fc.constant(0).map(() => ({
      toJSON: () => {
        throw new Error('toJSON');
      },
    })),
  );

const messyLeaf = fc.oneof(
  anyText,
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constantFrom(null, undefined, NaN, Infinity, -Infinity, -0),
  fc.bigInt(),
  fc.date({noInvalidDate: false}),
  fc.constantFrom(
    () => 1,
    Symbol('s'),
    new Map([['a', 1]]),
    new Set([1]),
    new Uint8Array(2),
    new Error('e'),
    document.body,
  ),
  anyText.map(text => new String(text)),
  fc.double().map(n => new Number(n)),
  fc.constant(0).map(() => ({toJSON: () => 'from toJSON'})),
  hostile(),
);

const messy = fc.letrec(tie => ({
  value: fc.oneof({depthSize: 'small', maxDepth: 14}, messyLeaf, tie('list'), tie('record'), tie('cyclic')),
  list: fc.array(tie('value'), {maxLength: 5}),
  record: fc.array(fc.tuple(messyKey, tie('value')), {maxLength: 6}).map(record),
  cyclic: fc.tuple(tie('record'), tie('record')).map(([a, b]) => {
    const parent = a as Record<string, unknown>;
    const child = b as Record<string, unknown>;
    parent.child = child;
    child.parent = parent;
    child.self = [child];
    return parent;
  }),
}));
const messyProperties = fc.oneof({weight: 6, arbitrary: messy.record}, messy.value);

const anyCall: fc.Arbitrary<FsCall> = fc.oneof(
  fc.record({
    op: fc.constant('trackEvent'),
    options: fc.record({name: fc.oneof(anyText, fc.string({maxLength: 300}), messyLeaf), properties: messyProperties}),
  }),
  fc.record({
    op: fc.constant('setIdentity'),
    options: fc.record({uid: fc.oneof(anyText, messyLeaf), properties: messyProperties}, {requiredKeys: ['uid']}),
  }),
  fc.record({op: fc.constant('setIdentity'), options: fc.constant({anonymous: true})}),
  fc.record({
    op: fc.constant('setProperties'),
    options: fc.record({type: fc.constantFrom('user', 'page', 'other'), properties: messyProperties}),
  }),
  fc.record({op: fc.constantFrom('log', 'observe', undefined), options: messy.value}),
) as fc.Arbitrary<FsCall>;

const anyMessage = fc.record(
  {
    type: fc.constantFrom('identify', 'track', 'page', 'reset', 'group', 'alias', 'screen', 42, undefined),
    event: fc.oneof(anyText, messyLeaf),
    userId: fc.oneof(anyText, fc.integer(), messyLeaf),
    anonymousId: fc.oneof(anyText, messyLeaf),
    name: fc.oneof(anyText, messyLeaf),
    category: fc.oneof(anyText, messyLeaf),
    properties: messyProperties,
    traits: messyProperties,
    context: fc.record({traits: messyProperties, page: messyProperties}, {requiredKeys: []}),
  },
  {requiredKeys: ['type']},
);

const anyMappingOptions: fc.Arbitrary<MappingOptions> = fc.record({
  anonymous: fc.constantFrom('uid', 'property', 'ignore'),
  camelcase: fc.boolean(),
  pageProperties: fc.boolean(),
});

function expectCompliant(result: HygieneResult): void {
  if (result.call === null) {
    expect(REASONS).to.include(result.reason);
    return;
  }
  expect(violations(result.call), JSON.stringify(result.call).slice(0, 300)).to.deep.equal([]);
}

const prototypeSnapshot = () => Object.getOwnPropertyNames(Object.prototype).sort().join();

describe('hygiene: properties over arbitrary input (fast-check)', function () {
  this.timeout(60_000);
  const before = prototypeSnapshot();
  afterEach(() => {
    expect(prototypeSnapshot()).to.equal(before);
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
  });

  it('never throws, and every call it emits satisfies §7', () => {
    fc.assert(
      fc.property(anyCall, call => {
        expectCompliant(sanitizeCall(call));
      }),
      {numRuns: 400},
    );
  });

  it('maps and cleans arbitrary RudderStack messages into compliant calls, whatever the options', () => {
    fc.assert(
      fc.property(anyMessage, anyMappingOptions, (message, options) => {
        let calls: FsCall[];
        try {
          calls = mapMessage(message, options, {path: '/', url: 'https://site.test/'}).calls;
        } catch {
          return; // the element drops a message whose fields throw when read ('invalid-message')
        }
        for (const call of calls) expectCompliant(sanitizeCall(call));
      }),
      {numRuns: 300},
    );
  });

  const validValue = fc.letrec(tie => ({
    value: fc.oneof(
      {depthSize: 'small', maxDepth: 6},
      anyText,
      fc.double({noNaN: true, noDefaultInfinity: true}),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      tie('list'),
      tie('record'),
    ),
    list: fc.array(tie('value'), {maxLength: 4}),
    record: fc.dictionary(validName, tie('value'), {maxKeys: 5}),
  })).value;
  const validProperties = fc.dictionary(validName, validValue, {maxKeys: 12});

  it('passes valid input through unchanged, with nothing to report', () => {
    const validEventName = fc.string({unit: 'binary', minLength: 1, maxLength: 120}).filter(name => name.trim() !== '');
    fc.assert(
      fc.property(validEventName, validProperties, (name, properties) => {
        const result = sanitizeCall({op: 'trackEvent', options: {name, properties}});
        expect(result.repairs).to.deep.equal([]);
        expect(result.call).to.deep.equal({op: 'trackEvent', options: {name, properties}});
      }),
      {numRuns: 300},
    );
    fc.assert(
      fc.property(
        anyText.filter(uid => uid !== ''),
        validProperties,
        (uid, properties) => {
          const result = sanitizeCall({op: 'setIdentity', options: {uid, properties}});
          expect(result.repairs).to.deep.equal([]);
          expect(result.call).to.deep.equal({op: 'setIdentity', options: {uid, properties}});
        },
      ),
      {numRuns: 100},
    );
  });

  it('moves a v1 suffix into the schema whenever the value has the declared type', () => {
    const typed = fc.oneof(
      fc.tuple(fc.constant('str'), anyText),
      fc.tuple(fc.constant('int'), fc.integer()),
      fc.tuple(fc.constant('real'), fc.double({noNaN: true, noDefaultInfinity: true})),
      fc.tuple(fc.constant('bool'), fc.boolean()),
      fc.tuple(fc.constant('date'), fc.date({noInvalidDate: true, min: new Date(0), max: new Date(Date.UTC(9999, 0))})),
      fc.tuple(fc.constant('strs'), fc.array(anyText, {maxLength: 3})),
      fc.tuple(fc.constant('ints'), fc.array(fc.integer(), {maxLength: 3})),
    );
    fc.assert(
      fc.property(validName, typed, fc.boolean(), (name, [type, value], nested) => {
        const key = `${name}_${type}`;
        const result = sanitizeCall({
          op: 'trackEvent',
          options: {name: 'E', properties: nested ? {outer: {[key]: value}} : {[key]: value}},
        });
        const expected = value instanceof Date ? value.toISOString() : value;
        const options = result.call!.options as any;
        if (nested) {
          expect(options.properties.outer[name]).to.deep.equal(expected);
          expect(options.schema).to.deep.equal({properties: {outer: {[name]: type}}});
        } else {
          expect(options.properties[name]).to.deep.equal(expected);
          expect(options.schema).to.deep.equal({properties: {[name]: type}});
        }
        expect(violations(result.call!)).to.deep.equal([]);
      }),
      {numRuns: 200},
    );
  });

  it('is deterministic and leaves its input as it was', () => {
    // Messy but clonable input, so a structured clone can tell whether anything was changed.
    const clonable = fc.letrec(tie => ({
      value: fc.oneof(
        {depthSize: 'small', maxDepth: 5},
        anyText,
        fc.double(),
        fc.bigInt(),
        fc.date({noInvalidDate: false}),
        fc.constantFrom(undefined, null, NaN),
        tie('record'),
        tie('list'),
      ),
      list: fc.array(tie('value'), {maxLength: 4}),
      record: fc
        .array(
          fc.tuple(
            messyKey.filter(key => key !== '__proto__'),
            tie('value'),
          ),
          {maxLength: 5},
        )
        .map(record),
    })).record;
    fc.assert(
      fc.property(clonable, properties => {
        const copy = structuredClone(properties);
        const first = sanitizeCall({op: 'trackEvent', options: {name: 'E', properties}});
        const second = sanitizeCall({op: 'trackEvent', options: {name: 'E', properties}});
        expect(second).to.deep.equal(first);
        expect(properties).to.deep.equal(copy);
      }),
      {numRuns: 200},
    );
  });

  it('fits the payload limit exactly: unchanged when it fits, else only the largest values go', () => {
    const blob = fc
      .tuple(fc.nat(300 * 1024), fc.constantFrom('x', 'é', '€', '😀', '"', '\n', '\u0001'))
      .map(([size, char]) => char.repeat(Math.floor(size / char.length)));
    fc.assert(
      fc.property(fc.array(fc.tuple(validName, fc.oneof(blob, fc.integer())), {maxLength: 6}), entries => {
        const properties = Object.fromEntries(entries);
        const result = sanitizeCall({op: 'trackEvent', options: {name: 'E', properties}});
        expect(violations(result.call!)).to.deep.equal([]);
        const kept = (result.call!.options as any).properties;
        if (payloadBytes({name: 'E', properties}) <= MAX_PAYLOAD) {
          expect(kept).to.deep.equal(properties);
          return;
        }
        const size = (key: string) => payloadBytes({[key]: properties[key]});
        const removed = Object.keys(properties).filter(key => !(key in kept));
        expect(removed.length).to.be.above(0);
        const smallestRemoved = Math.min(...removed.map(size));
        for (const key of Object.keys(kept)) expect(size(key)).to.be.at.most(smallestRemoved);
      }),
      {numRuns: 60},
    );
  });

  it('rate-limits each family to its token buckets, and frees it after a quiet minute', () => {
    const calls: FsCall[] = [
      {op: 'trackEvent', options: {name: 'E', properties: {}}},
      {op: 'setIdentity', options: {uid: 'u'}},
      {op: 'setIdentity', options: {anonymous: true}},
      {op: 'setProperties', options: {type: 'user', properties: {}}},
      {op: 'setProperties', options: {type: 'page', properties: {}}},
    ];
    const steps = fc.array(
      fc.tuple(fc.constantFrom(...calls), fc.oneof(fc.constant(0), fc.nat(50), fc.nat(5000), fc.nat(70_000))),
      {
        maxLength: 600,
      },
    );
    fc.assert(
      fc.property(steps, sequence => {
        const limiter = new RateLimiter();
        const allowed: Record<string, number[]> = {trackEvent: [], identity: [], user: [], page: []};
        let now = 0;
        for (const [call, delay] of sequence) {
          now += delay;
          const family = rateFamily(call);
          const times = allowed[family];
          const quiet = times.length === 0 || now - times[times.length - 1] >= 60_000;
          const ok = limiter.allow(call, now);
          if (quiet) expect(ok).to.equal(true);
          if (ok) times.push(now);
        }
        for (const [family, times] of Object.entries(allowed)) {
          const {burst, perMinute} = RATE_LIMITS[family as keyof typeof RATE_LIMITS];
          for (let i = 0; i < times.length; i++) {
            for (const window of [0, 100, 250, 1000, 10_000, 60_000]) {
              const inWindow = times.filter(t => t <= times[i] && t >= times[i] - window).length;
              expect(inWindow).to.be.at.most(
                Math.min(burst + (burst * window) / 1000, perMinute + (perMinute * window) / 60_000),
              );
            }
          }
        }
      }),
      {numRuns: 100},
    );
  });
});
