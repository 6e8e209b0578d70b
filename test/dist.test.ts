import {expect} from '@open-wc/testing';
import {loadPage} from './support/fixtures.js';

describe('dist/rudder-fullstory.js in a plain HTML page', () => {
  it('defines the element and forwards DOM-event messages to FullStory, mapped per §6', async () => {
    const win = await loadPage(
      '/test/fixtures/plain-page.html',
      w => (w.__fsSimulator?.FS?.calls ?? []).filter((c: any) => c.op === 'trackEvent').length > 0,
    );
    const el = win.document.querySelector('rudder-fullstory');
    expect(el.getAttribute('status')).to.equal('ready');
    const calls = win.__fsSimulator.FS.calls.filter((c: any) => ['setIdentity', 'trackEvent'].includes(c.op));
    expect(calls.map((c: any) => [c.op, c.options])).to.deep.equal([
      [
        'setIdentity',
        {uid: 'plain-user', properties: {name: 'Plain', email: 'plain@example.com', displayName: 'Plain'}},
      ],
      ['trackEvent', {name: 'Plain Click', properties: {button: 'buy'}}],
    ]);
    expect(new URL(win.document.querySelector('script[data-fs-namespace="FS"]').src).searchParams.get('org')).to.equal(
      'o-PLAIN1-na1',
    );
    // No `debug`: the panel's file is never fetched.
    const fetched = win.performance.getEntriesByType('resource').map((entry: PerformanceEntry) => entry.name);
    expect(fetched.some((name: string) => name.includes('debug-panel'))).to.equal(false);
  });

  it('with debug, loads the debug panel from the file next to the bundle', async () => {
    const panelOf = (w: any) =>
      w.document.querySelector('rudder-fullstory')?.shadowRoot?.querySelector('section.panel');
    const win = await loadPage('/test/fixtures/plain-page-debug.html', w =>
      /1 sent/.test(panelOf(w)?.textContent ?? ''),
    );
    expect(panelOf(win).querySelector('button').textContent).to.equal('FullStory ready · 1 sent · 0 dropped');
    const fetched = win.performance.getEntriesByType('resource').map((entry: PerformanceEntry) => entry.name);
    expect(fetched.filter((name: string) => name.includes('debug-panel'))).to.deep.equal([
      new URL('/dist/rudder-fullstory-debug-panel.js', win.location.href).href,
    ]);
  });

  it('included twice (two plugins), defines the tag once, loads FullStory once and forwards each call once', async () => {
    const win = await loadPage('/test/fixtures/plain-page-twice.html', w =>
      (w.__fsSimulator?.FS?.calls ?? []).some((c: any) => c.op === 'trackEvent'),
    );
    const bundles = win.performance
      .getEntriesByType('resource')
      .filter((e: PerformanceEntry) => e.name.includes('/dist/'));
    expect(bundles.length).to.equal(2);
    await new Promise(resolve => setTimeout(resolve, 50));
    expect(win.__errors).to.deep.equal([]);
    expect(win.document.querySelectorAll('script[data-fs-namespace="FS"]').length).to.equal(1);
    const tracked = win.__fsSimulator.FS.calls.filter((c: any) => c.op === 'trackEvent');
    expect(tracked.map((c: any) => c.options.name)).to.deep.equal(['Once']);
    expect(win.document.querySelector('rudder-fullstory').stats.forwarded).to.equal(1);
  });

  for (const [bundles, page] of [
    ['one bundle', '/test/fixtures/plain-page-early-once.html'],
    ['two bundles', '/test/fixtures/plain-page-early-twice.html'],
  ]) {
    it(`takes the messages an inline script queued before the library ran: all, in order, once (${bundles})`, async () => {
      const tracked = (w: any) =>
        (w.__fsSimulator?.FS?.calls ?? []).filter((c: any) => ['setIdentity', 'trackEvent'].includes(c.op));
      const win = await loadPage(page, w => tracked(w).length >= 3 && w.document.readyState === 'complete');
      expect(win.__errors).to.deep.equal([]);
      expect(tracked(win).map((c: any) => [c.op, c.options])).to.deep.equal([
        ['setIdentity', {uid: 'early-user', properties: {}}],
        ['trackEvent', {name: 'Early 1', properties: {}}],
        ['trackEvent', {name: 'Early 2', properties: {}}],
      ]);
      const bus = win[Symbol.for('rudderanalytics.bus')];
      expect(bus.lastSeq).to.equal(3);
      expect(win.document.querySelector('rudder-fullstory').stats).to.include({forwarded: 3, dropped: 0});
    });
  }

  it('with debug under a strict CSP (nonces, style-src none, Trusted Types), loads FullStory and a styled panel', async () => {
    const panelOf = (w: any) =>
      w.document.querySelector('rudder-fullstory')?.shadowRoot?.querySelector('section.panel');
    const win = await loadPage('/test/fixtures/plain-page-csp.html', w => /1 sent/.test(panelOf(w)?.textContent ?? ''));
    // The dev server's own reload socket is refused too; that one is not ours.
    expect(win.__errors.filter((e: string) => !e.includes('__web-dev-server'))).to.deep.equal([]);
    expect(win.document.querySelector('rudder-fullstory').getAttribute('status')).to.equal('ready');
    // The panel's file came in through the bundle's nonce, and its constructed stylesheet applies.
    expect(win.getComputedStyle(panelOf(win)).position).to.equal('fixed');
  });
});
