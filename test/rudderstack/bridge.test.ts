import {expect} from '@open-wc/testing';
import {OBSERVER_SOURCE, SOURCE_KEY, acceptsMessage, sourceOf, startBridge, withCallback} from '../../src/bridge.js';
import {subscribe} from '../../src/bus.js';
import {SIMULATOR, freshNamespace, mount, unmountAll, until, untilStatus} from '../support/fixtures.js';
import {consoleDuring, statusLine, statusLinesDuring} from '../support/console.js';
import {
  CUSTOM_DESTINATION_ID,
  JOURNEY_DATA_PLANE,
  closePages,
  dataPlane,
  firstIdentify,
  fsData,
  journeyCalls,
  openPage,
  pageEvent,
  runScenario,
  scenarioUrl,
  summary,
  uniqueKey,
} from '../support/scenario.js';

type Callback = (this: unknown, ...args: unknown[]) => unknown;
const tag = (message: object, source: string) => Object.defineProperty({...message}, SOURCE_KEY, {value: source});

// Where the SDKs read a callback from: identify and track from positions 1 to 3, page from 0 to 4.
const TRACK = [1, 3] as const;
const PAGE = [0, 4] as const;

describe('bridge: where the callback goes', () => {
  it('never in position 0 of identify or track, which the SDKs read as userId or event name', () => {
    const none = withCallback([], TRACK, () => {})!;
    expect(none).to.have.length(2);
    expect(none[0]).to.equal(undefined);
    expect(none[1]).to.be.a('function');
    const lone = () => {};
    const loneArgs = withCallback([lone], TRACK, () => {})!;
    expect(loneArgs[0]).to.equal(lone);
    expect(loneArgs[1]).to.be.a('function').and.not.equal(lone);
    // page() reads a lone function as its callback: that one is wrapped.
    expect(withCallback([], PAGE, () => {})).to.have.length(1);
    expect(withCallback([lone], PAGE, () => {})![0])
      .to.be.a('function')
      .and.not.equal(lone);
  });

  it('adds one in the callback slot, or after the last argument when there are fewer', () => {
    const seen: unknown[] = [];
    const short = withCallback(['Clicked', {a: 1}], TRACK, arg => seen.push(arg))!;
    expect(short).to.have.length(3);
    expect(short.slice(0, 2)).to.deep.equal(['Clicked', {a: 1}]);
    (short[2] as (e: unknown) => void)({type: 'track'});
    expect(seen).to.deep.equal([{type: 'track'}]);

    const full = withCallback(['Clicked', {a: 1}, {integrations: {}}, 'not a function'], TRACK, () => {})!;
    expect(full).to.have.length(4);
    expect(full[3]).to.be.a('function');
  });

  it("wraps the page's own callback: it still gets the same arguments, this, and returns its value", () => {
    const order: string[] = [];
    const receiver = {};
    const own = function (this: unknown, event: unknown, extra: unknown) {
      order.push(`page:${JSON.stringify(event)}:${extra}:${this === receiver ? 'same this' : 'other this'}`);
      return 'kept';
    };
    const args = withCallback(['Clicked', own], TRACK, event => order.push(`bridge:${JSON.stringify(event)}`))!;
    expect(args).to.have.length(2);
    expect(args[1]).not.to.equal(own);
    expect((args[1] as Callback).call(receiver, {n: 1}, 'x')).to.equal('kept');
    expect(order).to.deep.equal(['bridge:{"n":1}', 'page:{"n":1}:x:same this']);
  });

  it("never lets its own trouble reach the page's callback, and never instruments a call twice", async () => {
    let called = 0;
    const args = withCallback([() => called++], PAGE, () => {
      throw new Error('bridge bug');
    })!;
    const lines = await consoleDuring('warn', /^\[rudder-fullstory bridge\]/, () => (args[0] as Callback)({}));
    expect(lines).to.deep.equal(['[rudder-fullstory bridge] Error: bridge bug']);
    expect(called).to.equal(1);
    expect(withCallback(args, PAGE, () => {})).to.equal(null);
  });

  it('leaves a function past the callback slot alone, as the SDK does', () => {
    const late = () => {};
    const args = withCallback(['Clicked', {}, {}, {}, late], TRACK, () => {})!;
    expect(args[4]).to.equal(late);
    expect(args[3]).to.be.a('function').and.not.equal(late);
  });
});

