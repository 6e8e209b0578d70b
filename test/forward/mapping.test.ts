import {expect} from '@open-wc/testing';
import {PAGE_EVENT, camelCaseKey, type MappingOptions} from '../../src/forward/mapping.js';
import {DEFAULT_MAPPING, mapMessage} from '../support/mapping.js';

const opts = (over: Partial<MappingOptions> = {}): MappingOptions => ({...DEFAULT_MAPPING, ...over});

describe('mapping: identify', () => {
  it('sends userId as the uid and the traits as properties', () => {
    const {calls} = mapMessage({
      type: 'identify',
      userId: 'u1',
      anonymousId: 'a1',
      context: {traits: {plan: 'pro', email: 'ada@example.com'}},
    });
    expect(calls).to.deep.equal([
      {op: 'setIdentity', options: {uid: 'u1', properties: {plan: 'pro', email: 'ada@example.com'}}},
    ]);
  });

  it('turns a numeric userId into a string', () => {
    const {calls} = mapMessage({type: 'identify', userId: 42});
    expect(calls[0].options).to.include({uid: '42'});
  });

  it('uses the anonymousId as the uid when there is no userId (anonymous="uid", the seed rule)', () => {
    const {calls} = mapMessage({type: 'identify', userId: '', anonymousId: 'anon-7', traits: {plan: 'free'}});
    expect(calls).to.deep.equal([{op: 'setIdentity', options: {uid: 'anon-7', properties: {plan: 'free'}}}]);
  });

  it('keeps the user anonymous and sets the anonymousId as a user property with anonymous="property"', () => {
    const {calls} = mapMessage(
      {type: 'identify', anonymousId: 'anon-7', traits: {plan: 'free'}},
      opts({anonymous: 'property'}),
    );
    expect(calls).to.deep.equal([
      {op: 'setProperties', options: {type: 'user', properties: {plan: 'free', anonymousId: 'anon-7'}}},
    ]);
  });

  it('sends nothing for an anonymous identify with anonymous="ignore", and says why', () => {
    const result = mapMessage({type: 'identify', anonymousId: 'anon-7'}, opts({anonymous: 'ignore'}));
    expect(result.calls).to.deep.equal([]);
    expect(result.dropped).to.equal('anonymous-ignored');
  });

  it('drops an identify with neither userId nor anonymousId', () => {
    expect(mapMessage({type: 'identify', traits: {a: 1}}).dropped).to.equal('no-user-id');
  });

  it('fills displayName from name when absent, keeping both', () => {
    const {calls} = mapMessage({type: 'identify', userId: 'u1', traits: {name: 'John'}});
    expect(calls[0].options).to.deep.equal({uid: 'u1', properties: {name: 'John', displayName: 'John'}});
  });

  it('keeps displayName and email as they are', () => {
    const {calls} = mapMessage({
      type: 'identify',
      userId: '1234',
      traits: {displayName: 'John Falko', email: 'john@xyz.com', country: 'UK', name: 'J'},
    });
    expect((calls[0].options as any).properties).to.deep.equal({
      displayName: 'John Falko',
      email: 'john@xyz.com',
      country: 'UK',
      name: 'J',
    });
  });

  it('removes uid and userId keys from the properties', () => {
    const {calls} = mapMessage({type: 'identify', userId: 'u1', traits: {uid: 'x', userId: 'y', plan: 'pro'}});
    expect((calls[0].options as any).properties).to.deep.equal({plan: 'pro'});
  });

  it('keeps an own __proto__ trait (from JSON.parse) as an own key for hygiene to remove and announce', () => {
    const traits = JSON.parse('{"__proto__": {"polluted": true}, "plan": "pro"}');
    const {calls} = mapMessage({type: 'identify', userId: 'u1', traits});
    const properties = (calls[0].options as any).properties;
    expect(Object.getPrototypeOf(properties)).to.equal(Object.prototype);
    expect(Object.keys(properties)).to.deep.equal(['__proto__', 'plan']);
    expect(properties.polluted).to.equal(undefined);
    expect(({} as any).polluted).to.equal(undefined);
  });

  it('merges top-level traits over context.traits', () => {
    const {calls} = mapMessage({
      type: 'identify',
      userId: 'u1',
      traits: {plan: 'pro'},
      context: {traits: {plan: 'free', seats: 3}},
    });
    expect((calls[0].options as any).properties).to.deep.equal({plan: 'pro', seats: 3});
  });
});

