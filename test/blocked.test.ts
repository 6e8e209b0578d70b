import {expect} from '@open-wc/testing';
import {publish} from '../src/bus.js';
import type {DropEventDetail, StatusEventDetail} from '../src/element.js';
import {
  SIMULATOR,
  collect,
  freshNamespace,
  mount,
  resetBus,
  unmountAll,
  until,
  untilStatus,
} from './support/fixtures.js';
import {statusLine, statusLinesDuring} from './support/console.js';

const ORG = 'o-BLOCK1-na1';

describe('blocked loads', () => {
  beforeEach(resetBus);
  afterEach(unmountAll);

  it('on timeout: blocked with a reason; what waits is kept (bounded) for a late fs.js, never dropped as blocked', async () => {
    const ns = freshNamespace();
    publish({type: 'track', event: 'Waiting 1'});
    publish({type: 'identify', userId: 'waiting'});
    const el = mount({org: ORG, script: `${SIMULATOR}?load=never`, namespace: ns, timeout: '150'});
    const drops = collect<DropEventDetail>(el, 'rudder-fullstory-drop');
    const events = collect<StatusEventDetail>(el, 'rudder-fullstory-status');
    await el.updateComplete;
    expect(el.status).to.equal('loading');
    expect(el.stats.queued).to.equal(2);
    const lines = await statusLinesDuring(() => untilStatus(el, 'blocked'));
    const reason = `timeout: fs.js (${new URL(`${SIMULATOR}?load=never&org=${ORG}`, location.href).href}) did not load within 150 ms (slow network, or blocked)`;
    expect(events.at(-1)).to.deep.equal({status: 'blocked', capturing: false, reason});
    expect(el.reason).to.equal(reason);
    // Said once on the console without debug, naming the URL tried.
    expect(lines).to.deep.equal([statusLine('blocked', reason)]);
    expect(el.stats).to.include({queued: 2, dropped: 0, forwarded: 0});
    // Still kept while blocked (the bound, PENDING_LIMIT, is loader.test.ts's).
    for (let i = 0; i < 5; i++) publish({type: 'track', event: `Later ${i}`});
    expect(el.stats).to.include({queued: 7, dropped: 0});
    expect(drops).to.deep.equal([]);
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
    const lines = await statusLinesDuring(() => untilStatus(el, 'blocked'));
    expect(lines).to.deep.equal([
      statusLine(
        'blocked',
        `script-error: fs.js could not be loaded from ${location.origin}/demo/blocked-by-adblock/fs.js?org=${ORG} (ad blocker, network or wrong URL)`,
      ),
    ]);
    expect(await pending).to.match(/Error loading .*blocked-by-adblock/);
    (window as any)[ns]('trackEvent', {name: 'Straight into FS', properties: {}});
    publish({type: 'track', event: 'Through the element'});
    expect((window as any)[ns].q).to.have.length(0);
  });

  it('an fs.js that loads after the timeout turns blocked into ready and gets what waited, in order', async () => {
    const ns = freshNamespace();
    publish({type: 'track', event: 'Before 1'});
    const el = mount({org: ORG, script: `${SIMULATOR}?load=400`, namespace: ns, timeout: '100'});
    const lines = await statusLinesDuring(() => untilStatus(el, 'blocked'));
    expect(lines).to.have.length(1);
    expect(lines[0]).to.match(/^\[rudder-fullstory\] status blocked: timeout: /);
    publish({type: 'track', event: 'Before 2'});
    await untilStatus(el, 'ready');
    await until(() => el.capturing, 'capturing');
    expect(el.sessionUrl).to.equal(window.__fsSimulator![ns].sessionUrl);
    publish({type: 'track', event: 'After'});
    expect(window.__fsSimulator![ns].kept.map(call => call.options.name)).to.deep.equal([
      'Before 1',
      'Before 2',
      'After',
    ]);
    expect(el.stats).to.include({forwarded: 3, dropped: 0, queued: 0});
  });
});