describe('bridge: which FullStory takes which message', () => {
  it('observer mode takes the observer and the page, custom-integration mode only its own destination', () => {
    const observed = tag({type: 'track'}, OBSERVER_SOURCE);
    const delivered = tag({type: 'track'}, 'integration:dest-1');
    const own = {type: 'track'};
    expect([sourceOf(observed), sourceOf(delivered), sourceOf(own)]).to.deep.equal([
      OBSERVER_SOURCE,
      'integration:dest-1',
      undefined,
    ]);
    expect([observed, delivered, own].map(m => acceptsMessage(m))).to.deep.equal([true, false, true]);
    expect([observed, delivered, own].map(m => acceptsMessage(m, 'dest-1'))).to.deep.equal([false, true, false]);
    expect(acceptsMessage(delivered, 'dest-2')).to.equal(false);
    // The page's own message, however malformed, is the page's: the element reports it, nothing throws.
    const {proxy, revoke} = Proxy.revocable({}, {});
    revoke();
    expect(sourceOf(proxy)).to.equal(undefined);
    expect(acceptsMessage(proxy)).to.equal(true);
  });

  it('is one bridge per page, started by the package entry', () => {
    const bridge = startBridge();
    expect(bridge).to.equal((globalThis as any)[Symbol.for('rudderanalytics.bridge')]);
    expect(startBridge()).to.equal(bridge);
  });
});

// These run on the test page itself, whose bridge (started by the package entry) is page-wide:
// each leaves window.rudderanalytics unset. Custom-integration registrations last for the page, so
// those come last.
describe('bridge: on the page', () => {
  const win = window as any;
  afterEach(() => {
    win.rudderanalytics = undefined;
    unmountAll();
  });

  it("keeps the SDK object's return values, this, and the page's callbacks", async () => {
    const published: any[] = [];
    const unsubscribe = subscribe(message => published.push(message), {replay: false});
    const sdk = {
      track(this: unknown, ...args: unknown[]) {
        const callback = args.find(arg => typeof arg === 'function') as ((e: unknown) => unknown) | undefined;
        callback?.({type: 'track', event: args[0], properties: args[1], messageId: 'm-1'});
        return this === sdk ? 'returned' : 'wrong this';
      },
    };
    win.rudderanalytics = sdk;
    let pageGot: any;
    try {
      expect(win.rudderanalytics.track('Clicked', {a: 1}, (event: unknown) => (pageGot = event))).to.equal('returned');
      // The bridge publishes after the page's call has returned, in the same task (a microtask).
      expect(published).to.deep.equal([]);
      await Promise.resolve();
    } finally {
      unsubscribe();
    }
    expect(pageGot).to.deep.equal({type: 'track', event: 'Clicked', properties: {a: 1}, messageId: 'm-1'});
    expect(published).to.deep.equal([pageGot]);
    expect(published[0]).not.to.equal(pageGot); // a copy: what the page does with its event stays its own
    expect(sourceOf(published[0])).to.equal(OBSERVER_SOURCE);
  });

  it("publishes after the page's call, in the order the SDK processed the calls, each once; at once on pagehide", async () => {
    const published: string[] = [];
    const unsubscribe = subscribe(message => published.push(message.event ?? message.type), {replay: false});
    const sdk = {
      track(...args: unknown[]) {
        const callback = args.find(arg => typeof arg === 'function') as ((e: unknown) => unknown) | undefined;
        callback?.({type: 'track', event: args[0], messageId: `m-${args[0]}`});
      },
      reset() {},
    };
    win.rudderanalytics = sdk;
    try {
      win.rudderanalytics.track('A');
      win.rudderanalytics.reset();
      win.rudderanalytics.track('B');
      win.rudderanalytics.reset();
      expect(published).to.deep.equal([]);
      await Promise.resolve();
      expect(published).to.deep.equal(['A', 'reset', 'B', 'reset']);
      // A page that goes away right after its call: the bridge publishes before pagehide's listeners return.
      win.rudderanalytics.track('Leaving');
      window.dispatchEvent(new PageTransitionEvent('pagehide'));
      expect(published).to.deep.equal(['A', 'reset', 'B', 'reset', 'Leaving']);
      await Promise.resolve();
      expect(published).to.have.length(5);
    } finally {
      unsubscribe();
    }
  });

  it('a loaded SDK: nested calls from callbacks, a dropped call, a late callback, one callback for two calls — each once, in order', async () => {
    const published: string[] = [];
    const unsubscribe = subscribe(message => published.push(message.event ?? message.type), {replay: false});
    let late: (() => unknown) | undefined;
    const sdk = {
      ready: (callback: () => void) => callback(),
      track(...args: unknown[]) {
        const callback = args.find(arg => typeof arg === 'function') as ((e: unknown) => unknown) | undefined;
        if (args[0] === '') return; // an SDK drops a call it cannot take, and never calls back
        const event = {type: 'track', event: args[0], messageId: `m-${args[0]}`};
        if (args[0] === 'Later') late = () => callback?.(event);
        else callback?.(event);
      },
      reset() {},
    };
    win.rudderanalytics = sdk;
    const pageGot: unknown[] = [];
    const same = (event: any) => pageGot.push(event.event);
    try {
      win.rudderanalytics.track('A', {}, () => {
        win.rudderanalytics.reset();
        win.rudderanalytics.track('B', same);
      });
      win.rudderanalytics.track('');
      win.rudderanalytics.track('Later');
      win.rudderanalytics.track('C', {}, same);
      win.rudderanalytics.reset();
      await Promise.resolve();
      expect(published).to.deep.equal(['A', 'reset', 'B', 'C', 'reset']);
      expect(pageGot).to.deep.equal(['B', 'C']);
      await new Promise(resolve => setTimeout(resolve));
      late!();
      win.rudderanalytics.track('D');
      await Promise.resolve();
      expect(published).to.deep.equal(['A', 'reset', 'B', 'C', 'reset', 'Later', 'D']);
    } finally {
      unsubscribe();
    }
  });

  it('never throws into the page, whatever is queued or assigned', () => {
    win.rudderanalytics = [];
    const queue = win.rudderanalytics;
    expect(queue.push(null, 5, 'x', ['track'], ['track', {}], [42], ['reset', 1, 2], ['page', () => {}])).to.equal(8);
    expect(queue[6]).to.deep.equal(['reset', 1, 2]);
    for (const value of [
      null,
      5,
      'x',
      {},
      {track: 1},
      Object.freeze({track() {}}),
      new Proxy({}, {get: () => () => {}}),
    ]) {
      expect(() => (win.rudderanalytics = value)).not.to.throw();
    }
  });

  it('lets a FullStory take calls in one mode only: a second element in the other mode is an error', async () => {
    const ns = freshNamespace();
    const integration = mount({
      org: 'o-1A2B3C-na1',
      script: SIMULATOR,
      namespace: ns,
      'destination-id': 'dest-page-test',
    });
    await untilStatus(integration, 'ready');
    const lines = await statusLinesDuring(async () => {
      const observer = mount({org: 'o-1A2B3C-na1', script: SIMULATOR, namespace: ns});
      await untilStatus(observer, 'error');
      const other = mount({
        org: 'o-1A2B3C-na1',
        script: SIMULATOR,
        namespace: freshNamespace(),
        'destination-id': 'not an id!',
      });
      await untilStatus(other, 'error');
    });
    expect(lines).to.deep.equal([
      statusLine(
        'error',
        `conflict: FullStory ${ns} already takes calls in destination-id dest-page-test; elements sharing it need the same destination-id`,
      ),
      statusLine('error', 'config: destination-id "not an id!" is not a destination id'),
    ]);
  });
});

