// The paired measurement of the site's whole `rudderanalytics.track()` (SPEC §10, issue 13).
//
// Three same-origin frames run sdk-frame.js: the SDK alone (`none`), the SDK with the element
// (`element`), the SDK with a device-mode FullStory destination (`destination`). They share this
// page's thread, so calling them one after another, synchronously, times them under the same load.
// One round makes the same call (same event, same properties) once in each frame, in an order that
// rotates through all six permutations; each round gives one difference per variant against `none`
// from calls microseconds apart, so the machine's load, which moves far more than the differences
// being measured, cancels out of them. Figures are medians (and p95) of those per-round differences.
import {nextTask} from './measure.js';

const VARIANTS = ['none', 'element', 'destination'];
const ORDERS = [
  [0, 1, 2],
  [1, 2, 0],
  [2, 0, 1],
  [0, 2, 1],
  [2, 1, 0],
  [1, 0, 2],
];

function loadFrame(variant) {
  return new Promise((resolve, reject) => {
    const frame = document.createElement('iframe');
    // `?bundle=` (a bundle's URL) reaches the element's frame: an A/B of two builds in one browser session.
    const bundle = new URLSearchParams(location.search).get('bundle');
    frame.src = `./sdk-frame.html?variant=${variant}${bundle ? `&bundle=${encodeURIComponent(bundle)}` : ''}`;
    frame.title = variant;
    const started = performance.now();
    const poll = () => {
      const bench = frame.contentWindow?.bench;
      if (bench) return resolve(bench);
      if (performance.now() - started > 25_000) return reject(new Error(`frame ${variant} did not get ready`));
      setTimeout(poll, 20);
    };
    frame.addEventListener('load', poll, {once: true});
    document.body.append(frame);
  });
}

const frames = await Promise.all(VARIANTS.map(loadFrame));

/** Wait (untimed) until every frame delivered this round's call: the SDK delivers to destinations later. */
async function expectDelivered(expected) {
  const got = frames.map(() => 0);
  for (let i = 0; i < 200; i++) {
    frames.forEach((frame, f) => (got[f] += frame.delivered()));
    if (got.every((count, f) => count >= expected[f])) break;
    await nextTask();
  }
  frames.forEach((frame, f) => {
    if (got[f] !== expected[f])
      throw new Error(`${VARIANTS[f]}: ${got[f]} of ${expected[f]} calls reached the far side`);
  });
}

window.bench = {
  crossOriginIsolated: window.crossOriginIsolated && frames.every(frame => frame.crossOriginIsolated),
  /**
   * `rounds` measured rounds after `warmup` untimed ones. Returns each variant's whole-call samples
   * (µs), the per-round differences against `none`, and element minus destination.
   */
  async paired({rounds = 400, warmup = 60} = {}) {
    const samples = {none: [], element: [], destination: []};
    const added = {element: [], destination: [], overDestination: []};
    const expected = VARIANTS.map(variant => (variant === 'none' ? 0 : 1));
    for (let r = -warmup; r < rounds; r++) {
      const times = [];
      for (const f of ORDERS[(r + warmup) % ORDERS.length]) {
        times[f] = frames[f].once(r + warmup);
        // Let what the call scheduled (the SDK's flush, its destinations' delivery) run before the
        // next frame's timed call, so no frame's timing carries another's deferred work.
        await nextTask();
      }
      await expectDelivered(expected);
      if (r < 0) continue;
      VARIANTS.forEach((variant, f) => samples[variant].push(times[f]));
      added.element.push(times[1] - times[0]);
      added.destination.push(times[2] - times[0]);
      added.overDestination.push(times[1] - times[2]);
    }
    return {samples, added};
  },
};
