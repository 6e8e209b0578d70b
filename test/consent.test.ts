import {expect} from '@open-wc/testing';
import {REPLAY_LIMIT, getBus, publish} from '../src/bus.js';
import type {DropEventDetail, StatusEventDetail} from '../src/element.js';
import {
  SIMULATOR,
  collect,
  freshNamespace,
  fsCalls,
  mount,
  resetBus,
  tick,
  unmountAll,
  untilStatus,
} from './support/fixtures.js';

const ORG = 'o-CONSENT1-na1';
const names = (ns: string) => fsCalls(ns).map(call => call.options.name);

describe('consent gate (disabled)', () => {
  beforeEach(resetBus);
  afterEach(unmountAll);

  it('present from the start: nothing requested, nothing forwarded, nothing kept beyond the bus buffer', async () => {
    const ns = freshNamespace();
    const el = mount({org: ORG, script: SIMULATOR, namespace: ns, disabled: true});
    await untilStatus(el, 'disabled');
    for (let i = 0; i < REPLAY_LIMIT + 100; i++) publish({type: 'track', event: `E${i}`});
    await tick(50);
    expect(document.querySelector(`script[data-fs-namespace="${ns}"]`)).to.equal(null);
    expect((window as any)[ns]).to.equal(undefined);
    expect(window.__fsSimulator?.[ns]).to.equal(undefined);
    expect(el.stats).to.deep.equal({forwarded: 0, dropped: 0, repaired: 0, queued: 0});
    expect(getBus().overflowed).to.equal(100);
  });

  it('removed: loads FullStory and by default drops what was published without consent, counted', async () => {
    const ns = freshNamespace();
    publish({type: 'track', event: 'Before the element'});
    const el = mount({org: ORG, script: SIMULATOR, namespace: ns, disabled: true});
    const drops = collect<DropEventDetail>(el, 'rudder-fullstory-drop');
    await untilStatus(el, 'disabled');
    publish({type: 'identify', userId: 'not-yet'});
    el.removeAttribute('disabled');
    await untilStatus(el, 'ready');
    publish({type: 'track', event: 'After consent'});
    expect(fsCalls(ns).map(call => call.op)).to.deep.equal(['trackEvent']);
    expect(names(ns)).to.deep.equal(['After consent']);
    expect(drops).to.deep.equal([
      {call: 'track', reason: 'no-consent'},
      {call: 'identify', reason: 'no-consent'},
    ]);
    expect(el.stats).to.include({forwarded: 1, dropped: 2});
  });

  it('removed with pre-consent="deliver": delivers what the bus buffered, in order, once', async () => {
    const ns = freshNamespace();
    publish({type: 'track', event: 'One'});
    const el = mount({org: ORG, script: SIMULATOR, namespace: ns, disabled: true, 'pre-consent': 'deliver'});
    await untilStatus(el, 'disabled');
    publish({type: 'track', event: 'Two'});
    el.removeAttribute('disabled');
    await untilStatus(el, 'ready');
    publish({type: 'track', event: 'Three'});
    el.remove();
    document.body.appendChild(el);
    await el.updateComplete;
    expect(names(ns)).to.deep.equal(['One', 'Two', 'Three']);
    expect(el.stats).to.include({forwarded: 3, dropped: 0});
  });

  it('added after start: FS("shutdown"), forwarding stops, status disabled; removed: FS("restart")', async () => {
    const ns = freshNamespace();
    const el = mount({org: ORG, script: SIMULATOR, namespace: ns});
    await untilStatus(el, 'ready');
    const events = collect<StatusEventDetail>(el, 'rudder-fullstory-status');
    publish({type: 'track', event: 'Consented'});
    el.setAttribute('disabled', '');
    await untilStatus(el, 'disabled');
    expect(fsCalls(ns, ['shutdown'])).to.have.length(1);
    expect(window.__fsSimulator![ns].started).to.equal(false);
    expect(el.hasAttribute('session-url')).to.equal(false);
    publish({type: 'track', event: 'Opted out'});
    await tick(20);
    expect(names(ns)).to.deep.equal(['Consented']);
    el.removeAttribute('disabled');
    await untilStatus(el, 'ready');
    expect(fsCalls(ns, ['restart'])).to.have.length(1);
    expect(window.__fsSimulator![ns].started).to.equal(true);
    publish({type: 'track', event: 'Consented again'});
    // What was published while opted out was published without consent: dropped by default.
    expect(names(ns)).to.deep.equal(['Consented', 'Consented again']);
    expect(events.map(e => e.status)).to.deep.equal(['disabled', 'ready']);
  });

  it('is page-wide: a disabled element stops the FullStory another element runs, until consent is given', async () => {
    const ns = freshNamespace();
    const running = mount({org: ORG, script: SIMULATOR, namespace: ns});
    await untilStatus(running, 'ready');
    const gate = mount({org: ORG, script: SIMULATOR, namespace: ns, disabled: true, 'pre-consent': 'deliver'});
    await untilStatus(gate, 'disabled');
    await untilStatus(running, 'disabled');
    expect(fsCalls(ns, ['shutdown'])).to.have.length(1);
    publish({type: 'track', event: 'Before consent'});
    await tick(20);
    expect(fsCalls(ns)).to.have.length(0);
    expect(running.stats.dropped).to.equal(0); // left on the bus for the gate to decide
    gate.removeAttribute('disabled');
    await untilStatus(gate, 'ready');
    await untilStatus(running, 'ready');
    publish({type: 'track', event: 'Consented'});
    expect(names(ns)).to.deep.equal(['Before consent', 'Consented']);
    expect(running.stats.forwarded + gate.stats.forwarded).to.equal(2);
    expect(fsCalls(ns, ['restart'])).to.have.length(1);
  });

  it('restarts FullStory only once no connected element keeps its gate closed', async () => {
    const ns = freshNamespace();
    const first = mount({org: ORG, script: SIMULATOR, namespace: ns});
    await untilStatus(first, 'ready');
    const second = mount({org: ORG, script: SIMULATOR, namespace: ns});
    await untilStatus(second, 'ready');
    first.setAttribute('disabled', '');
    second.setAttribute('disabled', '');
    await untilStatus(second, 'disabled');
    first.removeAttribute('disabled');
    await untilStatus(first, 'disabled');
    await tick(20);
    expect(first.status).to.equal('disabled');
    expect(fsCalls(ns, ['restart'])).to.have.length(0);
    expect(window.__fsSimulator![ns].started).to.equal(false);
    second.removeAttribute('disabled');
    await untilStatus(second, 'ready');
    await untilStatus(first, 'ready');
    expect(fsCalls(ns, ['shutdown', 'restart']).map(call => call.op)).to.deep.equal(['shutdown', 'restart']);
  });

  it('drops, counted, the calls that were waiting for fs.js when the gate closes', async () => {
    const ns = freshNamespace();
    const el = mount({org: ORG, script: `${SIMULATOR}?load=never`, namespace: ns});
    await el.updateComplete;
    publish({type: 'track', event: 'Waiting'});
    expect(el.stats.queued).to.equal(1);
    el.setAttribute('disabled', '');
    await untilStatus(el, 'disabled');
    expect(el.stats).to.include({queued: 0, dropped: 1, forwarded: 0});
    expect(fsCalls(ns)).to.have.length(0);
  });
});
