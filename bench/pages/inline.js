// The element's own work inside the site's `rudderanalytics.track()`, without the SDK's noise.
//
// The real SDK's call takes milliseconds and varies by a millisecond from call to call (it reads
// cookies synchronously through the browser several times per call), so the paired measurement
// (paired.js) needs hundreds of rounds to show a difference of some tens of µs. This page times only
// what the element adds: a stand-in for the SDK whose `track` does what v3 does that the bridge
// relies on — find the callback among the arguments and call it, synchronously, with a fresh copy
// of the final event — and nothing else. The same call is timed on the stand-in's own method (the
// bridge absent) and through `window.rudderanalytics.track` (the bridge's wrapper, its callback, the
// bus, the element's forwarding to FullStory), alternating batches; the figure is the median of the
// per-batch differences.
import {EVENT, trackMessage, trackProperties} from './payload.js';
import {statusReached, useRoomyLimiter} from './measure.js';

const RING = 1_000;

const templates = Array.from({length: RING}, (_, i) => ({
  ...trackMessage(i),
  messageId: `bench-message-${i}`,
  originalTimestamp: new Date(0).toISOString(),
}));
let sent = 0;

/** The least of v3's `track` the bridge depends on. Its copy of the event stands in for the SDK's own clone. */
function track(event, properties, ...rest) {
  sent++;
  const callback = [properties, ...rest].slice(0, 3).find(arg => typeof arg === 'function');
  const final = structuredClone(templates[sent % RING]);
  if (typeof event === 'string') final.event = event;
  if (callback) callback(final);
}
const sdk = {track, ready: callback => callback()};
const own = sdk.track;
window.rudderanalytics = sdk;

const el = document.createElement('rudder-fullstory');
el.setAttribute('org', 'o-BENCH1-na1');
el.setAttribute('script', '/demo/fs-simulator.js');
const ready = statusReached('ready');
document.body.append(el);
await import(new URLSearchParams(location.search).get('bundle') ?? '/dist/rudder-fullstory.js');
await ready;
if (window.rudderanalytics.track === own) throw new Error('the bridge did not wrap the stand-in SDK');
const record = window.__fsSimulator.FS;

useRoomyLimiter();

const properties = Array.from({length: RING}, (_, i) => trackProperties(i));

function timeBatch(fn, k, batch) {
  const start = performance.now();
  for (let i = 0; i < batch; i++) fn(EVENT, properties[(k + i) % RING]);
  return ((performance.now() - start) * 1000) / batch;
}

/**
 * Unrelated work of about `ms` milliseconds, as a real page does between two tracks: it evicts the
 * element's code and data from the CPU's caches, so the next call runs as cold as a site's does.
 */
const scratch = Array.from({length: 2_000}, (_, i) => ({id: i, label: `item ${i}`, tags: ['a', 'b', String(i)]}));
function otherWork(ms) {
  const until = performance.now() + ms;
  while (performance.now() < until) JSON.parse(JSON.stringify(scratch)).sort((a, b) => b.id - a.id);
}

const nextTask = () => new Promise(resolve => setTimeout(resolve, 0));

window.bench = {
  crossOriginIsolated: window.crossOriginIsolated,
  /**
   * `pairs` pairs of batches of `batch` calls, alternating which goes first, with `between` ms of
   * unrelated work before each batch (0: a hot loop). µs per call.
   */
  async inline({pairs = 300, warmup = 40, batch = 50, between = 0} = {}) {
    const samples = {off: [], on: [], added: []};
    let k = 0;
    for (let p = -warmup; p < pairs; p++) {
      const times = {};
      for (const on of p % 2 ? [true, false] : [false, true]) {
        if (between) otherWork(between);
        times[on] = timeBatch(on ? (...args) => window.rudderanalytics.track(...args) : own, k, batch);
        k += batch;
        await nextTask();
      }
      const forwarded = record.calls.filter(call => call.op === 'trackEvent').length;
      record.calls.length = 0;
      if (forwarded !== batch) throw new Error(`FullStory received ${forwarded} of ${batch} track calls`);
      if (p < 0) continue;
      samples.off.push(times[false]);
      samples.on.push(times[true]);
      samples.added.push(times[true] - times[false]);
    }
    return samples;
  },
};