describe('mapping: track, page, reset and the rest', () => {
  it('maps track to trackEvent with the event name and properties', () => {
    const {calls} = mapMessage({
      type: 'track',
      event: 'Order Completed',
      properties: {orderId: '1234567', price: '567', currency: 'USD'},
    });
    expect(calls).to.deep.equal([
      {
        op: 'trackEvent',
        options: {name: 'Order Completed', properties: {orderId: '1234567', price: '567', currency: 'USD'}},
      },
    ]);
  });

  it('gives track properties {} when there are none', () => {
    expect(mapMessage({type: 'track', event: 'Clicked'}).calls[0].options).to.deep.equal({
      name: 'Clicked',
      properties: {},
    });
  });

  it('drops a track with no event name', () => {
    const result = mapMessage({type: 'track', properties: {a: 1}});
    expect(result.calls).to.have.length(0);
    expect(result.dropped).to.equal('missing-event');
  });

  it('maps page to "Viewed a Page" with name, category, page fields and extra properties', () => {
    const {calls} = mapMessage({
      type: 'page',
      name: 'homepage',
      category: 'Docs',
      properties: {
        path: '/p',
        referrer: '$direct',
        search: '?q=1',
        title: 'T',
        url: 'https://site.test/p?q=1',
        plan: 'pro',
      },
    });
    expect(calls).to.deep.equal([
      {
        op: 'trackEvent',
        options: {
          name: PAGE_EVENT,
          properties: {
            name: 'homepage',
            category: 'Docs',
            path: '/p',
            referrer: '$direct',
            search: '?q=1',
            title: 'T',
            url: 'https://site.test/p?q=1',
            plan: 'pro',
          },
        },
      },
    ]);
    expect(PAGE_EVENT).to.equal('Viewed a Page');
  });

  it('keeps page properties named like Object.prototype members as own keys, after the page fields', () => {
    const properties = JSON.parse('{"toString": "x", "valueOf": 1, "__proto__": {"polluted": true}, "path": "/p"}');
    const {calls} = mapMessage({type: 'page', name: 'Home', properties});
    const sent = (calls[0].options as any).properties;
    expect(Object.keys(sent)).to.deep.equal(['name', 'path', 'toString', 'valueOf', '__proto__']);
    expect(Object.getPrototypeOf(sent)).to.equal(Object.prototype);
    expect([sent.toString, sent.valueOf]).to.deep.equal(['x', 1]);
    expect(({} as any).polluted).to.equal(undefined);
  });

  it('fills missing page fields from context.page, then from the browser defaults', () => {
    const {calls} = mapMessage({type: 'page', context: {page: {path: '/ctx', title: 'Ctx'}}}, DEFAULT_MAPPING, {
      path: '/def',
      referrer: 'https://ref.test/',
      search: '',
      title: 'Def',
      url: 'https://site.test/def',
    });
    expect((calls[0].options as any).properties).to.deep.equal({
      path: '/ctx',
      referrer: 'https://ref.test/',
      search: '',
      title: 'Ctx',
      url: 'https://site.test/def',
    });
  });

  it('omits name when the page call has none', () => {
    const {calls} = mapMessage({type: 'page', properties: {path: '/'}});
    expect((calls[0].options as any).properties).not.to.have.property('name');
  });

  it('also sets the pageName page property with page-properties on', () => {
    const {calls} = mapMessage({type: 'page', name: 'Pricing'}, opts({pageProperties: true}));
    expect(calls[1]).to.deep.equal({op: 'setProperties', options: {type: 'page', properties: {pageName: 'Pricing'}}});
  });

  it('maps reset to an anonymous identity', () => {
    expect(mapMessage({type: 'reset'}).calls).to.deep.equal([{op: 'setIdentity', options: {anonymous: true}}]);
  });

  it('does not send group or alias, and says why', () => {
    for (const type of ['group', 'alias'] as const) {
      const result = mapMessage({type, userId: 'u1'});
      expect(result.calls).to.have.length(0);
      expect(result.dropped).to.equal('unsupported-type');
    }
  });

  it('refuses what is not a message', () => {
    for (const bad of [null, undefined, 'track', 42, []]) expect(mapMessage(bad).dropped).to.equal('invalid-message');
  });

  it('does not change the message it maps', () => {
    const message = {type: 'identify' as const, userId: 'u1', traits: {name: 'N', uid: 'x'}};
    const before = JSON.stringify(message);
    mapMessage(message, opts({camelcase: true}));
    expect(JSON.stringify(message)).to.equal(before);
  });
});

describe('mapping: camelcase', () => {
  it("camel-cases top-level keys like RudderStack's hosted destination, keeping v1 suffixes", () => {
    expect(camelCaseKey('first_name')).to.equal('firstName');
    expect(camelCaseKey('is_admin_bool')).to.equal('isAdmin_bool');
    expect(camelCaseKey('order_id')).to.equal('orderId');
    expect(camelCaseKey('revenue_real')).to.equal('revenue_real');
    expect(camelCaseKey('Order ID')).to.equal('orderId');
    expect(camelCaseKey('referring_domain')).to.equal('referringDomain');
    expect(camelCaseKey('alreadyCamel')).to.equal('alreadyCamel');
  });

  it('splits words at runs of capitals, digits and anything else, as lodash-style camelCase does', () => {
    const cases: [string, string][] = [
      ['XMLHttpRequest', 'xmlHttpRequest'],
      ['ABC1', 'abc1'],
      ['ABCd', 'abCd'],
      ['user ID', 'userId'],
      ['page2_view', 'page2View'],
      ['x_2nd', 'x2Nd'],
      ['HTML5_ints', 'html5_ints'],
      ['$browser', 'browser'],
      ['é_name', 'name'],
      ['__', '__'],
      // FullStory's special names and the keys mapping adds are camel-cased already.
      ['displayName', 'displayName'],
      ['email', 'email'],
      ['pageName', 'pageName'],
      ['anonymousId', 'anonymousId'],
    ];
    for (const [key, camel] of cases) expect(camelCaseKey(key), key).to.equal(camel);
  });

  it('applies only with the camelcase option, only to top-level keys, and never to displayName or email', () => {
    const message = {
      type: 'identify' as const,
      userId: 'u1',
      traits: {first_name: 'Ada', email: 'ada@example.com', address_info: {zip_code: '1'}},
    };
    expect((mapMessage(message).calls[0].options as any).properties).to.have.property('first_name');
    const {calls} = mapMessage(message, opts({camelcase: true}));
    expect((calls[0].options as any).properties).to.deep.equal({
      firstName: 'Ada',
      email: 'ada@example.com',
      addressInfo: {zip_code: '1'},
    });
  });
});
