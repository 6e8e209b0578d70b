/**
 * The RudderStack bridge (SPEC §4), assembled: one per page. Its parts: sdk.ts (the SDKs' shapes),
 * watch.ts (finding the SDK), order.ts (call order, reset placement), integration.ts (custom
 * integration).
 *
 * The bridge: watches `window.rudderanalytics` and publishes, on the page's
 * bus, the message the SDK itself built for each `identify`, `track` and `page` call, and each
 * `reset`, in the order the SDK processed them. Inside the page's call it only takes notes; the
 * messages reach the bus in a microtask after the call (order.ts), so the site's call never pays
 * for forwarding.
 *
 * How it sees the SDK's own message: every one of those methods takes a callback (the first
 * function argument) that the SDK calls, synchronously, with the final event once it has processed
 * the call. The bridge adds such a callback, or wraps the page's own, so it never re-implements the
 * SDK's argument rules or its user state: what it publishes is what a device-mode destination gets.
 * `reset` has no callback, so its place is worked out from the calls processed around it.
 *
 * Where calls come from:
 * - the loading snippet's queue (`window.rudderanalytics = [...]`, stub methods `push` onto it):
 *   entries already queued are instrumented in place, later ones through the array's `push`;
 * - the SDK object that replaces it (v3 facade or v1.1 object): its methods are wrapped;
 * - the replacement itself is seen through an accessor on `window.rudderanalytics`.
 *
 * Custom-integration mode (`destination-id`): the bridge registers a RudderStack custom device-mode
 * integration and publishes what RudderStack delivers to it, tagged with the destination id, so an
 * element in that mode forwards only what RudderStack's consent, filtering and per-call
 * `integrations` option let through. RudderStack never delivers `reset` to integrations, so the
 * bridge adds each observed reset to that stream at its place.
 *
 * State is page-wide (one bridge per page under a registered symbol): two copies of this library
 * must not observe, or register, twice.
 */
import {BRIDGE_KEY, type RudderBridge} from '../contracts.js';
import {getBus} from '../bus.js';
import {pageSingleton} from '../page.js';
import {register} from './integration.js';
import {flush, type BridgeState} from './order.js';
import {isFn} from './sdk.js';
import {watchGlobal} from './watch.js';

export {BRIDGE_KEY};

function createBridge(): RudderBridge {
  const s: BridgeState = {
    bus_: getBus(),
    lanes_: [[], []],
    first_: 0,
    position_: 0,
    timeline_: new Map(),
    integrations_: new Map(),
    taps_: new Set(),
    out_: [],
  };
  watchGlobal(s);
  return {
    version: 1,
    taps: s.taps_,
    // One integration per destination, any number of listeners.
    registerIntegration(destinationId, listener) {
      let integration = s.integrations_.get(destinationId);
      if (!integration) {
        integration = {id_: destinationId, status_: {state: 'waiting'}, listeners_: new Set(), pendingResets_: []};
        s.integrations_.set(destinationId, integration);
        register(s, integration);
      }
      if (listener) integration.listeners_.add(listener);
      return () => void integration.listeners_.delete(listener!);
    },
    integrationStatus(destinationId) {
      const status = s.integrations_.get(destinationId)?.status_;
      return status && {...status};
    },
    flush: () => flush(s),
  };
}

const isBridge = (value: unknown): value is RudderBridge => isFn((value as RudderBridge)?.registerIntegration);

/**
 * Start observing `window.rudderanalytics` (once per page, whatever the number of copies of this
 * library) and return the page's bridge. Outside a browser it returns undefined and does nothing.
 */
export function startBridge(): RudderBridge | undefined {
  if (typeof window != 'undefined' && typeof document != 'undefined')
    return pageSingleton(BRIDGE_KEY, isBridge, createBridge);
}

/** The page's bridge, if one was started. */
export function getBridge(): RudderBridge | undefined {
  const existing = (globalThis as unknown as Record<symbol, unknown>)[BRIDGE_KEY];
  return isBridge(existing) ? existing : undefined;
}
