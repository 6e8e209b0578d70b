import {expect} from '@open-wc/testing';
import {executeServerCommand, sendKeys} from '@web/test-runner-commands';
import {publish} from '../../src/bus.js';
import type {RudderFullStoryElement} from '../../src/element.js';
import {SIMULATOR, freshNamespace, mount, resetBus, tick, unmountAll, untilStatus} from '../support/fixtures.js';

const ORG = 'o-1A2B3C-na1';

const panelOf = (el: RudderFullStoryElement) => el.shadowRoot!.querySelector<HTMLElement>('section.panel');

async function untilPanel(
  el: RudderFullStoryElement,
  ready: (panel: HTMLElement) => boolean = () => true,
): Promise<HTMLElement> {
  const start = performance.now();
  for (;;) {
    const panel = panelOf(el);
    if (panel && ready(panel)) return panel;
    if (performance.now() - start > 5000) throw new Error(`no debug panel: ${panel?.textContent ?? 'none'}`);
    await tick(10);
  }
}

const field = (panel: HTMLElement, name: string) =>
  [...panel.querySelectorAll('dt')].find(dt => dt.textContent === name)?.nextElementSibling as HTMLElement;
const entries = (panel: HTMLElement) => [...panel.querySelectorAll('ol li')].map(li => li.textContent);
const toggleOf = (panel: HTMLElement) => panel.querySelector('button')!;

