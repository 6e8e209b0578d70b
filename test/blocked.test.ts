import {expect} from '@open-wc/testing';
import {publish} from '../src/bus.js';
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

const ORG = 'o-BLOCK1-na1';

describe('blocked loads', () => {
  beforeEach(resetBus);
  afterEach(unmountAll);

  it('on timeout: blocked with a reason, what waited dropped and counted, nothing more queued anywhere', async () => {
    const ns = freshNamespace();
    publish({type: 'track', event: 'Waiting 1'});
    publish({type: 'identify', userId: 'waiting'});
    const el = mount({org: ORG, script: `${SIMULATOR}?start=never`, namespace: ns, timeout: '150'});
    const drops = collect<DropEventDetail>(el, 'rudder-fullstory-drop');
    const events = collect<StatusEventDetail>(el, 'rudder-fullstory-status');
    await el.updateComplete;
    expect(el.status).to.equal('loading');
    expect(el.stats.queued).to.equal(2);
    await untilStatus(el, 'blocked');
    expect(events.at(-1)).to.deep.equal({status: 'blocked', reason: 'FullStory did not start within 150 ms'});
    expect(el.stats).to.include({queued: 0, dropped: 2, forwarded: 0});
    expect(drops.map(drop => drop.reason)).to.deep.equal(['blocked', 'blocked']);
    // The simulator (which never starts) may arrive after the timeout on a busy machine: wait for it,
    // so "nothing more reached FullStory" is measured on a FullStory that takes calls.
    while (!window.__fsSimulator?.[ns]) await tick(10);
    const received = window.__fsSimulator[ns].calls.length;
    for (let i = 0; i < 20; i++) publish({type: 'track', event: `Later ${i}`});
    expect(el.stats).to.include({queued: 0, dropped: 22});
    expect(window.__fsSimulator![ns].calls.length).to.equal(received);
  });

  it("on a script error (an ad blocker): FullStory's own queue is failed as the snippet does, and stays empty", async () => {
    const ns = freshNamespace();
    const el = mount({org: ORG, script: '/demo/blocked-by-adblock/fs.js', namespace: ns});
    await el.updateComplete;
    expect(el.status).to.equal('loading');
    const pending = ((window as any)[ns]('getSessionAsync', {format: 'url'}) as Promise<unknown>).then(
      () => 'resolved',
      error => String(error),
    );
    await untilStatus(el, 'blocked');
    expect(await pending).to.match(/Error loading .*blocked-by-adblock/);
    (window as any)[ns]('trackEvent', {name: 'Straight into FS', properties: {}});
    publish({type: 'track', event: 'Through the element'});
    expect((window as any)[ns].q).to.have.length(0);
  });

  it('a FullStory that starts after the timeout still turns blocked into ready', async () => {
    const ns = freshNamespace();
    const el = mount({org: ORG, script: `${SIMULATOR}?start=never`, namespace: ns, timeout: '100'});
    await untilStatus(el, 'blocked');
    (window as any)[ns]('start'); // capture begins late (the simulator starts on FullStory's `start`)
    await untilStatus(el, 'ready');
    expect(el.sessionUrl).to.equal(window.__fsSimulator![ns].sessionUrl);
    publish({type: 'track', event: 'Late but fine'});
    expect(fsCalls(ns)).to.have.length(1);
  });
});
