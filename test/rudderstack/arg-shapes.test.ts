import {expect} from '@open-wc/testing';
import {MARKER, SHAPES} from '../support/arg-shapes.js';
import {closePages, dataPlane, openPage, uniqueKey} from '../support/scenario.js';

/**
 * SPEC §4: the page's calls are never changed by being observed. Every argument shape in
 * test/support/arg-shapes.ts runs once with the real SDK alone and once with the bridge watching
 * (test/fixtures/sdk-shapes.js), on the snippet's queue and on the loaded SDK.
 */

/** What differs between two runs whatever the bridge does: ids, clocks, sessions, the write key. */
const VOLATILE = new Set([
  'messageId',
  'anonymousId',
  'originalTimestamp',
  'sentAt',
  'timestamp',
  'receivedAt',
  'sessionId',
  'sessionStart',
  'writeKey',
  'requestIp',
]);
const stable = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(stable);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !VOLATILE.has(key))
      .map(([key, v]) => [key, stable(v)]),
  );
};

interface Run {
  results: {id: string; returned: unknown[]; callbacks: unknown[]}[];
  sent: any[];
  bus: any[];
  /** What the data plane received. */
  received: any[];
}

const isMarker = (m: any, id: string) => m?.type === 'track' && m.event === MARKER && m.properties?.shape === id;

/** Items before each shape's marker (and after the previous one), per shape id. */
function perShape(items: any[]): Map<string, any[]> {
  const split = new Map<string, any[]>();
  let at = 0;
  for (const {id} of SHAPES) {
    const end = items.findIndex((m, i) => i >= at && isMarker(m, id));
    if (end < 0) throw new Error(`no marker for ${id}`);
    split.set(id, items.slice(at, end));
    at = end + 1;
  }
  return split;
}

async function run(sdk: string, lane: string, bridge: boolean): Promise<Run> {
  const writeKey = uniqueKey(`shapes-${sdk}`);
  const last = SHAPES[SHAPES.length - 1].id;
  const win = await openPage(
    '/test/fixtures/sdk-shapes.html',
    w => w.__shapes?.error || (w.__shapes?.done && w.__shapes.sent.some((m: any) => isMarker(m, last))),
    `shapes ${sdk} ${lane} bridge=${bridge}`,
    JSON.stringify({sdk, lane, bridge, writeKey}),
  );
  if (win.__shapes.error) throw new Error(win.__shapes.error);
  const {results, sent, bus} = JSON.parse(JSON.stringify(win.__shapes));
  // The page stays open until its posts have arrived: closing it would abort them.
  const received = await dataPlane(writeKey, sent.length);
  closePages();
  return {results, sent, bus, received};
}

for (const sdk of ['v3', 'v1']) {
  for (const lane of ['queued', 'loaded']) {
    describe(`argument shapes, ${sdk === 'v3' ? 'v3 SDK' : 'v1.1 SDK'}, calls made ${lane === 'queued' ? "on the snippet's queue" : 'on the loaded SDK'}`, function () {
      this.timeout(60_000);
      let alone: Run;
      let bridged: Run;
      let sentAlone: Map<string, any[]>;
      let sentBridged: Map<string, any[]>;
      let published: Map<string, any[]>;

      before(async () => {
        alone = await run(sdk, lane, false);
        bridged = await run(sdk, lane, true);
        sentAlone = perShape(alone.sent);
        sentBridged = perShape(bridged.sent);
        published = perShape(bridged.bus);
      });
      after(closePages);

      it('the data plane received exactly what the SDK sent, in both runs', () => {
        for (const {received, sent} of [alone, bridged]) {
          expect(received.map(e => e.messageId).sort()).to.deep.equal(sent.map(e => e.messageId).sort());
        }
      });

      for (const {id, calls} of SHAPES) {
        it(id, () => {
          const own = alone.results.find(r => r.id === id)!;
          const watched = bridged.results.find(r => r.id === id)!;
          // The same payloads reach the data plane.
          expect(stable(sentBridged.get(id)), 'data plane').to.deep.equal(stable(sentAlone.get(id)));
          // The page's callbacks run as often, with the same event; the calls return the same.
          expect(stable(watched.callbacks), 'page callbacks').to.deep.equal(stable(own.callbacks));
          expect(stable(watched.returned), 'return values').to.deep.equal(stable(own.returned));
          // Everything the SDK processed reaches the bus, once; each reset once.
          const bus = published.get(id)!;
          expect(
            bus.filter(m => m.type !== 'reset').map(m => m.messageId),
            'bus',
          ).to.deep.equal(sentBridged.get(id)!.map(m => m.messageId));
          expect(bus.filter(m => m.type === 'reset').length, 'resets on the bus').to.equal(
            calls.filter(([method]) => method === 'reset').length,
          );
        });
      }
    });
  }
}
