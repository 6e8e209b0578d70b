/**
 * FullStory's real lifecycle (SPEC §5), played by demo/fs-simulator.js, through the real v3
 * RudderStack SDK: for each simulator scenario, what FullStory kept, the element's attributes, its
 * `reason` and its status events. "Nothing lost" means: every call the page made reaches FullStory's
 * queue, in order, and FullStory keeps it once capture starts.
 */
import {expect} from '@open-wc/testing';
import {
  JOURNEY_DATA_PLANE,
  closePages,
  dataPlane,
  journeyCalls,
  openPage,
  scenarioUrl,
  uniqueKey,
  until,
} from '../support/scenario.js';
import type {SimulatorRecord} from '../support/fixtures.js';

const DEFAULT_ORDER = 'snippet,early,library,element,sdk,ready,later,end';
/** Drop reasons that would mean the element lost a call FullStory would have kept. */
const LOSSES = ['blocked', 'queue-full', 'disabled', 'unsupported-by-v1'];

const elementOf = (win: any) => win.document.querySelector('rudder-fullstory');
const simulator = (win: any): SimulatorRecord | undefined => win.__fsSimulator?.FS;
const data = (calls: {op: string; options: any}[] = []) =>
  calls
    .filter(call => ['setIdentity', 'setProperties', 'trackEvent'].includes(call.op))
    .map(call => [call.op, call.options] as [string, any]);
const received = (win: any, name: string) =>
  data(simulator(win)?.calls).some(([op, options]) => op === 'trackEvent' && options.name === name);
const losses = (win: any) => win.__drops.filter((drop: {reason: string}) => LOSSES.includes(drop.reason));

async function open(params: Record<string, string>, ready: (win: any) => boolean) {
  const writeKey = uniqueKey('lifecycle');
  const url = scenarioUrl({order: DEFAULT_ORDER, ...params, writeKey});
  const win = await openPage(url, w => w.__scenario?.error || (w.__scenario?.done && ready(w)), url);
  if (win.__scenario.error) throw new Error(`scenario failed: ${win.__scenario.error}`);
  const events = await dataPlane(writeKey, JOURNEY_DATA_PLANE.length);
  return {win, el: elementOf(win), events};
}

const wait = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

