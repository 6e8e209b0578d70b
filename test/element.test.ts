import {expect} from '@open-wc/testing';
import {BUS_KEY, publish} from '../src/bus.js';
import type {DropEventDetail, RudderFullStoryElement, StatusEventDetail} from '../src/element.js';
import {
  SIMULATOR,
  collect,
  freshNamespace,
  fsCalls,
  mount,
  resetBus,
  tick,
  until,
  unmountAll,
  untilStatus,
} from './support/fixtures.js';
import {statusLine, statusLinesDuring} from './support/console.js';

const ORG = 'o-1A2B3C-na1';

describe('<rudder-fullstory>: loading and status', () => {
  beforeEach(resetBus);
  afterEach(unmountAll);

  it('goes idle → loading → ready, then capturing with the session URL, and announces each change', async () => {
    const ns = freshNamespace();
    const el = document.createElement('rudder-fullstory');
    const events = collect<StatusEventDetail>(el, 'rudder-fullstory-status');
    el.setAttribute('org', ORG);
    el.setAttribute('script', SIMULATOR);
    el.setAttribute('namespace', ns);
    expect(el.status).to.equal('idle');
    document.body.appendChild(el);
    await until(() => el.capturing, 'capturing');
    expect(el.getAttribute('status')).to.equal('ready');
    expect(el.hasAttribute('capturing')).to.equal(true);
    expect(el.reason).to.equal(undefined);
    expect(el.sessionUrl).to.match(/^https:\/\/app\.fullstory\.com\/ui\/o-1A2B3C-na1\/session\//);
    expect(el.getAttribute('session-url')).to.equal(el.sessionUrl);
    // fs.js live (FullStory keeps calls from here), then FullStory's `start` observer.
    expect(events.map(e => [e.status, e.capturing])).to.deep.equal([
      ['loading', false],
      ['ready', false],
      ['ready', true],
    ]);
    expect(events[1].reason).to.match(/^capture-pending: /);
    expect(events[2]).to.deep.equal({status: 'ready', capturing: true, sessionUrl: el.sessionUrl});
    el.remove();
  });

  it('injects one async script with the org and namespace, and inits fs.js as snippet 2.1 does', async () => {
    const ns = freshNamespace();
    const el = mount({org: ORG, script: SIMULATOR, namespace: ns});
    await untilStatus(el, 'ready');
    const scripts = [...document.querySelectorAll<HTMLScriptElement>(`script[data-fs-namespace="${ns}"]`)];
    expect(scripts).to.have.length(1);
    expect(scripts[0].async).to.equal(true);
    expect(new URL(scripts[0].src).searchParams.get('org')).to.equal(ORG);
    expect(fsCalls(ns, ['init'])[0].options).to.deep.include({
      env: {orgId: ORG, host: 'fullstory.com', script: `${location.host}${SIMULATOR}`},
    });
  });

  it('reports error and loads nothing when org is missing or malformed, and says so once on the console', async () => {
    const lines = await statusLinesDuring(async () => {
      for (const org of [undefined, 'not an org']) {
        const ns = freshNamespace();
        const el = mount(org ? {org, script: SIMULATOR, namespace: ns} : {script: SIMULATOR, namespace: ns});
        const events = collect<StatusEventDetail>(el, 'rudder-fullstory-status');
        await untilStatus(el, 'error');
        await tick(20);
        expect(document.querySelector(`script[data-fs-namespace="${ns}"]`)).to.equal(null);
        expect((window as any)[ns]).to.equal(undefined);
        expect(el.status).to.equal('error');
        expect(events.length === 0 || events[0].reason !== undefined).to.equal(true);
      }
    });
    // Without debug too; a malformed org shows the expected shape.
    expect(lines).to.deep.equal([
      statusLine('error', 'config: org attribute is missing'),
      statusLine('error', 'config: org "not an org" is not a FullStory org id (o-XXXX-na1)'),
    ]);
  });

  it('reports error for a script URL that is not allowed (javascript:, foreign http)', async () => {
    const lines = await statusLinesDuring(async () => {
      for (const script of ['javascript:alert(1)', 'http://evil.example/fs.js']) {
        const el = mount({org: ORG, script, namespace: freshNamespace()});
        await untilStatus(el, 'error');
      }
    });
    const line = (script: string) =>
      statusLine('error', `config: script "${script}" is not https, a same-origin path or loopback http`);
    expect(lines).to.deep.equal([line('javascript:alert(1)'), line('http://evil.example/fs.js')]);
  });

  it('becomes blocked when fs.js cannot be loaded, dropping and counting what was queued', async () => {
    const ns = freshNamespace();
    publish({type: 'track', event: 'Queued'});
    const el = mount({org: ORG, script: '/demo/blocked-by-adblock/fs.js', namespace: ns});
    const drops = collect<DropEventDetail>(el, 'rudder-fullstory-drop');
    const events = collect<StatusEventDetail>(el, 'rudder-fullstory-status');
    const lines = await statusLinesDuring(() => untilStatus(el, 'blocked'));
    expect(events.at(-1)!.reason).to.equal(
      `script-error: fs.js could not be loaded from ${location.origin}/demo/blocked-by-adblock/fs.js?org=${ORG} (ad blocker, network or wrong URL)`,
    );
    expect(lines).to.deep.equal([statusLine('blocked', el.reason!)]);
    expect(el.stats).to.include({forwarded: 0, dropped: 1, queued: 0});
    expect(drops).to.deep.equal([{call: 'track', reason: 'blocked'}]);
    publish({type: 'track', event: 'After'});
    expect(el.stats.dropped).to.equal(2);
    expect(((window as any)[ns].q ?? []).length).to.equal(0);
  });

  it('becomes blocked when fs.js does not load within timeout', async () => {
    const el = mount({org: ORG, script: `${SIMULATOR}?load=never`, namespace: freshNamespace(), timeout: '150'});
    const lines = await statusLinesDuring(() => untilStatus(el, 'blocked'));
    expect(el.reason).to.match(/^timeout: /);
    expect(lines).to.deep.equal([statusLine('blocked', el.reason!)]);
    expect(el.hasAttribute('session-url')).to.equal(false);
  });

  it('puts the nonce attribute on the injected script', async () => {
    const ns = freshNamespace();
    const el = mount({org: ORG, script: SIMULATOR, namespace: ns, nonce: 'n0nce-attr'});
    await untilStatus(el, 'ready');
    expect(document.querySelector<HTMLScriptElement>(`script[data-fs-namespace="${ns}"]`)!.nonce).to.equal(
      'n0nce-attr',
    );
  });

  it('takes the page nonce when the element has none', async () => {
    const meta = document.createElement('meta');
    meta.name = 'csp-nonce';
    meta.content = 'page-n0nce';
    document.head.appendChild(meta);
    try {
      const ns = freshNamespace();
      const el = mount({org: ORG, script: SIMULATOR, namespace: ns});
      await untilStatus(el, 'ready');
      expect(document.querySelector<HTMLScriptElement>(`script[data-fs-namespace="${ns}"]`)!.nonce).to.equal(
        'page-n0nce',
      );
    } finally {
      meta.remove();
    }
  });

  it('sets the script URL through the "rudder-fullstory" Trusted Types policy', async function () {
    const tt = (window as any).trustedTypes;
    if (!tt) this.skip();
    const ns = freshNamespace();
    mount({org: ORG, script: SIMULATOR, namespace: ns});
    await tick(50);
    // The policy exists page-wide and refuses URLs the element would not build itself.
    const policy = (globalThis as any)[Symbol.for('rudder-fullstory.trusted-types-policy')];
    expect(policy.name).to.equal('rudder-fullstory');
    expect(() => policy.createScriptURL('javascript:alert(1)')).to.throw();
  });
});

describe('<rudder-fullstory>: forwarding', () => {
  beforeEach(resetBus);
  afterEach(unmountAll);

  it('forwards identify, track and page published on the bus, mapped per §6', async () => {
    const ns = freshNamespace();
    const el = mount({org: ORG, script: SIMULATOR, namespace: ns});
    await untilStatus(el, 'ready');
    publish({type: 'identify', userId: 'u1', context: {traits: {name: 'Ada', email: 'ada@example.com'}}});
    publish({type: 'track', event: 'Order Completed', properties: {revenue: 9.99}});
    publish({
      type: 'page',
      name: 'Home',
      properties: {path: '/', url: 'https://site.test/', title: 'Home', referrer: '', search: ''},
    });
    expect(fsCalls(ns).map(c => [c.op, c.options])).to.deep.equal([
      ['setIdentity', {uid: 'u1', properties: {name: 'Ada', email: 'ada@example.com', displayName: 'Ada'}}],
      ['trackEvent', {name: 'Order Completed', properties: {revenue: 9.99}}],
      [
        'trackEvent',
        {
          name: 'Viewed a Page',
          properties: {name: 'Home', path: '/', referrer: '', search: '', title: 'Home', url: 'https://site.test/'},
        },
      ],
    ]);
    expect(el.hasAttribute('identified')).to.equal(true);
    expect(el.stats).to.include({forwarded: 3, dropped: 0});
  });

  it('delivers calls published before the element existed, in order, once fs.js loads', async () => {
    const ns = freshNamespace();
    publish({type: 'identify', userId: 'early'});
    publish({type: 'track', event: 'Early'});
    const el = mount({org: ORG, script: `${SIMULATOR}?load=50`, namespace: ns});
    await tick(0);
    expect(fsCalls(ns)).to.have.length(0);
    expect(el.stats.queued).to.equal(2);
    await untilStatus(el, 'ready');
    expect(fsCalls(ns).map(c => c.op)).to.deep.equal(['setIdentity', 'trackEvent']);
    expect(el.stats).to.include({forwarded: 2, queued: 0});
  });

  it('accepts messages sent as a "rudderanalytics" DOM event', async () => {
    const ns = freshNamespace();
    const el = mount({org: ORG, script: SIMULATOR, namespace: ns});
    await untilStatus(el, 'ready');
    window.dispatchEvent(
      new CustomEvent('rudderanalytics', {detail: {type: 'track', event: 'From DOM', properties: {a: 1}}}),
    );
    expect(fsCalls(ns).map(c => c.options)).to.deep.equal([{name: 'From DOM', properties: {a: 1}}]);
  });

  it('fills page fields from the browser for a bare page message', async () => {
    const ns = freshNamespace();
    const el = mount({org: ORG, script: SIMULATOR, namespace: ns});
    await untilStatus(el, 'ready');
    publish({type: 'page'});
    expect(fsCalls(ns)[0].options.properties).to.deep.equal({
      path: location.pathname,
      referrer: document.referrer || '$direct',
      search: location.search,
      title: document.title,
      url: location.href,
    });
  });

  it('sets pageName with page-properties', async () => {
    const ns = freshNamespace();
    const el = mount({org: ORG, script: SIMULATOR, namespace: ns, 'page-properties': true});
    await untilStatus(el, 'ready');
    publish({type: 'page', name: 'Pricing', properties: {path: '/pricing'}});
    expect(fsCalls(ns)[1]).to.deep.include({
      op: 'setProperties',
      options: {type: 'page', properties: {pageName: 'Pricing'}},
    });
  });

  it('camel-cases keys with camelcase, and follows the anonymous attribute', async () => {
    const ns = freshNamespace();
    const el = mount({org: ORG, script: SIMULATOR, namespace: ns, camelcase: true, anonymous: 'property'});
    await untilStatus(el, 'ready');
    publish({type: 'identify', anonymousId: 'anon-1', traits: {first_name: 'Ada'}});
    expect(fsCalls(ns)[0]).to.deep.include({
      op: 'setProperties',
      options: {type: 'user', properties: {firstName: 'Ada', anonymousId: 'anon-1'}},
    });
    expect(el.hasAttribute('identified')).to.equal(false);
  });

  it('maps reset to an anonymous identity and clears identified', async () => {
    const ns = freshNamespace();
    const el = mount({org: ORG, script: SIMULATOR, namespace: ns});
    await untilStatus(el, 'ready');
    publish({type: 'identify', userId: 'u1'});
    expect(el.hasAttribute('identified')).to.equal(true);
    publish({type: 'reset'});
    expect(fsCalls(ns).at(-1)!.options).to.deep.equal({anonymous: true});
    expect(el.hasAttribute('identified')).to.equal(false);
  });

  it('does not send an identical identify twice', async () => {
    const ns = freshNamespace();
    const el = mount({org: ORG, script: SIMULATOR, namespace: ns});
    const drops = collect<DropEventDetail>(el, 'rudder-fullstory-drop');
    await untilStatus(el, 'ready');
    publish({type: 'identify', userId: 'u1', traits: {plan: 'pro'}});
    publish({type: 'identify', userId: 'u1', traits: {plan: 'pro'}});
    expect(fsCalls(ns)).to.have.length(1);
    expect(drops).to.deep.equal([{call: 'identify', reason: 'repeat-identity'}]);
  });

  it('announces an own __proto__ trait (from JSON.parse) as repaired, and lets it reach no prototype', async () => {
    const ns = freshNamespace();
    const el = mount({org: ORG, script: SIMULATOR, namespace: ns});
    const drops = collect<DropEventDetail>(el, 'rudder-fullstory-drop');
    await untilStatus(el, 'ready');
    const traits = JSON.parse('{"__proto__": {"polluted": true}, "plan": "pro"}');
    publish({type: 'identify', userId: 'u1', traits});
    const [call] = fsCalls(ns);
    expect(call.options).to.deep.equal({uid: 'u1', properties: {plan: 'pro'}});
    expect(Object.getPrototypeOf(call.options.properties)).to.equal(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
    expect(drops).to.deep.equal([
      {call: 'identify', reason: 'repaired', repairs: ['__proto__: reserved name, removed']},
    ]);
    expect(el.stats).to.include({forwarded: 1, dropped: 0});
  });

  it('announces group and alias as not sent', async () => {
    const ns = freshNamespace();
    const el = mount({org: ORG, script: SIMULATOR, namespace: ns});
    const drops = collect<DropEventDetail>(el, 'rudder-fullstory-drop');
    await untilStatus(el, 'ready');
    publish({type: 'group', groupId: 'g'} as never);
    publish({type: 'alias', userId: 'new'} as never);
    expect(fsCalls(ns)).to.have.length(0);
    expect(drops.map(d => d.reason)).to.deep.equal(['unsupported-type', 'unsupported-type']);
    expect(el.stats.dropped).to.equal(2);
  });

  it('writes no user id, trait or property value into the DOM', async () => {
    const ns = freshNamespace();
    const el = mount({org: ORG, script: SIMULATOR, namespace: ns, debug: true});
    const info = console.info;
    console.info = () => {};
    try {
      await untilStatus(el, 'ready');
      publish({type: 'identify', userId: 'secret-user-9', traits: {email: 'secret@example.com'}});
      publish({type: 'track', event: 'Secret Event', properties: {card: 'secret-4242'}});
      await tick(20);
      const dom = el.outerHTML + (el.shadowRoot?.innerHTML ?? '');
      for (const secret of ['secret-user-9', 'secret@example.com', 'secret-4242']) expect(dom).not.to.contain(secret);
    } finally {
      console.info = info;
    }
  });

  it('prints a console line for each forwarded or dropped call in debug mode', async () => {
    const ns = freshNamespace();
    const lines: string[] = [];
    const {info, warn} = console;
    console.info = (...args: unknown[]) => lines.push(String(args[0]));
    console.warn = (...args: unknown[]) => lines.push(String(args[0]));
    try {
      const el = mount({org: ORG, script: SIMULATOR, namespace: ns, debug: true});
      await untilStatus(el, 'ready');
      publish({type: 'track', event: 'Shown'});
      publish({type: 'track'});
    } finally {
      Object.assign(console, {info, warn});
    }
    expect(lines.some(line => line.includes("track → FS('trackEvent')"))).to.equal(true);
    expect(lines.some(line => line.includes('track: missing-event'))).to.equal(true);
  });
});

describe('<rudder-fullstory>: lifecycle', () => {
  beforeEach(resetBus);
  afterEach(unmountAll);

  it('forwards each call once across disconnect and re-connect', async () => {
    const ns = freshNamespace();
    const el = mount({org: ORG, script: SIMULATOR, namespace: ns});
    await untilStatus(el, 'ready');
    publish({type: 'track', event: 'One'});
    el.remove();
    publish({type: 'track', event: 'While away'});
    document.body.appendChild(el);
    await tick(0);
    publish({type: 'track', event: 'Two'});
    expect(fsCalls(ns).map(c => c.options.name)).to.deep.equal(['One', 'While away', 'Two']);
  });

  it('stops forwarding while disconnected', async () => {
    const ns = freshNamespace();
    const el = mount({org: ORG, script: SIMULATOR, namespace: ns});
    await untilStatus(el, 'ready');
    el.remove();
    publish({type: 'track', event: 'Nobody listens'});
    expect(fsCalls(ns)).to.have.length(0);
  });

  it('shares one FullStory between two elements and forwards each call once', async () => {
    const ns = freshNamespace();
    const a = mount({org: ORG, script: SIMULATOR, namespace: ns});
    const b = mount({org: ORG, script: SIMULATOR, namespace: ns});
    await untilStatus(a, 'ready');
    await untilStatus(b, 'ready');
    publish({type: 'track', event: 'Once'});
    expect(document.querySelectorAll(`script[data-fs-namespace="${ns}"]`)).to.have.length(1);
    expect(fsCalls(ns)).to.have.length(1);
    expect(a.stats.forwarded + b.stats.forwarded).to.equal(1);
  });

  it('refuses a second element with a different org, with a reason', async () => {
    const ns = freshNamespace();
    const a = mount({org: ORG, script: SIMULATOR, namespace: ns});
    await untilStatus(a, 'ready');
    let b!: RudderFullStoryElement;
    let events!: StatusEventDetail[];
    const lines = await statusLinesDuring(async () => {
      b = mount({org: 'o-OTHER1-na1', script: SIMULATOR, namespace: ns});
      events = collect<StatusEventDetail>(b, 'rudder-fullstory-status');
      await untilStatus(b, 'error');
      await tick(0);
    });
    expect(b.status).to.equal('error');
    expect(events.length === 0 || /already running/.test(events[0].reason ?? '')).to.equal(true);
    expect(lines).to.deep.equal([
      statusLine('error', `conflict: FullStory is already running on this page for org ${ORG}`),
    ]);
  });

  it('loads nothing while disabled, and loads once disabled is removed', async () => {
    const ns = freshNamespace();
    publish({type: 'track', event: 'Before consent'});
    const el = mount({org: ORG, script: SIMULATOR, namespace: ns, disabled: true, 'pre-consent': 'deliver'});
    await untilStatus(el, 'disabled');
    await tick(20);
    expect(document.querySelector(`script[data-fs-namespace="${ns}"]`)).to.equal(null);
    el.removeAttribute('disabled');
    await untilStatus(el, 'ready');
    expect(fsCalls(ns).map(c => c.options.name)).to.deep.equal(['Before consent']);
  });

  it('shuts FullStory down when disabled is added after start, and stops forwarding', async () => {
    const ns = freshNamespace();
    const el = mount({org: ORG, script: SIMULATOR, namespace: ns});
    await untilStatus(el, 'ready');
    el.setAttribute('disabled', '');
    await untilStatus(el, 'disabled');
    expect(fsCalls(ns, ['shutdown'])).to.have.length(1);
    publish({type: 'track', event: 'After opt-out'});
    expect(fsCalls(ns)).to.have.length(0);
    el.removeAttribute('disabled');
    await untilStatus(el, 'ready');
    expect(fsCalls(ns, ['restart'])).to.have.length(1);
  });

  it('handles org set after connect (as frameworks do)', async () => {
    const ns = freshNamespace();
    let el!: RudderFullStoryElement;
    const lines = await statusLinesDuring(async () => {
      el = mount({script: SIMULATOR, namespace: ns});
      await untilStatus(el, 'error');
    });
    expect(lines).to.deep.equal([statusLine('error', 'config: org attribute is missing')]);
    el.setAttribute('org', ORG);
    await untilStatus(el, 'ready');
  });
});

describe('<rudder-fullstory>: a bus from an older copy of the library', () => {
  beforeEach(resetBus);
  afterEach(() => {
    unmountAll();
    resetBus();
  });

  it('reads a version-1 bus, whose listeners get {seq, message}', async () => {
    // What an older bundle on the page leaves: listeners called with an envelope.
    const listeners = new Set<(envelope: unknown) => void>();
    const buffer: {seq: number; message: unknown}[] = [];
    const old = {
      version: 1,
      lastSeq: 0,
      listeners: 0,
      overflowed: 0,
      publish(message: unknown) {
        const envelope = {seq: buffer.length + 1, message};
        buffer.push(envelope);
        for (const listener of listeners) listener(envelope);
      },
      subscribe(listener: (envelope: unknown) => void) {
        for (const envelope of buffer) listener(envelope);
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    };
    Object.defineProperty(globalThis, BUS_KEY, {value: old, configurable: true});
    old.publish({type: 'track', event: 'From an old bus'});
    const ns = freshNamespace();
    const el = mount({org: ORG, script: SIMULATOR, namespace: ns});
    await untilStatus(el, 'ready');
    old.publish({type: 'track', event: 'And another'});
    await until(() => fsCalls(ns).length >= 2, 'both calls');
    expect(fsCalls(ns).map(c => c.options.name)).to.deep.equal(['From an old bus', 'And another']);
  });
});