describe('bridge with the real v3 SDK (@rudderstack/analytics-js, bundled)', function () {
  this.timeout(60_000);
  afterEach(closePages);

  it('plain HTML page: snippet, calls before anything loads, the element, the SDK — each call once, in order, mapped per §6', async () => {
    const writeKey = uniqueKey('plain-v3');
    const win = await openPage(`/test/fixtures/sdk-v3-page.html?writeKey=${writeKey}`, w =>
      fsData(w).some(([, o]) => o.name === 'Scenario End'),
    );
    const events = await dataPlane(writeKey, JOURNEY_DATA_PLANE.length);
    expect(summary(events)).to.deep.equal(JOURNEY_DATA_PLANE);
    expect(fsData(win)).to.deep.equal(journeyCalls(events));
    expect(win.document.querySelector('rudder-fullstory').stats).to.include({forwarded: 11, dropped: 1});
    // The page's own callback still ran once, with the SDK's event.
    const identify = firstIdentify(events);
    expect(win.pageCallbacks).to.deep.equal([identify.messageId]);
  });

  const ORDERS: [string, string, {early?: boolean; held?: boolean}][] = [
    ['the library before the loading snippet', 'library,element,snippet,early,sdk,ready,later,end', {}],
    ['the library between the snippet and the SDK', 'snippet,early,library,element,sdk,ready,later,end', {}],
    [
      'the SDK replacing the snippet before the library arrives, still loading',
      'snippet,early,sdk,library,element,release,ready,later,end',
      {held: true},
    ],
    [
      'the element in the page before the library defines it',
      'element,snippet,early,sdk,library,release,ready,later,end',
      {held: true},
    ],
    ['the element added after every call was made', 'snippet,early,library,sdk,ready,later,element,end', {}],
    [
      'two copies of the library (the npm module and the CDN bundle)',
      'snippet,early,library,library-dist,element,sdk,ready,later,end',
      {},
    ],
    ['elements that re-connect mid-way', 'snippet,early,library,element,sdk,reconnect,ready,later,reconnect,end', {}],
    // npm usage: no snippet; the page creates the SDK, then calls load() and the rest on it.
    ['npm-style: the SDK created by the page, then load()', 'library,element,sdk,early,ready,later,end', {}],
  ];
  for (const [title, order, {held}] of ORDERS) {
    it(`load order: ${title}`, async () => {
      const {win, writeKey} = await runScenario({sdk: 'v3', order, writeKey: uniqueKey(held ? 'held' : 'order')});
      const events = await dataPlane(writeKey, JOURNEY_DATA_PLANE.length);
      expect(summary(events)).to.deep.equal(JOURNEY_DATA_PLANE);
      expect(fsData(win)).to.deep.equal(journeyCalls(events));
    });
  }

  it('load order: the SDK loaded before the library — later calls once each, and the user it already knew', async () => {
    const {win, writeKey} = await runScenario({sdk: 'v3', order: 'snippet,early,sdk,ready,library,element,later,end'});
    const events = await dataPlane(writeKey, JOURNEY_DATA_PLANE.length);
    expect(summary(events)).to.deep.equal(JOURNEY_DATA_PLANE);
    expect(fsData(win)).to.deep.equal(journeyCalls(events, {early: false}));
  });

  it("follows the SDK's own order: calls made while it loads before the snippet's queue, the queued reset in its place", async () => {
    const {win, writeKey} = await runScenario({
      sdk: 'v3',
      calls: 'loading',
      writeKey: uniqueKey('held'),
      order: 'snippet,early,library,element,sdk,later,release,ready,end',
    });
    const events = await dataPlane(writeKey, 3);
    expect(summary(events)).to.deep.equal(['identify user-1', 'track During Load', 'track Scenario End']);
    // v3 processes what reached it while loading first, then the snippet's queue.
    expect(fsData(win)).to.deep.equal([
      ['trackEvent', {name: 'During Load', properties: {}}],
      ['setIdentity', {uid: 'user-1', properties: {first_name: 'Ada'}}],
      ['setIdentity', {anonymous: true}],
      ['trackEvent', {name: 'Scenario End', properties: {}}],
    ]);
  });

  it('publishes the SDK message: stored userId, anonymousId, accumulated traits, page fields', async () => {
    const {win, writeKey} = await runScenario({sdk: 'v3'});
    const events = await dataPlane(writeKey, JOURNEY_DATA_PLANE.length);
    const bus = win[Symbol.for('rudderanalytics.bus')];
    const published: any[] = [];
    bus.subscribe((message: any) => published.push(message));
    const observed = published.filter(m => sourceOf(m) === OBSERVER_SOURCE && m.type !== 'reset');
    expect(observed.map(m => m.messageId)).to.have.members(events.map(e => e.messageId));
    const traitsOnly = observed.find(m => m.type === 'identify' && m.context.traits.plan === 'pro')!;
    expect(traitsOnly).to.include({userId: 'user-1', anonymousId: events[0].anonymousId});
    expect(traitsOnly.context.traits).to.deep.equal({first_name: 'Ada', email: 'ada@example.com', plan: 'pro'});
    const named = observed.find(m => m.type === 'page' && m.name === 'Getting started')!;
    expect(named.properties).to.include({
      name: 'Getting started',
      category: 'Docs',
      section: 'intro',
      path: '/test/fixtures/sdk-scenario.html',
    });
    expect(named.properties).to.have.keys(Object.keys(pageEvent(events, 'Getting started').properties!));
  });
});

