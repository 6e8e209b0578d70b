/**
 * Client-side rate limits and identity repeats (SPEC §7) through a live element: what is not
 * forwarded is counted in `stats`, announced by `rudder-fullstory-drop` and printed in debug mode.
 *
 * The clock is held still during a burst (the limiter reads `performance.now()`), so how many calls
 * the limits allow does not depend on how fast this machine runs the loop.
 */
import {expect} from '@open-wc/testing';
import {publish} from '../../src/bus.js';
import type {DropEventDetail} from '../../src/element.js';
import {violations} from '../support/fs-rules.js';
import {
  SIMULATOR,
  collect,
  freshNamespace,
  fsCalls,
  mount,
  resetBus,
  unmountAll,
  untilStatus,
} from '../support/fixtures.js';

const ORG = 'o-1A2B3C-na1';

/** Run `body` with performance.now() reading `at()`; always restores the real clock. */
function withClock<T>(at: () => number, body: () => T): T {
  const perf = performance as unknown as {now: () => number};
  perf.now = at;
  try {
    return body();
  } finally {
    delete (perf as {now?: unknown}).now;
  }
}

async function ready(attributes: Record<string, string | true> = {}) {
  const ns = freshNamespace();
  const el = mount({org: ORG, script: SIMULATOR, namespace: ns, ...attributes});
  await untilStatus(el, 'ready');
  return {ns, el, drops: collect<DropEventDetail>(el, 'rudder-fullstory-drop')};
}

