import {expect} from '@open-wc/testing';
import {
  CUSTOM_DESTINATION_ID,
  JOURNEY_DATA_PLANE,
  closePages,
  dataPlane,
  firstIdentify,
  fsData,
  journeyCalls,
  openPage,
  runScenario,
  scenarioUrl,
  summary,
  uniqueKey,
} from '../support/scenario.js';

// The v1.1 SDK keeps its user in cookies: these scenarios run one after the other, each as a new visitor.
describe('bridge with the real v1.1 SDK (rudder-sdk-js)', function () {
  this.timeout(60_000);
  afterEach(closePages);

  it('plain HTML page: snippet, calls before anything loads, the element, the SDK — each call once, in order, mapped per §6', async () => {
    const writeKey = uniqueKey('plain-v1');
    const win = await openPage(`/test/fixtures/sdk-v1-page.html?writeKey=${writeKey}`, w =>
      fsData(w).some(([, o]) => o.name === 'Scenario End'),
    );
    const events = await dataPlane(writeKey, JOURNEY_DATA_PLANE.length);
    expect(summary(events)).to.deep.equal(JOURNEY_DATA_PLANE);
    expect(fsData(win)).to.deep.equal(journeyCalls(events, {sdk: 'v1'}));
    const identify = firstIdentify(events);
    expect(win.pageCallbacks).to.deep.equal([identify.messageId]);
  });

  const ORDERS: [string, string, {early?: boolean; held?: boolean}][] = [
    ['the library before the loading snippet', 'library,element,snippet,early,sdk,ready,later,end', {}],
    ['the library between the snippet and the SDK', 'snippet,early,library,element,sdk,ready,later,end', {}],
    ['the element added after every call was made', 'snippet,early,library,sdk,ready,later,element,end', {}],
    // v1.1 keeps the queue it took over out of reach: the user it holds is published in its place.
    [
      'the SDK replacing the snippet before the library arrives, still loading',
      'snippet,early,sdk,library,element,release,ready,later,end',
      {early: false, held: true},
    ],
    ['the SDK loaded before the library', 'snippet,early,sdk,ready,library,element,later,end', {early: false}],
  ];
  for (const [title, order, {early = true, held}] of ORDERS) {
    it(`load order: ${title}`, async () => {
      const {win, writeKey} = await runScenario({sdk: 'v1', order, writeKey: uniqueKey(held ? 'held' : 'order')});
      const events = await dataPlane(writeKey, JOURNEY_DATA_PLANE.length);
      expect(summary(events)).to.deep.equal(JOURNEY_DATA_PLANE);
      expect(fsData(win)).to.deep.equal(journeyCalls(events, {sdk: 'v1', early}));
    });
  }

  it("follows the SDK's own order: the snippet's queue, its reset included, before calls made while it loads", async () => {
    const {win, writeKey} = await runScenario({
      sdk: 'v1',
      calls: 'loading',
      writeKey: uniqueKey('held'),
      order: 'snippet,early,library,element,sdk,later,release,ready,end',
    });
    const events = await dataPlane(writeKey, 3);
    expect(summary(events)).to.deep.equal(['identify user-1', 'track During Load', 'track Scenario End']);
    expect(fsData(win)).to.deep.equal([
      ['setIdentity', {uid: 'user-1', properties: {first_name: 'Ada'}}],
      ['setIdentity', {anonymous: true}],
      ['trackEvent', {name: 'During Load', properties: {}}],
      ['trackEvent', {name: 'Scenario End', properties: {}}],
    ]);
  });

  for (const order of [
    'library,element,snippet,early,sdk,ready,later,end',
    'snippet,early,sdk,ready,library,element,later,end',
  ]) {
    it(`refuses custom-integration mode (v3.23 or later) with an error status, and leaves the SDK alone (${order})`, async () => {
      const writeKey = uniqueKey('custom-v1');
      const win = await openPage(
        scenarioUrl({sdk: 'v1', writeKey, dest: CUSTOM_DESTINATION_ID, order}),
        w => w.__scenario?.done && w.document.querySelector('rudder-fullstory')?.status === 'error',
      );
      const el = win.document.querySelector('rudder-fullstory');
      expect(el.stats.forwarded).to.equal(0);
      // v1.1 has no addCustomIntegration; had it loaded first, registering came too late anyway.
      expect(el.reason).to.match(/^integration: (needs RudderStack v3\.23\+|RudderStack loaded before this library)/);
      expect(summary(await dataPlane(writeKey, JOURNEY_DATA_PLANE.length))).to.deep.equal(JOURNEY_DATA_PLANE);
    });
  }
});