describe('bridge tests: every test meets the site as a new visitor', function () {
  this.timeout(60_000);
  afterEach(closePages);

  it("a user an earlier SDK page left in cookies never reaches the next test's SDK", async () => {
    // A v1.1 visitor identified as user-1 and never reset: the SDK keeps them in cookies.
    const earlier = uniqueKey('order');
    await openPage(
      scenarioUrl({sdk: 'v1', writeKey: earlier, order: 'snippet,early,sdk,ready'}),
      w => w.__scenario?.done,
    );
    const left = await dataPlane(earlier, 3);
    expect(document.cookie).to.include('rl_user_id=');
    closePages();
    // v3 adopts the `rl_*` cookies it finds when it loads: user-1, their traits and anonymousId.
    const writeKey = uniqueKey('plain-v3');
    await openPage(`/test/fixtures/sdk-v3-page.html?writeKey=${writeKey}`, w =>
      fsData(w).some(([, o]) => o.name === 'Scenario End'),
    );
    const events = await dataPlane(writeKey, JOURNEY_DATA_PLANE.length);
    expect(summary(events)).to.deep.equal(JOURNEY_DATA_PLANE);
    expect(events.map(e => e.anonymousId)).not.to.include(left[0].anonymousId);
  });
});

describe('bridge: the SDK demo page (npm start)', function () {
  this.timeout(60_000);
  afterEach(closePages);

  for (const mode of ['observer', 'integration']) {
    it(`forwards the page's first call in ${mode} mode, and the data plane gets it`, async () => {
      const win = await openPage(`/demo/sdk.html?mode=${mode}`, w =>
        fsData(w).some(([op, o]) => op === 'trackEvent' && o.properties?.name === 'SDK demo'),
      );
      expect(summary(await dataPlane(win.demoWriteKey, 1))).to.deep.equal(['page SDK demo']);
      expect(win.document.querySelector('rudder-fullstory').getAttribute('destination-id')).to.equal(
        mode === 'integration' ? CUSTOM_DESTINATION_ID : null,
      );
    });
  }

  /** The demo page in `mode`, its filter buttons pressed in order; what it lists once `done` says so. */
  async function pressFilters(mode: string, done: (lines: string[]) => boolean) {
    const win = await openPage(
      `/demo/sdk.html?mode=${mode}`,
      w => w.document.querySelector('rudder-fullstory')?.status === 'ready',
    );
    for (const id of ['filtered-fullstory', 'filtered', 'denied']) win.document.getElementById(id).click();
    const listed = (): string[] => [...win.document.querySelectorAll('#filtered-calls li')].map(li => li.textContent);
    await until(() => done(listed()), 'the filtered calls listed', 20_000);
    const names = fsData(win)
      .filter(([op]) => op === 'trackEvent')
      .map(([, options]) => options.name);
    return {listed: listed(), names};
  }

  it('lists each call the integrations option or deny-events kept from FullStory, with its reason (observer mode)', async () => {
    const {listed, names} = await pressFilters('observer', lines => lines.some(line => line.includes('deny-events')));
    expect(listed).to.deep.equal([
      'track: integrations — its integrations option turns FullStory off (×2)',
      'track: deny-events — its name is in deny-events (Debug Ping)',
    ]);
    expect(names).not.to.include('Internal');
    expect(names).not.to.include('Debug Ping');
  });

  it('custom-integration mode: RudderStack keeps {All: false} away itself; {FullStory: false} arrives; deny-events is listed', async () => {
    const {listed, names} = await pressFilters('integration', lines => lines.length > 0);
    expect(listed).to.deep.equal(['track: deny-events — its name is in deny-events (Debug Ping)']);
    // RudderStack matches the option against the destination's type ('Custom Device Mode'), not FullStory.
    expect(names.filter(name => name === 'Internal')).to.have.length(1);
    expect(names).not.to.include('Debug Ping');
  });
});