describe('debug panel', () => {
  // Suppress the debug console lines the element prints in this suite.
  let restore: () => void;
  beforeEach(() => {
    resetBus();
    const {info, warn} = console;
    console.info = () => {};
    console.warn = () => {};
    restore = () => Object.assign(console, {info, warn});
  });
  afterEach(() => {
    unmountAll();
    restore();
  });

  it('is absent without debug: no DOM in the shadow root and its module never fetched', async () => {
    const el = mount({org: ORG, script: SIMULATOR, namespace: freshNamespace()});
    await untilStatus(el, 'ready');
    publish({type: 'track', event: 'Quiet'});
    await tick(50);
    expect(el.shadowRoot!.children.length).to.equal(0);
    expect(el.stats.forwarded).to.equal(1);
    const fetched = performance.getEntriesByType('resource').map(entry => entry.name);
    expect(fetched.some(name => name.includes('/src/debug/debug-panel'))).to.equal(false);
  });

  it('shows status, org, a session link and real counts, and lists the last calls', async () => {
    const el = mount({org: ORG, script: SIMULATOR, namespace: freshNamespace(), debug: true});
    await untilStatus(el, 'ready');
    publish({type: 'identify', userId: 'user-7', context: {traits: {name: 'Ada'}}});
    publish({type: 'track', event: 'Clicked', properties: {button: 'buy'}});
    publish({type: 'group', groupId: 'g-1'});
    const panel = await untilPanel(el, p => entries(p).length === 3);

    expect(panel.classList.contains('fs-exclude')).to.equal(true);
    expect(field(panel, 'Status').textContent).to.equal('ready');
    expect(field(panel, 'Org').textContent).to.equal(ORG);
    expect(panel.querySelector('a')!.href).to.equal(el.sessionUrl);
    expect(field(panel, 'Forwarded').textContent).to.equal('2');
    expect(field(panel, 'Dropped').textContent).to.equal('1');
    expect(toggleOf(panel).textContent).to.equal('FullStory ready · 2 sent · 1 dropped');
    expect(entries(panel)).to.deep.equal([
      'identify → setIdentity',
      'track → trackEvent',
      'group: dropped (unsupported-type)',
    ]);
    // The probe the "never fetched" test relies on does see the module when it is loaded.
    expect(
      performance.getEntriesByType('resource').some(entry => entry.name.includes('/src/debug/debug-panel')),
    ).to.equal(true);
  });

  it('lists repairs by property path and never writes ids, traits or property values into the DOM', async () => {
    const el = mount({org: ORG, script: SIMULATOR, namespace: freshNamespace(), debug: true});
    await untilStatus(el, 'ready');
    publish({
      type: 'identify',
      userId: 'secret-user-77',
      context: {traits: {email: 'ada@secret.example', plan: 'gold-plan'}},
    });
    publish({type: 'track', event: 'Messy', properties: {'first name': 'Secret Value', fn: () => 1}});
    // One entry per call: the repaired track is listed once, delivered and with its repairs.
    const panel = await untilPanel(el, p => /trackEvent/.test(entries(p)[1] ?? ''));
    expect(entries(panel).length).to.equal(2);
    const [, repaired] = entries(panel);
    expect(repaired).to.match(/^track → trackEvent, repaired — /);
    expect(repaired).to.include('first name');
    const dom = `${el.outerHTML} ${el.shadowRoot!.textContent} ${[...el.shadowRoot!.querySelectorAll('*')].map(n => n.outerHTML).join('')}`;
    for (const secret of ['secret-user-77', 'ada@secret.example', 'gold-plan', 'Secret Value']) {
      expect(dom).not.to.include(secret);
    }
  });

  it('is keyboard operable: Enter expands it, Tab reaches the session link, Escape collapses it', async () => {
    const el = mount({org: ORG, script: SIMULATOR, namespace: freshNamespace(), debug: true});
    await untilStatus(el, 'ready');
    const panel = await untilPanel(el, p => !!p.querySelector('a'));
    const toggle = toggleOf(panel);
    const details = panel.querySelector<HTMLElement>(`#${toggle.getAttribute('aria-controls')}`)!;
    expect(details.hidden).to.equal(true);
    await executeServerCommand('bring-to-front');
    toggle.focus();
    await sendKeys({press: 'Enter'});
    expect(toggle.getAttribute('aria-expanded')).to.equal('true');
    expect(details.hidden).to.equal(false);
    await sendKeys({press: 'Tab'});
    expect(el.shadowRoot!.activeElement).to.equal(panel.querySelector('a'));
    await sendKeys({press: 'Escape'});
    expect(details.hidden).to.equal(true);
    expect(el.shadowRoot!.activeElement).to.equal(toggle);
  });

  it('passes an axe check, collapsed and expanded', async () => {
    const el = mount({org: ORG, script: SIMULATOR, namespace: freshNamespace(), debug: true});
    await untilStatus(el, 'ready');
    publish({type: 'track', event: 'Clicked'});
    publish({type: 'alias', to: 'x'});
    const panel = await untilPanel(el, p => entries(p).length === 2);
    await expect(el).to.be.accessible();
    toggleOf(panel).click();
    await expect(el).to.be.accessible();
  });

  it('shows why FullStory is not running', async () => {
    const el = mount({org: ORG, script: '/demo/blocked-by-adblock/fs.js', namespace: freshNamespace(), debug: true});
    await untilStatus(el, 'blocked');
    const panel = await untilPanel(el, p => p.dataset.status === 'blocked');
    expect(field(panel, 'Status').textContent).to.match(/^blocked \(script-error: fs\.js could not be loaded/);
    expect(field(panel, 'Session').textContent).to.equal('—');
  });

  it('goes away, DOM and all, when debug is removed, and comes back when it is set again', async () => {
    const el = mount({org: ORG, script: SIMULATOR, namespace: freshNamespace(), debug: true});
    await untilStatus(el, 'ready');
    await untilPanel(el);
    el.removeAttribute('debug');
    await el.updateComplete;
    expect(el.shadowRoot!.children.length).to.equal(0);
    expect(getComputedStyle(el).display).to.equal('none');
    publish({type: 'track', event: 'While quiet'});
    el.setAttribute('debug', '');
    const panel = await untilPanel(el);
    expect(field(panel, 'Forwarded').textContent).to.equal('1');
    expect(entries(panel)).to.deep.equal(['none yet']);
  });
});
