// A stand-in for RudderStack's control plane and data plane, for the tests and the SDK demo: the real
// SDKs (`@rudderstack/analytics-js` v3 and `rudder-sdk-js` v1.1) run offline against it.
//
//   GET  /rudderstack/sourceConfig/?writeKey=…      the source configuration the SDK asks for
//   POST /rudderstack/dataplane/v1/<type>          an event (or `/v1/batch`), recorded per write key
//   GET  /rudderstack/dataplane/recorded?writeKey=… what the data plane received, as JSON
//   POST /rudderstack/release?writeKey=…            lets a held source configuration go
//
// The write key picks the source: one containing `custom` gets a "Custom Device Mode" destination
// whose id is CUSTOM_DESTINATION_ID (what `destination-id` points at); any other gets none. One
// containing `held` gets its configuration only once released, so a test can make the SDK wait
// while something else arrives, without guessing at timings.
// Recordings are kept per write key, so tests that run in parallel (and in two browsers) use
// their own key and never see each other's events.

export const RUDDERSTACK_PREFIX = '/rudderstack';
export const CONFIG_PATH = `${RUDDERSTACK_PREFIX}/sourceConfig`;
export const DATA_PLANE_PATH = `${RUDDERSTACK_PREFIX}/dataplane`;
export const CUSTOM_DESTINATION_ID = 'fullstory-custom-destination';

/** Recordings kept at most, oldest forgotten first: a long `npm start` session must not grow without bound. */
const RECORDING_LIMIT = 500;
/** A held configuration goes anyway after this long, so a test that forgot to release fails rather than hangs. */
const HOLD_LIMIT_MS = 20_000;

export function sourceConfig(writeKey) {
  const destinations = [];
  if (writeKey.includes('custom')) {
    destinations.push({
      id: CUSTOM_DESTINATION_ID,
      name: 'FullStory (rudder-fullstory)',
      enabled: true,
      config: {},
      destinationDefinitionId: 'custom-device-mode',
      destinationDefinition: {name: 'CUSTOM_DEVICE_MODE', displayName: 'Custom Device Mode'},
      shouldApplyDeviceModeTransformation: false,
      propagateEventsUntransformedOnError: false,
    });
  }
  return {
    isHosted: false,
    source: {
      id: `source-${writeKey}`,
      name: 'rudder-fullstory offline source',
      writeKey,
      enabled: true,
      workspaceId: 'offline-workspace',
      // No error or metrics reporting: nothing may leave the machine.
      config: {statsCollection: {errors: {enabled: false}, metrics: {enabled: false}}},
      destinations,
    },
  };
}

function readBody(req) {
  return new Promise(resolve => {
    const chunks = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(''));
  });
}

/** The write key of a data-plane request: HTTP Basic auth (`writeKey:`), or the body's own. */
function writeKeyOf(authorization, body) {
  const match = /^Basic\s+(.+)$/i.exec(authorization ?? '');
  if (match) {
    const decoded = Buffer.from(match[1], 'base64').toString('utf8');
    const key = decoded.slice(0, decoded.indexOf(':') >= 0 ? decoded.indexOf(':') : undefined);
    if (key) return key;
  }
  return typeof body?.writeKey === 'string' ? body.writeKey : '';
}

export function rudderstackMiddleware() {
  /** writeKey → events in the order the data plane received them. */
  const recorded = new Map();
  /** writeKey → the release of its held configuration. */
  const holds = new Map();
  const hold = writeKey => {
    let entry = holds.get(writeKey);
    if (!entry) {
      let release;
      const released = new Promise(resolve => {
        release = resolve;
        setTimeout(resolve, HOLD_LIMIT_MS).unref?.();
      });
      entry = {released, release};
      holds.set(writeKey, entry);
      while (holds.size > RECORDING_LIMIT) holds.delete(holds.keys().next().value);
    }
    return entry;
  };

  const record = (writeKey, events) => {
    if (!recorded.has(writeKey)) {
      recorded.set(writeKey, []);
      while (recorded.size > RECORDING_LIMIT) recorded.delete(recorded.keys().next().value);
    }
    recorded.get(writeKey).push(...events);
  };

  return async function rudderstack(ctx, next) {
    if (!ctx.path.startsWith(`${RUDDERSTACK_PREFIX}/`)) return next();
    ctx.set('Cache-Control', 'no-store');

    if (ctx.method === 'GET' && ctx.path.replace(/\/+$/, '') === CONFIG_PATH) {
      const writeKey = String(ctx.query.writeKey ?? '');
      if (writeKey.includes('held')) await hold(writeKey).released;
      ctx.type = 'application/json';
      ctx.body = JSON.stringify(sourceConfig(writeKey));
      return undefined;
    }

    if (ctx.method === 'GET' && ctx.path === `${DATA_PLANE_PATH}/recorded`) {
      ctx.type = 'application/json';
      ctx.body = JSON.stringify(recorded.get(String(ctx.query.writeKey ?? '')) ?? []);
      return undefined;
    }

    if (ctx.method === 'POST' && ctx.path === `${RUDDERSTACK_PREFIX}/release`) {
      hold(String(ctx.query.writeKey ?? '')).release();
      ctx.status = 204;
      return undefined;
    }

    if (ctx.method === 'POST' && ctx.path.startsWith(`${DATA_PLANE_PATH}/`)) {
      let body;
      try {
        body = JSON.parse(await readBody(ctx.req));
      } catch {
        ctx.status = 400;
        ctx.body = 'invalid JSON';
        return undefined;
      }
      const writeKey = writeKeyOf(ctx.get('Authorization'), body);
      // `/v1/batch` carries `{batch: [...]}`; `/v1/<type>` carries one event.
      const events = Array.isArray(body?.batch) ? body.batch : [body];
      record(
        writeKey,
        events.filter(event => event && typeof event === 'object'),
      );
      ctx.status = 200;
      ctx.body = 'OK';
      return undefined;
    }

    if (ctx.method === 'OPTIONS') {
      ctx.status = 204;
      return undefined;
    }
    ctx.status = 404;
    return undefined;
  };
}
