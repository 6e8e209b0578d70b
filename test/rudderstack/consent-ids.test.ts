/**
 * `consent-ids` (SPEC §11, issue 14): the element's consent gate follows the real v3 SDK's consent
 * state (custom provider: the `consentManagement` load option, then `consent()` calls), in every
 * load order of SDK and element.
 */
import {expect} from '@open-wc/testing';
import {closePages, openPage, scenarioUrl, uniqueKey, until} from '../support/scenario.js';

const GRANT = {consentManagement: {allowedConsentIds: ['C0002'], deniedConsentIds: []}};
const REVOKE = {consentManagement: {allowedConsentIds: [], deniedConsentIds: ['C0002']}};

const ORDERS = [
  'snippet,early,library,element,sdk,ready',
  'library,element,snippet,early,sdk,ready',
  'snippet,early,sdk,ready,library,element',
  'snippet,library,early,sdk,element,ready',
];

const tracked = (win: any) =>
  (win.__fsSimulator?.FS?.calls ?? []).filter((c: any) => c.op === 'trackEvent').map((c: any) => c.options.name);
const ops = (win: any) => (win.__fsSimulator?.FS?.calls ?? []).map((c: any) => c.op);

describe('consent-ids: consent from RudderStack (real v3 SDK, custom consent provider)', function () {
  this.timeout(60_000);
  afterEach(closePages);

  const cases = [...ORDERS.map(order => ({order, preConsent: 'discard'})), {order: ORDERS[0], preConsent: 'deliver'}];
  for (const {order, preConsent} of cases) {
    it(`${order}, pre-consent ${preConsent}: nothing loads while C0002 is denied; consent() grants, revokes at once, grants again`, async () => {
      const params = {
        order,
        calls: 'parity',
        consentIds: 'C0002',
        consent: '-',
        preConsent,
        writeKey: uniqueKey('consent'),
      };
      const url = scenarioUrl(params);
      const win = await openPage(url, w => w.__scenario?.error || w.__scenario?.done, url);
      if (win.__scenario.error) throw new Error(win.__scenario.error);
      const el = win.document.querySelector('rudder-fullstory');
      const ra = win.rudderanalytics;
      await until(() => el.status === 'disabled', 'the gate closed');
      expect(el.reason).to.match(/^consent: /);
      ra.track('While Denied');
      expect(win.document.querySelector('script[data-fs-namespace]')).to.equal(null);
      expect(win.FS).to.equal(undefined);

      ra.consent(GRANT);
      expect(el.status).to.equal('loading'); // in the same task
      await until(() => el.capturing, 'capturing');
      ra.track('After Grant');
      await until(() => tracked(win).includes('After Grant'), 'After Grant forwarded');
      const denied = ['Order Completed', 'Viewed a Page', 'While Denied'];
      if (preConsent === 'deliver') expect(tracked(win)).to.include.members(denied);
      else {
        expect(tracked(win)).to.deep.equal(['After Grant']);
        expect(win.__drops.filter((d: any) => d.reason === 'no-consent').length).to.be.above(0);
      }

      ra.consent(REVOKE);
      ra.track('After Revoke'); // the same task: FullStory is already shut down
      expect(el.status).to.equal('disabled');
      expect(ops(win).at(-1)).to.equal('shutdown');
      expect(tracked(win)).not.to.include('After Revoke');

      const shutAt = ops(win).length;
      ra.consent(GRANT);
      expect(ops(win).slice(shutAt)[0]).to.equal('restart'); // in the same task
      await until(() => el.capturing, 'capturing again');
      ra.track('After Regrant');
      await until(() => tracked(win).includes('After Regrant'), 'After Regrant forwarded');
      // What was made while revoked: delivered after the restart with pre-consent="deliver", else never.
      const afterRestart = (win.__fsSimulator.FS.calls as any[]).slice(shutAt).map(c => c.options?.name);
      expect(afterRestart.includes('After Revoke')).to.equal(preConsent === 'deliver');
      expect(tracked(win).filter((name: string) => name === 'After Revoke').length).to.equal(
        preConsent === 'deliver' ? 1 : 0,
      );
    });
  }

  it('disabled wins over a granted consent-ids', async () => {
    const params = {
      order: ORDERS[0],
      calls: 'parity',
      consentIds: 'C0002',
      consent: 'C0002',
      writeKey: uniqueKey('consent'),
    };
    const url = scenarioUrl(params);
    const win = await openPage(url, w => w.__scenario?.error || w.__scenario?.done, url);
    const el = win.document.querySelector('rudder-fullstory');
    await until(() => el.capturing, 'capturing with the load option granting C0002');
    el.setAttribute('disabled', '');
    await until(() => el.status === 'disabled', 'disabled');
    expect(el.reason).to.match(/disabled is set/);
    expect(ops(win).at(-1)).to.equal('shutdown');
  });
});
