/**
 * Runs on runner pages whose <meta> policy is `script-src 'nonce-…' ['strict-dynamic'];
 * require-trusted-types-for 'script'; trusted-types rudder-fullstory lit-html 'allow-duplicates'`
 * (see test/support/csp.mjs): the element must load FullStory there, unchanged, with no violation.
 */
import {expect} from '@open-wc/testing';
import {publish} from '../../src/bus.js';
import type {StatusEventDetail} from '../../src/element.js';
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
} from '../support/fixtures.js';
import {statusLine, statusLinesDuring} from '../support/console.js';

const ORG = 'o-CSP1-na1';
const policy = document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '';
const strictDynamic = policy.includes("'strict-dynamic'");
const pageNonce = document.querySelector<HTMLScriptElement>('script[nonce]')?.nonce ?? '';
const violations = (): {directive: string; blocked: string}[] => (window as any).__cspViolations;
const scriptFor = (ns: string) => document.querySelector<HTMLScriptElement>(`script[data-fs-namespace="${ns}"]`)!;

describe(`under script-src 'nonce-…'${strictDynamic ? " 'strict-dynamic'" : ''} with Trusted Types`, () => {
  let seen = 0;
  beforeEach(() => {
    resetBus();
    seen = violations().length;
  });
  afterEach(unmountAll);

  it('is a page that really enforces the policy', async () => {
    expect(policy).to.contain("require-trusted-types-for 'script'");
    expect(pageNonce).to.have.length.above(10);
    expect(() => {
      document.createElement('script').src = '/demo/fs-simulator.js';
    }).to.throw(TypeError);
    await until(() => violations().length > seen, 'the violation event'); // queued as a task
    expect(
      violations()
        .slice(seen)
        .map(v => v.directive),
    ).to.deep.equal(['require-trusted-types-for']);
  });

  it("loads FullStory with the nonce of the page's own scripts, reaches ready, and causes no violation", async () => {
    const ns = freshNamespace();
    const el = mount({org: ORG, script: SIMULATOR, namespace: ns});
    await untilStatus(el, 'ready');
    expect(scriptFor(ns).nonce).to.equal(pageNonce);
    publish({type: 'identify', userId: 'csp-user'});
    publish({type: 'track', event: 'Under CSP'});
    expect(fsCalls(ns).map(call => call.op)).to.deep.equal(['setIdentity', 'trackEvent']);
    await tick(50);
    expect(violations().slice(seen)).to.deep.equal([]);
  });

  it('uses the nonce attribute when given', async () => {
    const ns = freshNamespace();
    const el = mount({org: ORG, script: SIMULATOR, namespace: ns, nonce: pageNonce});
    await untilStatus(el, 'ready');
    expect(scriptFor(ns).nonce).to.equal(pageNonce);
    await tick(50);
    expect(violations().slice(seen)).to.deep.equal([]);
  });

  it('uses <meta name="csp-nonce"> when the page has no nonced script in reach', async () => {
    // The runner's scripts have run; out of the document for a moment, they leave only the meta.
    const nonced = [...document.querySelectorAll<HTMLScriptElement>('script[nonce]')].map(
      s => [s, s.parentNode!, s.nextSibling] as const,
    );
    const meta = document.createElement('meta');
    meta.name = 'csp-nonce';
    meta.content = pageNonce;
    try {
      for (const [script] of nonced) script.remove();
      document.head.appendChild(meta);
      const ns = freshNamespace();
      const el = mount({org: ORG, script: SIMULATOR, namespace: ns});
      await untilStatus(el, 'ready');
      expect(scriptFor(ns).nonce).to.equal(pageNonce);
      await tick(50);
      expect(violations().slice(seen)).to.deep.equal([]);
    } finally {
      meta.remove();
      for (const [script, parent, next] of nonced.reverse()) parent.insertBefore(script, next);
    }
  });

  it(
    strictDynamic
      ? "loads even with a wrong nonce: 'strict-dynamic' trusts scripts the page's trusted code adds"
      : 'reports blocked, with the CSP reason, when the policy refuses the script (wrong nonce)',
    async () => {
      const ns = freshNamespace();
      publish({type: 'track', event: 'Waiting'});
      const el = mount({org: ORG, script: SIMULATOR, namespace: ns, nonce: 'not-the-page-nonce'});
      const events = collect<StatusEventDetail>(el, 'rudder-fullstory-status');
      if (strictDynamic) {
        await untilStatus(el, 'ready');
        expect(fsCalls(ns)).to.have.length(1);
        await tick(50);
        expect(violations().slice(seen)).to.deep.equal([]);
        return;
      }
      const lines = await statusLinesDuring(() => untilStatus(el, 'blocked'));
      const reason = "csp: fs.js was refused by the page's Content-Security-Policy (script-src-elem)";
      expect(events.at(-1)!.reason).to.equal(reason);
      expect(lines).to.deep.equal([statusLine('blocked', reason)]);
      expect(el.stats).to.include({dropped: 1, queued: 0});
      expect(
        violations()
          .slice(seen)
          .map(v => v.directive),
      ).to.deep.equal(['script-src-elem']);
      expect((window as any)[ns].q).to.have.length(0);
    },
  );
});
