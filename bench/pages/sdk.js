// A site's own `rudderanalytics.track()` with the real RudderStack SDK (v3, bundled build, offline:
// source config given in code, data plane on loopback), without and with the element, so the share
// the element adds to the site's call is visible.
import {RudderAnalytics} from '@rudderstack/analytics-js/bundled';
import {EVENT, trackProperties} from './payload.js';
import {nextTask, statusReached, timeCalls, useRoomyLimiter} from './measure.js';

const BUS = Symbol.for('rudderanalytics.bus');
const RING = 1_000;
const WRITE_KEY = 'bench-write-key';
const withElement = new URLSearchParams(location.search).get('element') === '1';

const sourceConfig = {
  source: {
    id: 'bench-source',
    name: 'bench',
    writeKey: WRITE_KEY,
    workspaceId: 'bench-workspace',
    enabled: true,
    config: {statsCollection: {errors: {enabled: false}, metrics: {enabled: false}}},
    destinations: [],
  },
};

const analytics = new RudderAnalytics();
window.rudderanalytics ??= analytics;
analytics.load(WRITE_KEY, `${location.origin}/bench/dataplane`, {
  getSourceConfig: () => sourceConfig,
  logLevel: 'ERROR',
});
await new Promise(resolve => analytics.ready(resolve));

let record;
let mode = 'none';
if (withElement) {
  const el = document.createElement('rudder-fullstory');
  el.setAttribute('org', 'o-BENCH1-na1');
  el.setAttribute('script', '/demo/fs-simulator.js');
  const ready = statusReached('ready');
  document.body.append(el);
  await import('/dist/rudder-fullstory.js');
  await ready;
  record = window.__fsSimulator.FS;
  mode = (await bridgePublishes()) ? 'observer' : 'bus-fallback';
  if (mode === 'bus-fallback') publishFromTrack();
  record.calls.length = 0; // the probe's own call
  useRoomyLimiter();
}

/** Does a `track` on the SDK reach the bus by itself (the observer-mode bridge, SPEC §4)? */
async function bridgePublishes() {
  let seen = false;
  const unsubscribe = globalThis[BUS].subscribe(message => (seen ||= message?.event === 'bench probe'), {
    replay: false,
  });
  window.rudderanalytics.track('bench probe');
  for (let i = 0; i < 10 && !seen; i++) await new Promise(resolve => setTimeout(resolve, 20));
  unsubscribe();
  return seen;
}

/**
 * Without the bridge in the bundle, stand in for it with the least it must do: after the SDK's own
 * `track`, publish the call on the bus. The element's share measured this way is its bus → FullStory
 * work; the bridge's own cost of building the SDK's message is not in it.
 */
function publishFromTrack() {
  const sdk = window.rudderanalytics;
  const track = sdk.track;
  sdk.track = function (event, properties, ...rest) {
    const result = track.call(this, event, properties, ...rest);
    globalThis[BUS].publish({type: 'track', event, properties});
    return result;
  };
}

const properties = Array.from({length: RING}, (_, i) => trackProperties(i));

/** With the element, every call must have reached FullStory (allowing the bridge to be asynchronous). */
async function expectForwarded(count) {
  if (!record) return;
  for (let i = 0; i < 50; i++) {
    const received = record.calls.filter(call => call.op === 'trackEvent').length;
    if (received >= count) {
      record.calls.length = 0;
      if (received > count) throw new Error(`FullStory received ${received} track calls for ${count}`);
      return;
    }
    await nextTask();
  }
  throw new Error(
    `FullStory received ${record.calls.filter(call => call.op === 'trackEvent').length} of ${count} track calls`,
  );
}

window.bench = {
  mode,
  /**
   * The element's share of the site's call, paired: calls alternate between the element connected
   * and disconnected in one page, so the SDK's own run-to-run noise (much larger than the share)
   * cancels out; the share is the median of the pairs' differences. The bridge, when there is one,
   * stays installed in both halves.
   */
  async share({pairs = 300} = {}) {
    const el = document.querySelector('rudder-fullstory');
    const samples = {on: [], off: [], diff: []};
    let k = 0;
    for (let p = 0; p < pairs; p++) {
      for (const connected of p % 2 ? [true, false] : [false, true]) {
        if (connected !== el.isConnected) {
          if (connected) document.body.append(el);
          else el.remove();
          await el.updateComplete; // a reconnected element forwards what it missed: not timed
          await expectForwarded(record.calls.filter(call => call.op === 'trackEvent').length);
        }
        const start = performance.now();
        window.rudderanalytics.track(EVENT, properties[k++ % RING]);
        samples[connected ? 'on' : 'off'].push((performance.now() - start) * 1000);
        await expectForwarded(connected ? 1 : 0);
        await nextTask();
      }
      samples.diff.push(samples.on.at(-1) - samples.off.at(-1));
    }
    return samples;
  },
  /** The site's own call, as it makes it. The SDK's later network flush runs between batches, untimed. */
  track: () =>
    timeCalls(i => window.rudderanalytics.track(EVENT, properties[i % RING]), {
      // The SDK takes milliseconds per call (it reads cookies and persists its queue on each), so
      // fewer calls give as many samples as the sub-µs paths get from many.
      minCalls: 500,
      minBatches: 100,
      warmup: 100,
      check: expectForwarded,
      pause: nextTask,
    }),
};