describe('rate limits through the element', () => {
  beforeEach(resetBus);
  afterEach(unmountAll);

  it('forwards what the limits allow of 1,000 tracks in one task, drops the rest with a reason, and the counts add up', async () => {
    const {ns, el, drops} = await ready();
    const t0 = performance.now();
    withClock(
      () => t0,
      () => {
        for (let i = 0; i < 1000; i++) publish({type: 'track', event: `E${i}`, properties: {i}});
      },
    );
    const received = fsCalls(ns);
    expect(received.map(call => call.options.name)).to.deep.equal(Array.from({length: 40}, (_, i) => `E${i}`));
    for (const call of received) expect(violations(call)).to.deep.equal([]);
    expect(el.stats).to.include({forwarded: 40, dropped: 960, queued: 0});
    expect(el.stats.forwarded + el.stats.dropped).to.equal(1000);
    expect(drops).to.have.length(960);
    expect(drops.every(drop => drop.reason === 'rate-limited' && drop.call === 'track')).to.equal(true);

    // A second later the burst budget is back, but the minute budget (60) has 20 left, plus a second's refill.
    withClock(
      () => t0 + 1000,
      () => {
        for (let i = 0; i < 100; i++) publish({type: 'track', event: `Later${i}`});
      },
    );
    expect(fsCalls(ns)).to.have.length(40 + 21);
    expect(el.stats.forwarded + el.stats.dropped).to.equal(1100);
    expect(drops).to.have.length(960 + 79);
  });

  it('limits DOM-event bursts the same way', async () => {
    const {ns, el, drops} = await ready();
    const t0 = performance.now();
    withClock(
      () => t0,
      () => {
        for (let i = 0; i < 1000; i++) {
          window.dispatchEvent(new CustomEvent('rudderanalytics', {detail: {type: 'track', event: `E${i}`}}));
        }
      },
    );
    expect(fsCalls(ns)).to.have.length(40);
    expect(el.stats.forwarded + el.stats.dropped).to.equal(1000);
    expect(drops.filter(drop => drop.reason === 'rate-limited')).to.have.length(960);
  });

  it('gives identities a budget of their own (10 at once), apart from events', async () => {
    const {ns, el, drops} = await ready();
    const t0 = performance.now();
    withClock(
      () => t0,
      () => {
        for (let i = 0; i < 50; i++) publish({type: 'identify', userId: `u${i}`});
        for (let i = 0; i < 5; i++) publish({type: 'track', event: `E${i}`});
      },
    );
    expect(fsCalls(ns, ['setIdentity']).map(call => call.options.uid)).to.deep.equal(
      Array.from({length: 10}, (_, i) => `u${i}`),
    );
    expect(fsCalls(ns, ['trackEvent'])).to.have.length(5);
    expect(el.stats).to.include({forwarded: 15, dropped: 40});
    expect(drops.map(drop => drop.reason)).to.deep.equal(Array(40).fill('rate-limited'));
  });

  it('gives setIdentity, user properties and page properties a bucket each, as FullStory documents', async () => {
    const {ns, el} = await ready({anonymous: 'property', 'page-properties': true});
    withClock(
      () => 1_000_000,
      () => {
        // 10 identities, 10 anonymous users' property sets, 10 page-property calls: each its own burst of 10.
        for (let i = 0; i < 10; i++) publish({type: 'identify', userId: `u${i}`});
        for (let i = 0; i < 10; i++) publish({type: 'identify', anonymousId: `a${i}`, traits: {n: i}});
        for (let i = 0; i < 10; i++) publish({type: 'page', name: `P${i}`, properties: {}});
      },
    );
    const calls = fsCalls(ns);
    expect(calls.filter(c => c.op === 'setIdentity')).to.have.length(10);
    expect(calls.filter(c => c.op === 'setProperties' && c.options.type === 'user')).to.have.length(10);
    expect(calls.filter(c => c.op === 'setProperties' && c.options.type === 'page')).to.have.length(10);
    expect(el.stats.dropped).to.equal(0);
  });

  it('skips identical identity repeats without spending the rate budget', async () => {
    const {ns, el, drops} = await ready();
    const t0 = performance.now();
    withClock(
      () => t0,
      () => {
        for (let i = 0; i < 20; i++) publish({type: 'identify', userId: 'same', traits: {plan: 'pro'}});
        for (let i = 0; i < 9; i++) publish({type: 'identify', userId: `other${i}`});
      },
    );
    expect(fsCalls(ns, ['setIdentity'])).to.have.length(10);
    expect(drops.map(drop => drop.reason)).to.deep.equal(Array(19).fill('repeat-identity'));
    expect(el.stats).to.include({forwarded: 10, dropped: 19});
  });

  it('recognises a repeat even when the traits cannot be compared raw (cycles, bigints, Dates)', async () => {
    const {ns, drops} = await ready();
    const traits = () => {
      const value: Record<string, unknown> = {plan: 'pro', visits: 3n, since: new Date(0)};
      value.self = value;
      return value;
    };
    publish({type: 'identify', userId: 'u1', traits: traits()});
    publish({type: 'identify', userId: 'u1', traits: traits()});
    expect(fsCalls(ns, ['setIdentity'])).to.have.length(1);
    expect(drops.map(drop => drop.reason)).to.deep.equal(['repaired', 'repeat-identity']);
  });

  it('skips repeats of an anonymous user\'s properties with anonymous="property"', async () => {
    const {ns, drops} = await ready({anonymous: 'property'});
    publish({type: 'identify', anonymousId: 'anon-1', traits: {plan: 'pro'}});
    publish({type: 'identify', anonymousId: 'anon-1', traits: {plan: 'pro'}});
    publish({type: 'identify', anonymousId: 'anon-1', traits: {plan: 'team'}});
    expect(fsCalls(ns, ['setProperties']).map(call => call.options.properties.plan)).to.deep.equal(['pro', 'team']);
    expect(drops.map(drop => drop.reason)).to.deep.equal(['repeat-identity']);
  });

  it('sends the same identity again after a reset', async () => {
    const {ns} = await ready();
    publish({type: 'identify', userId: 'u1'});
    publish({type: 'reset'});
    publish({type: 'identify', userId: 'u1'});
    expect(fsCalls(ns, ['setIdentity']).map(call => call.options)).to.deep.equal([
      {uid: 'u1', properties: {}},
      {anonymous: true},
      {uid: 'u1', properties: {}},
    ]);
  });

  it('prints each drop and each change in debug mode', async () => {
    const lines: string[] = [];
    const {warn, info} = console;
    console.warn = (...args: unknown[]) => lines.push(String(args[0]));
    console.info = () => {};
    try {
      await ready({debug: true});
      const t0 = performance.now();
      withClock(
        () => t0,
        () => {
          for (let i = 0; i < 45; i++) publish({type: 'track', event: 'E', properties: {$i: i}});
        },
      );
    } finally {
      Object.assign(console, {warn, info});
    }
    expect(lines.filter(line => line === '[rudder-fullstory] track: rate-limited')).to.have.length(5);
    expect(lines.filter(line => line === '[rudder-fullstory] track: repaired')).to.have.length(40);
  });
});
