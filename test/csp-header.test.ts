/**
 * The shipped bundle on a page whose policy comes as a real response header (test/support/csp.mjs):
 * browsers hide every nonce attribute there, so the element must read the `.nonce` property.
 */
import {expect} from '@open-wc/testing';
import {loadPage} from './support/fixtures.js';

const PAGE = '/test/fixtures/csp-header-page.html';

const settled = (win: any) => {
  const el = win.document.querySelector('rudder-fullstory');
  return ['blocked', 'error'].includes(el?.getAttribute('status')) || el?.hasAttribute('capturing');
};
const dataCalls = (win: any) =>
  win.__fsSimulator.FS.calls.filter((c: any) => ['setIdentity', 'trackEvent'].includes(c.op));

describe('dist bundle under a Content-Security-Policy response header', () => {
  for (const variant of ['nonce from the page', 'nonce attribute']) {
    it(`works unchanged and reports no violation (${variant})`, async () => {
      const win = await loadPage(`${PAGE}${variant === 'nonce attribute' ? '?element-nonce' : ''}`, settled);
      const doc = win.document;
      const el = doc.querySelector('rudder-fullstory');
      const pageNonce = doc.querySelector('script[nonce]').nonce;
      expect(pageNonce).to.have.length.above(10);
      // The header hid the attribute, as browsers do: only the property has the value.
      expect(doc.querySelector('script[nonce]').getAttribute('nonce')).to.equal('');
      if (variant === 'nonce attribute') expect(el.getAttribute('nonce')).to.equal('');
      expect(el.getAttribute('status')).to.equal('ready');
      // fs.js live, then capture started (each a status event).
      expect(win.__statuses.map((s: any) => [s.status, s.capturing])).to.deep.equal([
        ['loading', false],
        ['ready', false],
        ['ready', true],
      ]);
      expect(doc.querySelector('script[data-fs-namespace="FS"]').nonce).to.equal(pageNonce);
      expect(dataCalls(win).map((c: any) => c.op)).to.deep.equal(['setIdentity', 'trackEvent']);
      await new Promise(resolve => setTimeout(resolve, 50));
      expect(win.__violations).to.deep.equal([]);
    });
  }

  it("loads through the page's default policy when the trusted-types directive leaves ours out", async () => {
    const win = await loadPage(`${PAGE}?trusted-types=lit-html%20default&default-policy`, settled);
    expect(win.document.querySelector('rudder-fullstory').getAttribute('status')).to.equal('ready');
    expect(dataCalls(win)).to.have.length(2);
    // The browser reports the refused policy name; the load itself went through.
    expect(win.__violations.map((v: string) => v.split(' ')[0])).to.deep.equal(['trusted-types']);
  });

  it("reports blocked, with the reason, when the page's trusted-types directive leaves our policy out", async () => {
    const win = await loadPage(`${PAGE}?trusted-types=lit-html`, settled);
    const el = win.document.querySelector('rudder-fullstory');
    expect(el.getAttribute('status')).to.equal('blocked');
    expect(win.__statuses.at(-1).reason).to.match(
      /^trusted-types: Trusted Types refused the fs.js URL; allow the 'rudder-fullstory' policy in the page's trusted-types directive/,
    );
    expect(win.document.querySelector('script[data-fs-namespace]')).to.equal(null);
    expect(win.FS).to.equal(undefined);
    expect(el.stats).to.include({forwarded: 0, dropped: 2, queued: 0});
  });
});
