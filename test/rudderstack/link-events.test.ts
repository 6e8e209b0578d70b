/**
 * `link-events` (SPEC §11, issue 14) through the real v3 and v1.1 SDKs, offline: what the local data
 * plane received. FullStory (the simulator) holds capture until the test starts it, so the journey's
 * calls are all made before capture.
 */
import {expect} from '@open-wc/testing';
import {
  JOURNEY_DATA_PLANE,
  closePages,
  dataPlane,
  runScenario,
  summary,
  until,
  type DataPlaneEvent,
} from '../support/scenario.js';

const ORDER = 'snippet,early,library,element,sdk,ready,later,end';
const linkOf = (event: DataPlaneEvent) => (event.context as {fullstory?: any} | undefined)?.fullstory;
const named = (events: DataPlaneEvent[], name: string) => events.find(e => (e.event ?? e.name) === name)!;

/** A payload without what differs from run to run (ids, times, the page's own URL). */
function normalized(events: DataPlaneEvent[], writeKey: string, order: string): string[] {
  const drop = new Set(['messageId', 'anonymousId', 'originalTimestamp', 'sentAt', 'sessionId', 'sessionStart']);
  drop.add('pageViewId');
  return events
    .map(event =>
      JSON.stringify(
        JSON.parse(JSON.stringify(event).replaceAll(writeKey, 'KEY').replaceAll(encodeURIComponent(order), 'ORDER')),
        (key, value) => (drop.has(key) ? undefined : value),
      ),
    )
    .sort();
}

describe('link-events: replay links in RudderStack events (real SDKs, offline data plane)', function () {
  this.timeout(60_000);
  afterEach(closePages);

  for (const sdk of ['v3', 'v1']) {
    it(`${sdk}: after capture every event carries the session and this moment of it; before, none; the site's own kept; a uid change moves it`, async () => {
      const {win, writeKey} = await runScenario({sdk, order: ORDER, link: '1', fs: 'scenario=held'});
      const el = win.document.querySelector('rudder-fullstory');
      expect(el.capturing).to.equal(false);
      win.FS('start');
      await until(() => el.capturing && el.sessionUrl, 'capturing');
      const first = el.sessionUrl;
      const ra = win.rudderanalytics;
      ra.track('Linked', {a: 1});
      ra.page('Docs', 'Linked Page');
      ra.identify('user-A', {plan: 'pro'});
      ra.track('Own Context', {}, {context: {fullstory: {mine: true}}});
      ra.identify('user-B'); // a different uid: FullStory starts a new session
      ra.track('After Uid');
      await until(
        () => el.sessionUrl !== first && el.sessionUrl === win.__fsSimulator.FS.sessionUrl,
        'the new session',
      );
      const second = el.sessionUrl;
      ra.track('Linked End');

      const events = await dataPlane(writeKey, JOURNEY_DATA_PLANE.length + 7);
      const before = events.filter(e => JOURNEY_DATA_PLANE.includes(summary([e])[0]));
      expect(before.length).to.equal(JOURNEY_DATA_PLANE.length);
      expect(before.map(linkOf)).to.deep.equal(before.map(() => undefined));

      const identifies = events.filter(e => e.type === 'identify' && ['user-A', 'user-B'].includes(e.userId!));
      const inFirst = [named(events, 'Linked'), named(events, 'Linked Page'), ...identifies];
      const inSecond = [named(events, 'After Uid'), named(events, 'Linked End')];
      for (const [session, linked] of [
        [first, inFirst],
        [second, inSecond],
      ] as const) {
        for (const event of linked) {
          expect(Object.keys(linkOf(event))).to.deep.equal(['sessionUrl', 'nowUrl']);
          expect(linkOf(event).sessionUrl).to.equal(session);
          expect(linkOf(event).nowUrl.startsWith(`${session}%3A`)).to.equal(true);
        }
      }
      expect(second).not.to.equal(first);
      expect(linkOf(named(events, 'Own Context'))).to.deep.equal({mine: true});
      // Each moment is taken when its call is made.
      const moments = [...inFirst.slice(0, 2), ...inSecond].map(e => Number(linkOf(e).nowUrl.split('%3A').at(-1)));
      expect(moments).to.deep.equal([...moments].sort((a, b) => a - b));
    });

    it(`${sdk}: without link-events, the payloads are those of the SDK alone (ids and times aside)`, async () => {
      const aloneOrder = 'snippet,early,sdk,ready,later,end';
      const alone = await runScenario({sdk, order: aloneOrder}, []);
      const withElement = await runScenario({sdk, order: ORDER});
      const [a, b] = await Promise.all([
        dataPlane(alone.writeKey, JOURNEY_DATA_PLANE.length),
        dataPlane(withElement.writeKey, JOURNEY_DATA_PLANE.length),
      ]);
      expect(normalized(b, withElement.writeKey, ORDER)).to.deep.equal(normalized(a, alone.writeKey, aloneOrder));
      expect(b.map(linkOf)).to.deep.equal(b.map(() => undefined));
    });
  }
});
