import {expect} from '@open-wc/testing';
import {getBus, publish} from '../../src/bus.js';
import {RudderFullStoryElement} from '../../src/element.js';
import type {StatusEventDetail} from '../../src/element.js';
import {
  SIMULATOR,
  collect,
  freshNamespace,
  fsCalls,
  mount,
  pasteSnippet,
  resetBus,
  tick,
  unmountAll,
  untilStarted,
  untilStatus,
  withSimulatorRoute,
} from '../support/fixtures.js';
import {statusLine, statusLinesDuring} from '../support/console.js';
import {init as initFullStory} from '@fullstory/browser';

const ORG = 'o-ONE1-na1';
const scriptsFor = (ns: string) => document.querySelectorAll(`script[data-fs-namespace="${ns}"]`);
const load = (url: string) => import(url);

describe('one FullStory per page', () => {
  beforeEach(resetBus);
  afterEach(unmountAll);

  it('adopts the official snippet pasted in the head: no second fs.js, calls go into it', async () => {
    const ns = freshNamespace();
    pasteSnippet(ns, ORG);
    const fs = (window as any)[ns];
    const el = mount({org: ORG, script: SIMULATOR, namespace: ns});
    await untilStatus(el, 'ready');
    expect(scriptsFor(ns)).to.have.length(1);
    expect((window as any)[ns]).to.equal(fs);
    expect(fsCalls(ns, ['init'])).to.have.length(1);
    publish({type: 'track', event: 'Into the snippet'});
    expect(fsCalls(ns).map(call => call.options.name)).to.deep.equal(['Into the snippet']);
  });

  it('adopts a FullStory that has already started, and stays ready past its timeout', async () => {
    const ns = freshNamespace();
    pasteSnippet(ns, ORG);
    await untilStarted(ns);
    const el = mount({org: ORG, namespace: ns, timeout: '100'});
    await untilStatus(el, 'ready');
    await tick(250);
    expect(el.status).to.equal('ready');
    expect(el.capturing).to.equal(true);
    expect(el.sessionUrl).to.equal(window.__fsSimulator![ns].sessionUrl);
  });

  it('adopts the FullStory that @fullstory/browser started (another tool on the page)', async () => {
    const ns = freshNamespace();
    withSimulatorRoute(script => initFullStory({orgId: ORG, namespace: ns, script}));
    const el = mount({org: ORG, script: SIMULATOR, namespace: ns});
    await untilStatus(el, 'ready');
    expect(scriptsFor(ns)).to.have.length(1);
    publish({type: 'identify', userId: 'tool-user'});
    expect(fsCalls(ns).map(call => call.options.uid)).to.deep.equal(['tool-user']);
  });

  it('adopts the snippet of an element with no namespace when the page names another one (_fs_namespace)', async () => {
    const ns = freshNamespace();
    (window as any)._fs_namespace = ns;
    try {
      pasteSnippet(ns, ORG);
      const el = mount({org: ORG});
      await untilStatus(el, 'ready');
      publish({type: 'track', event: 'Found it'});
      expect(fsCalls(ns)).to.have.length(1);
      expect(scriptsFor(ns)).to.have.length(1);
      expect(scriptsFor('FS')).to.have.length(0);
    } finally {
      delete (window as any)._fs_namespace;
    }
  });

  it('refuses an element for another org than the snippet records into, with a reason', async () => {
    const ns = freshNamespace();
    pasteSnippet(ns, 'o-SNIPPET1-na1');
    let events!: StatusEventDetail[];
    const lines = await statusLinesDuring(async () => {
      const el = mount({org: ORG, script: SIMULATOR, namespace: ns});
      events = collect<StatusEventDetail>(el, 'rudder-fullstory-status');
      await untilStatus(el, 'error');
    });
    const reason =
      'conflict: FullStory is already running on this page for org o-SNIPPET1-na1 (loaded by a snippet or another tool)';
    expect(events.at(-1)!.reason).to.equal(reason);
    expect(lines).to.deep.equal([statusLine('error', reason)]);
    publish({type: 'track', event: 'Not for that org'});
    await untilStarted(ns);
    expect(scriptsFor(ns)).to.have.length(1);
    expect(fsCalls(ns)).to.have.length(0);
  });

  it('a second element with a different org reports error, while the first keeps forwarding alone', async () => {
    const ns = freshNamespace();
    const first = mount({org: ORG, script: SIMULATOR, namespace: ns});
    await untilStatus(first, 'ready');
    let second!: RudderFullStoryElement;
    let events!: StatusEventDetail[];
    const lines = await statusLinesDuring(async () => {
      second = mount({org: 'o-OTHER3-na1', script: SIMULATOR, namespace: ns});
      events = collect<StatusEventDetail>(second, 'rudder-fullstory-status');
      await untilStatus(second, 'error');
    });
    const reason = `conflict: FullStory is already running on this page for org ${ORG}`;
    expect(events.at(-1)!.reason).to.equal(reason);
    expect(lines).to.deep.equal([statusLine('error', reason)]);
    publish({type: 'track', event: 'Once'});
    expect(scriptsFor(ns)).to.have.length(1);
    expect(fsCalls(ns, ['init']).map(call => call.options.env.orgId)).to.deep.equal([ORG]);
    expect(fsCalls(ns)).to.have.length(1);
    expect(second.stats.forwarded).to.equal(0);
  });

  it('two copies of the bundle under different URLs share one definition, one bus, one FullStory; each call once', async () => {
    const ns = freshNamespace();
    const [one, two] = [await load('/dist/rudder-fullstory.js'), await load('/dist/rudder-fullstory.js?copy=2')];
    expect(one.RudderFullStoryElement).not.to.equal(two.RudderFullStoryElement);
    // The source copy (imported by these tests) defined the tag first; the bundles left it alone.
    expect(customElements.get('rudder-fullstory')).to.equal(RudderFullStoryElement);
    expect(one.getBus()).to.equal(getBus());
    expect(two.getBus()).to.equal(getBus());
    // Each copy's element live on one page, as when two plugins each define their own tag.
    for (const [tag, copy] of [
      ['rudder-fullstory-one', one],
      ['rudder-fullstory-two', two],
    ]) {
      if (!customElements.get(tag)) customElements.define(tag, copy.RudderFullStoryElement);
    }
    const elements = ['rudder-fullstory', 'rudder-fullstory-one', 'rudder-fullstory-two'].map(tag => {
      const el = document.createElement(tag) as RudderFullStoryElement;
      for (const [name, value] of Object.entries({org: ORG, script: SIMULATOR, namespace: ns}))
        el.setAttribute(name, value);
      return document.body.appendChild(el);
    });
    try {
      for (const el of elements) await untilStatus(el, 'ready');
      for (const event of ['A', 'B', 'C']) publish({type: 'track', event});
      window.dispatchEvent(new CustomEvent('rudderanalytics', {detail: {type: 'track', event: 'D'}}));
      expect(scriptsFor(ns)).to.have.length(1);
      expect(fsCalls(ns, ['init'])).to.have.length(1);
      expect(fsCalls(ns).map(call => call.options.name)).to.deep.equal(['A', 'B', 'C', 'D']);
      expect(elements.reduce((sum, el) => sum + el.stats.forwarded, 0)).to.equal(4);
    } finally {
      for (const el of elements) el.remove();
    }
  });
});
