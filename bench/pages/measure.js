// Timing helpers shared by the benchmark pages.
//
// Browsers coarsen `performance.now()` (5 µs on these cross-origin-isolated pages), so single calls
// of a few µs cannot be timed one by one. Calls are timed in batches sized to last about half a
// millisecond each (a 1% clock error at most), and each batch gives one per-call sample.

const BATCH_US = 500;

function plan(perCallUs, minCalls, minBatches) {
  const batch = Math.max(1, Math.min(20_000, Math.ceil(BATCH_US / Math.max(perCallUs, 0.01))));
  return {batch, batches: Math.max(minBatches, Math.ceil(minCalls / batch))};
}

/**
 * Time `call(i)` over at least `minCalls` calls and `minBatches` batches, after `warmup` untimed
 * calls. `check(count)` runs after every batch, outside the timed part: it verifies that the batch
 * did what it should (and may clean up). `pause()`, when given, is awaited between batches so that
 * work the call scheduled for later (an SDK's network flush) is not counted against the next batch.
 */
export async function timeCalls(
  call,
  {minCalls = 10_000, minBatches = 100, warmup = 2_000, check = () => {}, pause} = {},
) {
  let k = 0;
  for (let done = 0; done < warmup; done += 25) {
    const chunk = Math.min(25, warmup - done);
    for (let i = 0; i < chunk; i++) call(k++);
    await check(chunk);
    if (pause) await pause();
  }

  // Size the batches from the median of a few short probes (one slow probe must not decide).
  const probes = [];
  const probing = performance.now();
  while (probes.length < 20 && (probes.length < 3 || performance.now() - probing < 100)) {
    const t = performance.now();
    for (let i = 0; i < 25; i++) call(k++);
    probes.push(((performance.now() - t) * 1000) / 25);
    await check(25);
    if (pause) await pause();
  }
  const probeUs = probes.sort((a, b) => a - b)[probes.length >> 1];

  const {batch, batches} = plan(probeUs, minCalls, minBatches);
  const samples = [];
  for (let b = 0; b < batches; b++) {
    const start = performance.now();
    for (let i = 0; i < batch; i++) call(k++);
    samples.push(((performance.now() - start) * 1000) / batch);
    await check(batch);
    if (pause) await pause();
  }
  return {samples, batch, calls: batch * batches};
}

export const nextTask = () => new Promise(resolve => setTimeout(resolve, 0));

/** Resolves with `performance.now()` when an element in the document reports `status`. */
export function statusReached(status, root = document) {
  return new Promise(resolve => {
    const onStatus = event => {
      if (event.detail?.status !== status) return;
      root.removeEventListener('rudder-fullstory-status', onStatus);
      resolve(performance.now());
    };
    root.addEventListener('rudder-fullstory-status', onStatus);
  });
}

/**
 * Let the page's FullStory rate limiter run on every call but never refuse one: its clock moves a
 * minute per call, so forwarding itself is timed. The limiter is page-wide, keyed by the FullStory
 * handle, and made by the first forwarded call: a warm-up call makes sure it exists.
 */
export function useRoomyLimiter(namespace = 'FS') {
  const handle = globalThis[Symbol.for('rudder-fullstory.instances')].get(namespace);
  const limiters = () => globalThis[Symbol.for('rudder-fullstory.limiters')];
  if (!limiters()?.get(handle)) {
    // The warm-up is not a measured call: take it back out of what the simulator recorded.
    const calls = window.__fsSimulator?.[namespace]?.calls ?? [];
    const before = calls.length;
    window.dispatchEvent(new CustomEvent('rudderanalytics', {detail: {type: 'track', event: 'Warm-up'}}));
    calls.length = before;
  }
  const limiter = limiters().get(handle);
  const allow = limiter.allow;
  let clock = performance.now();
  limiter.allow = function (op) {
    clock += 60_000;
    return allow.call(this, op, clock);
  };
}
