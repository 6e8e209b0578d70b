// The element's benchmark page: `npm run bench` (bench/run.mjs) loads it in headless Chromium and
// calls `window.bench.*`. Everything runs on the shipped bundle, dist/rudder-fullstory.js.
import {EVENT, trackMessage, trackProperties} from './payload.js';
import {nextTask, statusReached, timeCalls, useRoomyLimiter} from './measure.js';

const BUS = Symbol.for('rudderanalytics.bus');
/** Distinct messages, reused round-robin: enough to defeat any caching by identity, few enough to keep memory flat. */
const RING = 1_000;

const loadLongTasks = [];
new PerformanceObserver(list => {
  for (const entry of list.getEntries()) loadLongTasks.push(entry.duration);
}).observe({type: 'longtask', buffered: true});

// element_ready_ms: from the moment the module is asked for to status="ready" (fetch, parse, define,
// upgrade, FullStory snippet, fs.js fetched and started).
const ready = statusReached('ready');
const moduleStart = performance.now();
await import('/dist/rudder-fullstory.js');
const defined = performance.now();
const readyAt = await ready;

const element = document.querySelector('rudder-fullstory');
const bus = globalThis[BUS];
const record = window.__fsSimulator.FS;
const messages = Array.from({length: RING}, (_, i) => trackMessage(i));
const payloads = Array.from({length: RING}, (_, i) => ({name: EVENT, properties: trackProperties(i)}));

/** Verify that the last `count` calls all reached FullStory as `trackEvent`, then forget them. */
function expectForwarded(count) {
  const received = record.calls.filter(call => call.op === 'trackEvent').length;
  record.calls.length = 0;
  if (received !== count) throw new Error(`FullStory received ${received} of ${count} track calls`);
}

/**
 * FullStory's client-side rate limit (40 events/s) would drop all but the first few calls of a
 * benchmark. To time forwarding itself, the page's limiter still runs on every call, but its clock
 * moves a minute per call, so it always has room. Its clock is then far in the future for good:
 * measure the real limiter (the burst) on a fresh page.
 */
let roomy = false;
function useRoomyOnce() {
  if (roomy) return;
  roomy = true;
  useRoomyLimiter();
}

async function heapCycles(count, tag) {
  for (let i = 0; i < count; i++) {
    const el = document.createElement(tag);
    el.setAttribute('org', element.getAttribute('org'));
    el.setAttribute('script', element.getAttribute('script'));
    document.body.append(el);
    await el.updateComplete;
    if (tag === 'rudder-fullstory' && el.status !== 'ready') throw new Error(`a cycled element is ${el.status}`);
    el.remove();
  }
}

window.bench = {
  load: {
    elementReadyMs: readyAt - moduleStart,
    elementDefinedMs: defined - moduleStart,
    loadLongTasks: loadLongTasks.length,
    crossOriginIsolated: globalThis.crossOriginIsolated,
  },

  /** Our cost: bus publish → element → mapping → hygiene → rate limit → FS(...) → FullStory's API. */
  forward() {
    useRoomyOnce();
    record.calls.length = 0;
    return timeCalls(i => bus.publish(messages[i % RING]), {check: expectForwarded});
  },

  /** The floor: the same payload handed straight to FullStory's API. */
  direct: () => {
    record.calls.length = 0;
    return timeCalls(i => window.FS('trackEvent', payloads[i % RING]), {check: expectForwarded});
  },

  /**
   * A busy page: 10,000 calls, 100 per task, with the real rate limiter (so most are dropped and
   * announced, as they would be). Long tasks are counted by the browser's own observer. With
   * `element: false` the element is disconnected first: the same loop on the bus alone, which shows
   * the long tasks a loaded machine causes whatever the element does.
   */
  async burst({calls = 10_000, perTask = 100, element: connected = true} = {}) {
    if (roomy) throw new Error('burst needs the real rate limiter: call it on a fresh page');
    if (!connected) element.remove();
    const longTasks = [];
    const observer = new PerformanceObserver(list => {
      for (const entry of list.getEntries()) longTasks.push(entry.duration);
    });
    observer.observe({type: 'longtask'});
    const before = element.stats;
    const start = performance.now();
    for (let i = 0; i < calls; i += perTask) {
      for (let j = i; j < Math.min(calls, i + perTask); j++) bus.publish(messages[j % RING]);
      await nextTask();
    }
    const wallMs = performance.now() - start;
    await new Promise(resolve => setTimeout(resolve, 200)); // long-task entries arrive asynchronously
    observer.disconnect();
    const after = element.stats;
    const handled = after.forwarded - before.forwarded + (after.dropped - before.dropped);
    if (handled !== (connected ? calls : 0)) throw new Error(`the element handled ${handled} of ${calls} burst calls`);
    return {
      longTasks: longTasks.length,
      longestMs: Math.max(0, ...longTasks),
      wallMs,
      forwarded: after.forwarded - before.forwarded,
    };
  },

  /** Connect and disconnect `count` fresh elements (the driver measures the heap around it). */
  cycles: count => heapCycles(count, 'rudder-fullstory'),
  /** The same loop with plain elements: the heap noise any such loop shows. */
  baselineCycles: count => heapCycles(count, 'div'),
};