describe('FullStory lifecycle through the real v3 SDK (simulator scenarios)', function () {
  this.timeout(60_000);
  afterEach(closePages);

  it('normal: ready, then capturing; FullStory keeps every call; app-host reaches fs.js and the session URL', async () => {
    const {win, el, events} = await open({appHost: 'app.example.com'}, w => received(w, 'Scenario End'));
    await until(() => elementOf(win).capturing, 'capturing');
    const sim = simulator(win)!;
    expect(data(sim.kept)).to.deep.equal(journeyCalls(events));
    expect(sim.env).to.deep.include({appHost: 'app.example.com', orgId: 'o-SCENE1-na1'});
    await until(() => el.sessionUrl === sim.sessionUrl, 'the current session URL');
    expect(el.sessionUrl).to.match(/^https:\/\/app\.example\.com\/ui\/o-SCENE1-na1\/session\//);
    expect(el.getAttribute('session-url')).to.equal(sim.sessionUrl);
    expect(el.hasAttribute('capturing')).to.equal(true);
    expect(el.reason).to.equal(undefined);
    expect(win.__statuses.at(-1)).to.deep.equal({status: 'ready', capturing: true, sessionUrl: sim.sessionUrl});
    expect(losses(win)).to.deep.equal([]);
  });

  // Each can start a new session (identify / anonymize / restart docs): session-url moves on with it.
  // The journey ends anonymous (a reset): an identified user first, where a split needs one.
  const MOVES: [string, (win: any, el: any) => Promise<unknown> | void][] = [
    ['a uid change', win => win.rudderanalytics.identify('user-4')],
    ['an anonymize (reset)', win => win.rudderanalytics.reset()],
    [
      'a restart after a shutdown (consent withdrawn, then given)',
      async (_win, el) => {
        el.setAttribute('disabled', '');
        await until(() => el.status === 'disabled', 'disabled');
        el.removeAttribute('disabled');
      },
    ],
  ];
  for (const [what, act] of MOVES) {
    it(`session-url moves on after ${what}, announced in a status event`, async () => {
      const {win, el} = await open({}, w => received(w, 'Scenario End'));
      const sim = simulator(win)!;
      win.rudderanalytics.identify('user-3');
      await until(() => data(sim.kept).some(([, options]) => options.uid === 'user-3'), 'user-3 identified');
      await until(() => el.capturing && el.sessionUrl === sim.sessionUrl, 'the current session URL');
      const before = el.sessionUrl;
      const announced = win.__statuses.length;
      await act(win, el);
      await until(() => el.sessionUrl && el.sessionUrl !== before, 'a new session URL');
      expect(el.sessionUrl).to.equal(sim.sessionUrl);
      expect(el.getAttribute('session-url')).to.equal(sim.sessionUrl);
      expect(win.__statuses.slice(announced).at(-1)).to.deep.equal({
        status: 'ready',
        capturing: true,
        sessionUrl: sim.sessionUrl,
      });
    });
  }

  it('capture held for consent past timeout, then FS("start"): nothing lost, kept in order, never blocked', async () => {
    // The hold lasts as long as the test wants: here past the element's timeout, until the test "clicks" consent.
    const {win, el, events} = await open({order: `hold,${DEFAULT_ORDER}`, timeout: '1000'}, w =>
      received(w, 'Scenario End'),
    );
    await wait(1200);
    const sim = simulator(win)!;
    expect(el.status).to.equal('ready');
    expect(el.capturing).to.equal(false);
    expect(el.hasAttribute('session-url')).to.equal(false);
    expect(el.reason).to.match(/^capture-pending: /);
    expect(sim.kept).to.deep.equal([]);
    // Every call is already in FullStory's hands, in order, waiting for capture.
    expect(data(sim.calls)).to.deep.equal(journeyCalls(events));
    expect(win.__statuses.map((s: any) => s.status)).not.to.include('blocked');

    win.FS('start');
    await until(() => el.capturing, 'capturing');
    expect(data(sim.kept)).to.deep.equal(journeyCalls(events));
    expect(el.reason).to.equal(undefined);
    await until(() => el.sessionUrl === sim.sessionUrl, 'the current session URL');
    expect(win.__statuses.at(-1)).to.deep.equal({status: 'ready', capturing: true, sessionUrl: sim.sessionUrl});
    expect(el.stats.queued).to.equal(0);
    expect(losses(win)).to.deep.equal([]);
  });

  it('fs.js 3 s late with timeout=1000: blocked, then ready with every call, in order', async () => {
    const {win, el, events} = await open({fs: 'load=3000', timeout: '1000'}, w => elementOf(w)?.capturing);
    const sim = simulator(win)!;
    await until(() => received(win, 'Scenario End'), 'the last call');
    expect(data(sim.kept)).to.deep.equal(journeyCalls(events));
    const statuses = win.__statuses.map((s: any) => s.status);
    expect(statuses.indexOf('blocked')).to.be.above(-1).and.below(statuses.lastIndexOf('ready'));
    expect(win.__statuses.find((s: any) => s.status === 'blocked').reason).to.match(/^timeout: /);
    expect(el.status).to.equal('ready');
    expect(el.reason).to.equal(undefined);
    expect(el.stats.queued).to.equal(0);
    expect(losses(win)).to.deep.equal([]);
  });

  // FullStory's documented reasons for not capturing a session (shutdown observer `{reason}`).
  const REFUSALS: [string, number, string][] = [
    ['no-account', 1, 'capture-no-account'],
    ['account-disabled', 2, 'capture-account-disabled'],
    ['quota', 3, 'capture-over-quota'],
    ['domain', 4, 'capture-domain-filtered'],
    ['ip', 5, 'capture-ip-filtered'],
    ['user-agent', 6, 'capture-user-agent-filtered'],
    ['geography', 7, 'capture-geography-filtered'],
    ['ramping', 8, 'capture-ramping'],
  ];
  for (const [scenario, code, reason] of REFUSALS) {
    it(`capture refused (reason ${code}, ${scenario}): ready without capturing, reason ${reason}, not blocked`, async () => {
      const {win, el, events} = await open({fs: `scenario=${scenario}`}, w => received(w, 'Scenario End'));
      await until(() => el.reason?.startsWith(`${reason}: `), reason);
      const sim = simulator(win)!;
      expect(sim.shutdownReason).to.equal(code);
      expect(el.status).to.equal('ready');
      expect([el.capturing, el.hasAttribute('capturing'), el.hasAttribute('session-url')]).to.deep.equal([
        false,
        false,
        false,
      ]);
      expect(win.__statuses.at(-1)).to.deep.equal({status: 'ready', capturing: false, reason: el.reason});
      expect(win.__statuses.map((s: any) => s.status)).not.to.include('blocked');
      // FullStory keeps nothing of a session it does not capture; the element handed it everything.
      expect(sim.kept).to.deep.equal([]);
      expect(data(sim.calls)).to.deep.equal(journeyCalls(events));
      expect(losses(win)).to.deep.equal([]);
    });
  }

  it('fs.js 404: blocked with script-error, each call counted as dropped, no capture', async () => {
    const {win, el, events} = await open(
      {script: '/demo/blocked-by-adblock/fs.js'},
      w => elementOf(w)?.status === 'blocked',
    );
    // The journey's one call sent with `integrations: {All: false}` is dropped on arrival, as on any page.
    const expected = journeyCalls(events).length + 1;
    await until(() => win.__drops.length >= expected, 'every call counted');
    expect(el.reason).to.match(/^script-error: /);
    expect(win.__statuses.at(-1)).to.deep.equal({status: 'blocked', capturing: false, reason: el.reason});
    expect(el.hasAttribute('capturing')).to.equal(false);
    // Sorted: the filtered call is announced on arrival, before or after the script failed.
    expect(win.__drops.map((d: any) => d.reason).sort()).to.deep.equal([
      ...journeyCalls(events).map(() => 'blocked'),
      'integrations',
    ]);
    expect(el.stats).to.include({forwarded: 0, queued: 0, dropped: expected});
  });
});

/** v1 calls as a v1 snippet's helpers queue them, from the v2 calls the element would make. */
function asV1(calls: [string, any][]): [string, any][] {
  const suffixed = (props: Record<string, unknown> = {}) =>
    Object.fromEntries(
      Object.entries(props).map(([key, value]) => {
        if (key === 'displayName' || key === 'email') return [key, value];
        const type =
          typeof value === 'string'
            ? 'str'
            : typeof value === 'boolean'
              ? 'bool'
              : Number.isInteger(value)
                ? 'int'
                : 'real';
        return [`${key}_${type}`, value];
      }),
    );
  return calls.flatMap(([op, options]): [string, any][] => {
    if (op === 'trackEvent') return [['event', {n: options.name, p: suffixed(options.properties)}]];
    if (options.anonymous) return [['user', {uid: false}]];
    return [
      ['user', {uid: options.uid}],
      ['user', suffixed(options.properties)],
    ];
  });
}

describe("a v1 FullStory snippet (as RudderStack's own FullStory destination injects) and the real v3 SDK", function () {
  this.timeout(60_000);
  afterEach(closePages);

  const DASHBOARD_V1: [string, any][] = [
    ['user', {uid: 'dashboard-user'}],
    ['user', {plan_str: 'pro'}],
    ['event', {n: 'From Dashboard Destination', p: {count_int: 1}}],
  ];
  const v1Ended = (w: any) =>
    (simulator(w)?.kept ?? []).some(call => call.op === 'event' && call.options.n === 'Scenario End');

  it('placed before the element: adopted on its own terms, v1 calls with v1 suffixes, readiness by _fs_ready', async () => {
    const {win, el, events} = await open(
      {order: `v1snippet,${DEFAULT_ORDER.replace(',end', ',v1calls,end')}`},
      v1Ended,
    );
    const sim = simulator(win)!;
    expect(sim.version).to.equal('1');
    expect(sim.calls.map(call => call.op)).not.to.include.members(['init', 'observe']);
    const kept = sim.kept.map(call => [call.op, call.options]);
    const fromElement = asV1(journeyCalls(events));
    // The element's calls in order; the dashboard destination's own calls reach FullStory too.
    expect(kept.filter(entry => !DASHBOARD_V1.some(d => JSON.stringify(d) === JSON.stringify(entry)))).to.deep.equal(
      fromElement,
    );
    expect(kept).to.deep.include.members(DASHBOARD_V1);
    expect(el.status).to.equal('ready');
    await until(() => el.capturing && el.sessionUrl === sim.sessionUrl, 'capturing with the current session URL');
    expect(el.reason).to.equal(undefined);
    expect(losses(win)).to.deep.equal([]);
  });

  it("placed after the element: the v1 snippet stands aside, the destination's v1 helpers still reach FullStory", async () => {
    const order = 'snippet,early,library,element,sdk,ready,v1snippet,later,v1calls,end';
    const {win, el, events} = await open({order}, w => received(w, 'Scenario End'));
    const sim = simulator(win)!;
    expect(sim.version).to.equal('2');
    const kept = sim.kept.map(call => [call.op, call.options, call.apiVersion]);
    expect(kept.filter(([, , v]) => v === 2).map(([op, options]) => [op, options])).to.deep.equal(journeyCalls(events));
    expect(kept.filter(([, , v]) => v === 1)).to.deep.equal([
      ['setIdentity', {uid: 'dashboard-user', properties: {plan_str: 'pro'}}, 1],
      ['trackEvent', {name: 'From Dashboard Destination', properties: {count_int: 1}}, 1],
    ]);
    expect(el.status).to.equal('ready');
    expect(losses(win)).to.deep.equal([]);
  });
});