describe('bridge: custom-integration mode with the real v3 SDK', function () {
  this.timeout(60_000);
  afterEach(closePages);

  it("honours RudderStack's per-call integrations option, as an observer-mode FullStory on the same page does; each call once", async () => {
    const {win, writeKey} = await runScenario(
      {sdk: 'v3', writeKey: uniqueKey('custom'), dest: CUSTOM_DESTINATION_ID, observer: '1'},
      ['FS', 'FS_OBSERVER'],
    );
    const events = await dataPlane(writeKey, JOURNEY_DATA_PLANE.length);
    // The data plane gets the filtered call; the integration's FullStory does not.
    expect(summary(events)).to.deep.equal(JOURNEY_DATA_PLANE);
    expect(fsData(win, 'FS')).to.deep.equal(journeyCalls(events));
    expect(fsData(win, 'FS_OBSERVER')).to.deep.equal(journeyCalls(events));
    expect(win.document.querySelector('rudder-fullstory:not([namespace])').getAttribute('status')).to.equal('ready');
  });

  it('registers in time with an npm-style SDK created by the page before it calls load()', async () => {
    const {win, writeKey} = await runScenario({
      sdk: 'v3',
      writeKey: uniqueKey('custom'),
      dest: CUSTOM_DESTINATION_ID,
      order: 'library,element,sdk,early,ready,later,end',
    });
    const events = await dataPlane(writeKey, JOURNEY_DATA_PLANE.length);
    expect(fsData(win)).to.deep.equal(journeyCalls(events));
  });

  it('takes what RudderStack buffers until its destinations are ready, with the reset in its place', async () => {
    // Every call queued before the SDK arrives: RudderStack hands them all to the integration at once when ready.
    const {win, writeKey} = await runScenario({
      sdk: 'v3',
      writeKey: uniqueKey('custom'),
      dest: CUSTOM_DESTINATION_ID,
      order: 'snippet,early,later,library,element,sdk,ready,end',
    });
    const events = await dataPlane(writeKey, JOURNEY_DATA_PLANE.length);
    expect(fsData(win)).to.deep.equal(journeyCalls(events));
  });

  it('reports an error, and forwards nothing unfiltered, when RudderStack loaded before the library could register', async () => {
    const writeKey = uniqueKey('custom-late');
    const win = await openPage(
      scenarioUrl({
        sdk: 'v3',
        writeKey,
        dest: CUSTOM_DESTINATION_ID,
        order: 'snippet,early,sdk,ready,library,element,later',
      }),
      w => w.__scenario?.done && w.document.querySelector('rudder-fullstory')?.status === 'error',
    );
    const el = win.document.querySelector('rudder-fullstory');
    expect(el.stats.forwarded).to.equal(0);
    expect(el.getAttribute('status')).to.equal('error');
    expect(el.reason).to.equal('integration: RudderStack loaded before this library could register');
    expect(win.__fsSimulator?.FS).to.equal(undefined);
  });

  it('parity: with camelcase, the reference scenario gives the uids, event names, property keys and values of the hosted destination (on the v2 API)', async () => {
    const {win, writeKey} = await runScenario({
      sdk: 'v3',
      calls: 'parity',
      camelcase: '1',
      writeKey: uniqueKey('custom-parity'),
      dest: CUSTOM_DESTINATION_ID,
    });
    const events = await dataPlane(writeKey, 5);
    const page = pageEvent(events).properties as Record<string, unknown>;
    // What RudderStack's hosted FullStory destination put in FullStory's (v1) queue for this scenario
    // (reference/rudderstack.md): `user` {uid}, then `user` {vars}; `event` {n, p}. The call with
    // `integrations: {All: false}` never arrived.
    const hosted = {
      uid: 'user-1',
      userVars: {firstName: 'Ada', email: 'ada@example.com'},
      events: [
        {n: 'Order Completed', p: {orderId: 'o1', revenue_real: 9.99}},
        {
          n: 'Viewed a Page',
          keys: [
            'path',
            'referrer',
            'referringDomain',
            'search',
            'title',
            'url',
            'tabUrl',
            'initialReferrer',
            'initialReferringDomain',
          ],
        },
      ],
    };
    const calls = fsData(win).filter(([, o]) => o.name !== 'Scenario End');
    expect(calls.map(([op]) => op)).to.deep.equal(['setIdentity', 'trackEvent', 'trackEvent']);
    const [[, identity], [, order], [, viewed]] = calls;
    expect(identity).to.deep.equal({uid: hosted.uid, properties: hosted.userVars});
    // On the v2 API a v1 type suffix is not part of the name: `revenue_real` is `revenue`, typed real.
    expect(order).to.deep.equal({
      name: hosted.events[0].n,
      properties: {orderId: 'o1', revenue: 9.99},
      schema: {properties: {revenue: 'real'}},
    });
    expect(viewed.name).to.equal(hosted.events[1].n);
    expect(Object.keys(viewed.properties)).to.have.members(hosted.events[1].keys!);
    expect(viewed.properties).to.deep.equal({
      path: page.path,
      referrer: page.referrer,
      referringDomain: page.referring_domain,
      search: page.search,
      title: page.title,
      url: page.url,
      tabUrl: page.tab_url,
      initialReferrer: page.initial_referrer,
      initialReferringDomain: page.initial_referring_domain,
    });
    expect(summary(events)).to.include('track Filtered Out user-1');
  });
});
