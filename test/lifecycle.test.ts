import {expect} from '@open-wc/testing';
import {getBus, publish} from '../src/bus.js';
import type {StatusEventDetail} from '../src/element.js';
import {findFullStory} from '../src/fullstory/adoption.js';
import {
  SIMULATOR,
  collect,
  freshNamespace,
  fsCalls,
  mount,
  pasteSnippet,
  resetBus,
  unmountAll,
  untilStatus,
} from './support/fixtures.js';
import {statusLine, statusLinesDuring} from './support/console.js';

const ORG = 'o-LIFE1-na1';

/** Event listeners added anywhere on the page while `body` runs and still there after it (adds minus removes). */
async function netListenersDuring(body: () => Promise<void>): Promise<number> {
  const proto = EventTarget.prototype;
  const {addEventListener: add, removeEventListener: remove} = proto;
  const live: [EventTarget, string, unknown][] = [];
  const find = (target: EventTarget, type: string, listener: unknown) =>
    live.findIndex(([t, y, l]) => t === target && y === type && l === listener);
  proto.addEventListener = function (this: EventTarget, type: string, listener: any, options?: any) {
    if (listener && find(this, type, listener) < 0) live.push([this, type, listener]);
    return add.call(this, type, listener, options);
  };
  proto.removeEventListener = function (this: EventTarget, type: string, listener: any, options?: any) {
    const index = find(this, type, listener);
    if (index >= 0) live.splice(index, 1);
    return remove.call(this, type, listener, options);
  };
  try {
    await body();
  } finally {
    Object.assign(proto, {addEventListener: add, removeEventListener: remove});
  }
  return live.length;
}

describe('lifecycle', () => {
  beforeEach(resetBus);
  afterEach(unmountAll);

  it('1,000 remove/re-add cycles leave one bus subscription, one FullStory and no added listeners', async () => {
    const ns = freshNamespace();
    const el = mount({org: ORG, script: SIMULATOR, namespace: ns});
    await untilStatus(el, 'ready');
    const handle = findFullStory(ns);
    const fs = (window as any)[ns];
    const bus = getBus();
    expect(bus.listeners).to.equal(1);
    const added = await netListenersDuring(async () => {
      for (let i = 0; i < 1000; i++) {
        el.remove();
        document.body.appendChild(el);
        // Half the cycles let the element settle in between, as a router's re-render would.
        if (i % 2) await el.updateComplete;
      }
      await el.updateComplete;
    });
    expect(added).to.equal(0);
    expect(bus.listeners).to.equal(1);
    expect(findFullStory(ns)).to.equal(handle);
    expect((window as any)[ns]).to.equal(fs);
    expect(document.querySelectorAll(`script[data-fs-namespace="${ns}"]`)).to.have.length(1);
    expect(fsCalls(ns, ['init'])).to.have.length(1);
    publish({type: 'track', event: 'After the cycles'});
    expect(fsCalls(ns)).to.have.length(1);
    expect(el.status).to.equal('ready');
    el.remove();
    expect(bus.listeners).to.equal(0);
  });

  it('1,000 cycles of a disabled element keep FullStory shut down and hold nothing', async () => {
    const ns = freshNamespace();
    const running = mount({org: ORG, script: SIMULATOR, namespace: ns});
    await untilStatus(running, 'ready');
    const gate = mount({org: ORG, script: SIMULATOR, namespace: ns, disabled: true});
    await untilStatus(running, 'disabled');
    const added = await netListenersDuring(async () => {
      for (let i = 0; i < 1000; i++) {
        gate.remove();
        document.body.appendChild(gate);
        if (i % 2) await gate.updateComplete;
      }
      await gate.updateComplete;
    });
    expect(added).to.equal(0);
    expect(fsCalls(ns, ['shutdown'])).to.have.length(1);
    expect(getBus().listeners).to.equal(1);
    // Once the disabled element has left, the next enabled element that connects may restart FullStory.
    gate.remove();
    running.remove();
    document.body.appendChild(running);
    await untilStatus(running, 'ready');
    expect(fsCalls(ns, ['restart'])).to.have.length(1);
  });

  for (const [attribute, value] of [
    ['org', 'o-OTHER2-na1'],
    ['script', `${SIMULATOR}?copy=2`],
    ['namespace', 'FS_elsewhere'],
  ]) {
    it(`refuses a ${attribute} change after FullStory loaded, with a reason, until it is undone`, async () => {
      const ns = freshNamespace();
      const el = mount({org: ORG, script: SIMULATOR, namespace: ns});
      await untilStatus(el, 'ready');
      const original = el.getAttribute(attribute)!;
      const events = collect<StatusEventDetail>(el, 'rudder-fullstory-status');
      const lines = await statusLinesDuring(async () => {
        el.setAttribute(attribute, value);
        await untilStatus(el, 'error');
      });
      expect(events.at(-1)!.reason).to.match(/cannot change once FullStory has loaded \(it records org o-LIFE1-na1\)/);
      expect(lines).to.deep.equal([statusLine('error', el.reason!)]);
      publish({type: 'track', event: 'While refused'});
      // Nothing half-applied: no second load, no other org, no new global, nothing forwarded.
      expect(document.querySelectorAll(`script[src*="fs-simulator"][src*="copy=2"]`)).to.have.length(0);
      expect((window as any).FS_elsewhere).to.equal(undefined);
      expect(fsCalls(ns, ['init']).map(call => call.options.env.orgId)).to.deep.equal([ORG]);
      expect(fsCalls(ns)).to.have.length(0);
      el.setAttribute(attribute, original);
      await untilStatus(el, 'ready');
      // Nothing lost either: what was published meanwhile waited on the bus.
      expect(fsCalls(ns).map(call => call.options.name)).to.deep.equal(['While refused']);
    });
  }

  it('does not refuse debug switched on after load: the loaded FullStory stays', async () => {
    const ns = freshNamespace();
    // No script attribute: debug changes the default script, which must not count as a change.
    pasteSnippet(ns, ORG);
    const el = mount({org: ORG, namespace: ns});
    await untilStatus(el, 'ready');
    const info = console.info;
    console.info = () => {};
    try {
      el.setAttribute('debug', '');
      await el.updateComplete;
      expect(el.status).to.equal('ready');
      publish({type: 'track', event: 'Debugged'});
      expect(fsCalls(ns)).to.have.length(1);
    } finally {
      console.info = info;
    }
  });
});
