// One page running the real RudderStack SDK (v3, bundled build, offline), in one of three variants,
// for the paired measurement in paired.js (`?variant=`):
//   none         the SDK alone: the site's call as it is without us;
//   element      the SDK, then <rudder-fullstory> (observer mode: the bridge wraps the SDK's methods);
//   destination  the SDK with a FullStory device-mode destination in its source config, whose
//                integration script is a local stand-in (integrations/Fullstory.min.js).
// The bridge has no uninstall, so "bridge off" is a page where the bundle is never loaded. The
// three pages are otherwise identical: same SDK build, same load options, same arguments; each has
// its own write key (of the same length) so that their persisted queues do not meet in the shared
// same-origin storage.
import {RudderAnalytics} from '@rudderstack/analytics-js/bundled';
import {EVENT, trackProperties} from './payload.js';
import {statusReached, useRoomyLimiter} from './measure.js';

const RING = 1_000;
const variant = new URLSearchParams(location.search).get('variant') ?? 'none';
const WRITE_KEY = `bench-key-${variant.slice(0, 4)}`;

const destinations =
  variant === 'destination'
    ? [
        {
          id: 'bench-fullstory-destination',
          name: 'FullStory (bench)',
          enabled: true,
          config: {fs_org: 'o-BENCH1-na1'},
          destinationDefinition: {name: 'FULLSTORY', displayName: 'Fullstory'},
        },
      ]
    : [];

const sourceConfig = {
  source: {
    id: `bench-source-${variant}`,
    name: 'bench',
    writeKey: WRITE_KEY,
    workspaceId: 'bench-workspace',
    enabled: true,
    config: {statsCollection: {errors: {enabled: false}, metrics: {enabled: false}}},
    destinations,
  },
};

const analytics = new RudderAnalytics();
window.rudderanalytics ??= analytics;
analytics.load(WRITE_KEY, `${location.origin}/bench/dataplane`, {
  getSourceConfig: () => sourceConfig,
  destSDKBaseURL: new URL('./integrations', location.href).href,
  logLevel: 'ERROR',
});
await new Promise(resolve => analytics.ready(resolve));

/** Calls that reached the far side (FullStory, or the destination) since the last look. */
let delivered = () => 0;

if (variant === 'element') {
  const el = document.createElement('rudder-fullstory');
  el.setAttribute('org', 'o-BENCH1-na1');
  el.setAttribute('script', '/demo/fs-simulator.js');
  const ready = statusReached('ready');
  document.body.append(el);
  await import(new URLSearchParams(location.search).get('bundle') ?? '/dist/rudder-fullstory.js');
  await ready;
  const record = window.__fsSimulator.FS;
  useRoomyLimiter();
  record.calls.length = 0; // what setup sent (a limiter warm-up) is not a measured call
  delivered = () => {
    const count = record.calls.filter(call => call.op === 'trackEvent').length;
    record.calls.length = 0;
    return count;
  };
} else if (variant === 'destination') {
  for (let i = 0; i < 100 && !window.__benchDestination; i++) await new Promise(resolve => setTimeout(resolve, 20));
  if (!window.__benchDestination) throw new Error('the SDK did not load the stand-in FullStory destination');
  let seen = 0;
  delivered = () => {
    const now = window.__benchDestination.delivered;
    const count = now - seen;
    seen = now;
    return count;
  };
}

const properties = Array.from({length: RING}, (_, i) => trackProperties(i));

window.bench = {
  variant,
  /** One site call, timed alone (µs, on this cross-origin-isolated page's 5 µs clock). */
  once(k) {
    const args = properties[k % RING];
    const start = performance.now();
    window.rudderanalytics.track(EVENT, args);
    return (performance.now() - start) * 1000;
  },
  delivered: () => delivered(),
  crossOriginIsolated: window.crossOriginIsolated,
};
