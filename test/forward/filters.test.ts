import {expect} from '@open-wc/testing';
import {eventFilter, integrationsAllow} from '../../src/forward/filters.js';
import {attributeList} from '../../src/page.js';
import {closePages, dataPlane, fsData, runScenario, summary, uniqueKey} from '../support/scenario.js';

describe('filters: the per-call integrations option (SPEC §4)', () => {
  it('a key naming FullStory in any spelling decides, else All, else the call goes', () => {
    expect(integrationsAllow(undefined)).to.equal(true);
    expect(integrationsAllow({})).to.equal(true);
    expect(integrationsAllow({All: false})).to.equal(false);
    expect(integrationsAllow({All: true})).to.equal(true);
    for (const name of [
      'FullStory',
      'Fullstory',
      'FULLSTORY',
      'Full Story',
      'full_story',
      'full-story',
      ' fullStory',
    ]) {
      expect(integrationsAllow({[name]: false}), name).to.equal(false);
      expect(integrationsAllow({All: false, [name]: true}), name).to.equal(true);
    }
    expect(integrationsAllow({All: false, FullStory: {}})).to.equal(true); // truthy, as the SDKs read it
    expect(integrationsAllow({All: false, FullStory: undefined})).to.equal(false);
    expect(integrationsAllow({FullStory: true, fullstory: false})).to.equal(false); // any spelling switching it off
    expect(integrationsAllow({Amplitude: false, 'Full Storey': false})).to.equal(true);
  });

  it('lets the call go when the option is not an object', () => {
    // A function is not read as an option either, even one carrying a FullStory key.
    const dressed = Object.assign(() => {}, {FullStory: false, All: false});
    for (const value of [null, undefined, 'All', 'FullStory', 0, false, true, Symbol('x'), dressed]) {
      expect(integrationsAllow(value), String(value)).to.equal(true);
    }
  });
});

describe('filters: allow-events / deny-events', () => {
  it('reads comma-separated names, trimmed, empty ones ignored; an absent attribute is no list', () => {
    expect(attributeList(null)).to.equal(undefined);
    expect(attributeList(undefined)).to.equal(undefined);
    expect(attributeList('')).to.deep.equal([]);
    expect(attributeList(' Signed Up ,, Viewed a Page,')).to.deep.equal(['Signed Up', 'Viewed a Page']);
  });

  it("filters track and page (as 'Viewed a Page') the way RudderStack v3 does; never identify or reset", () => {
    const allow = ['Signed Up', 'Viewed a Page'];
    expect(eventFilter('track', 'Signed Up', allow, undefined)).to.equal(undefined);
    expect(eventFilter('track', '  Signed Up ', allow, undefined)).to.equal(undefined);
    expect(eventFilter('track', 'signed up', allow, undefined)).to.equal('allow-events');
    expect(eventFilter('track', undefined, allow, undefined)).to.equal('allow-events');
    expect(eventFilter('page', undefined, allow, undefined)).to.equal(undefined);
    expect(eventFilter('page', undefined, ['Signed Up'], undefined)).to.equal('allow-events');
    expect(eventFilter('track', 'Anything', [], undefined)).to.equal('allow-events');
    expect(eventFilter('track', 'Other', undefined, ['Other'])).to.equal('deny-events');
    expect(eventFilter('track', 'other', undefined, ['Other'])).to.equal(undefined);
    expect(eventFilter('track', '', undefined, ['Other'])).to.equal(undefined);
    expect(eventFilter('page', undefined, undefined, ['Viewed a Page'])).to.equal('deny-events');
    expect(eventFilter('track', 'Other', ['Other'], ['Other'])).to.equal('deny-events');
    expect(eventFilter('track', 'X', [], [])).to.equal('allow-events');
    for (const type of ['identify', 'reset', 'group', 'alias']) {
      expect(eventFilter(type, 'Other', [], ['Other']), type).to.equal(undefined);
    }
  });
});

for (const sdk of ['v3', 'v1']) {
  describe(`filters with the real ${sdk === 'v3' ? 'v3' : 'v1.1'} SDK, observer mode`, function () {
    this.timeout(60_000);
    afterEach(closePages);

    it('a call kept from FullStory by integrations never reaches it, is announced as a drop, and leaves its identity alone', async () => {
      const {win, writeKey} = await runScenario({
        sdk,
        calls: 'integrations',
        order: 'snippet,early,library,element,sdk,ready,later,end',
      });
      // RudderStack's data plane gets every call; the option is about destinations.
      const events = await dataPlane(writeKey, 17);
      expect(summary(events)).to.include.members(['track All Off user-2', 'page Secret Page user-2']);
      expect(fsData(win)).to.deep.equal([
        ['setIdentity', {uid: 'user-1', properties: {plan: 'pro'}}],
        ['trackEvent', {name: 'All Off, FullStory On', properties: {}}],
        ['trackEvent', {name: 'Other Destination Off', properties: {}}],
        ['trackEvent', {name: 'Scenario End', properties: {}}],
      ]);
      const el = win.document.querySelector('rudder-fullstory');
      expect(el.hasAttribute('identified')).to.equal(true);
      const drops = win.__scenario.drops;
      expect(drops.map((d: any) => d.call)).to.deep.equal(['identify', 'track', ...Array(10).fill('track'), 'page']);
      expect(drops.every((d: any) => d.reason === 'integrations')).to.equal(true);
      expect(el.stats).to.include({forwarded: 4, dropped: 13});
    });

    for (const [attribute, value, forwarded, dropped] of [
      [
        'allow',
        ' Signed Up , Viewed a Page,Scenario End',
        ['Signed Up', ' Signed Up ', 'Viewed a Page', 'Scenario End'],
        ['allow-events track', 'allow-events track'], // 'signed up' (case counts), 'Other'
      ],
      [
        'deny',
        'Other, Viewed a Page ,',
        ['Signed Up', ' Signed Up ', 'signed up', 'Scenario End'],
        ['deny-events track', 'deny-events page'], // 'Other', the page
      ],
    ] as const) {
      it(`${attribute}-events="${value}": filters track and page calls, never identify or reset, each drop announced`, async () => {
        const {win} = await runScenario({
          sdk,
          calls: 'events',
          [attribute]: value,
          writeKey: uniqueKey('events'),
          order: 'snippet,early,library,element,sdk,ready,later,end',
        });
        const calls = fsData(win);
        expect(calls.filter(([op]) => op === 'setIdentity')).to.deep.equal([
          ['setIdentity', {uid: 'user-1', properties: {}}],
          ['setIdentity', {anonymous: true}],
        ]);
        expect(calls.filter(([op]) => op === 'trackEvent').map(([, o]) => o.name)).to.deep.equal([...forwarded]);
        expect(win.__scenario.drops.map((d: any) => `${d.reason} ${d.call}`)).to.deep.equal([...dropped]);
        expect(win.document.querySelector('rudder-fullstory').stats.dropped).to.equal(dropped.length);
      });
    }
  });
}
