/**
 * `link-events` (SPEC §11): while FullStory captures, each RudderStack call the page makes carries
 * `context.fullstory = {sessionUrl, nowUrl}`, read from FullStory when the call is made.
 *
 * Through the SDK's own mechanisms, never by changing what the site passed: v3 (3.32+) custom
 * context, set just before each call (the SDK buffers it in order while it loads); elsewhere (v1.1,
 * older v3, calls queued in the loading snippet) a per-call options object, the site's own options
 * copied with `context.fullstory` added. The site's own `context.fullstory` (per call, or in custom
 * context) is left alone. Nothing is added while FullStory does not capture.
 */
import type {BridgeTap, FullStoryHandle} from '../contracts.js';
import {startBridge} from './bridge.js';

type Obj = Record<string, unknown>;
type Link = {sessionUrl: string; nowUrl: string};

const isObj = (v: unknown): v is Obj => typeof v == 'object' && v !== null && !Array.isArray(v);
const providers = new Set<() => Link | undefined>();
/** Custom context holds a link of ours (the SDK may still have the update buffered). */
let dirty = false;

/** Where the options argument goes, by the shape rules both SDKs share (a leading object shifts it). */
const optionsAt = (method: string, args: unknown[]) =>
  method == 'track' ? 2 : isObj(args[0]) ? 1 : method == 'page' && !isObj(args[1]) ? 3 : 2;

/** The site set `context.fullstory` itself (options keys outside the top level merge into context). */
const siteOwns = (options: unknown) =>
  isObj(options) && ('fullstory' in options || (isObj(options.context) && 'fullstory' in options.context));

function link(): Link | undefined {
  for (const provider of providers) {
    const found = provider();
    if (found) return found;
  }
}

const tap: BridgeTap = (method, args, sdk) => {
  try {
    const found = link();
    const first = +(method != 'page');
    let c = args.findIndex((a, i) => i >= first && typeof a == 'function');
    if (c < 0) c = args.length;
    const at = optionsAt(method, args);
    const site = c > at ? args[at] : undefined;
    const instances = sdk?.analyticsInstances;
    if (
      isObj(instances) &&
      instances[sdk!.defaultAnalyticsKey as string] &&
      typeof sdk!.setCustomContext == 'function'
    ) {
      // v3 custom context: what the SDK itself merges under the call's own context.
      const own = (sdk!.getCustomContext as () => Obj)?.()?.fullstory;
      if (isObj(own) && Object.keys(own).join() != 'sessionUrl,nowUrl') return; // the site's own
      const value = (!siteOwns(site) && found) || null;
      if (own || dirty || value) (sdk!.setCustomContext as (c: Obj) => void)({fullstory: value});
      dirty = !!value;
      return;
    }
    if (
      !found ||
      siteOwns(site) ||
      (site != null && !isObj(site)) ||
      (isObj(site) && site.context != null && !isObj(site.context))
    )
      return;
    const options = {...(site as Obj), context: {...((site as Obj)?.context as Obj), fullstory: found}};
    if (c > at) return args.map((a, i) => (i == at ? options : a));
    const next = args.slice(0, c);
    while (next.length < at) next.push(undefined);
    return [...next, options, ...args.slice(c)];
  } catch {
    // never in the page's way
  }
};

/** FullStory's current session and this moment of it, while `handle` captures. */
function read(handle: FullStoryHandle | undefined): Link | undefined {
  if (!handle || handle.shutDown || !handle.capturing) return;
  const fs = (globalThis as unknown as Obj)[handle.namespace] as Obj & ((op: string, o: unknown) => unknown);
  const get = (format: string) =>
    handle.apiVersion > 1
      ? fs(`getSession`, {format})
      : (fs.getCurrentSessionURL as (now: boolean) => unknown)?.(format > 'url');
  const sessionUrl = get('url');
  const nowUrl = get('url.now');
  if (typeof sessionUrl == 'string' && typeof nowUrl == 'string') return {sessionUrl, nowUrl};
}

/** Start linking the page's RudderStack events to the FullStory `handle()` gives; returns the stop. */
export function linkEvents(handle: () => FullStoryHandle | undefined): () => void {
  const provider = () => read(handle());
  providers.add(provider);
  startBridge()?.taps?.add(tap);
  return () => void providers.delete(provider);
}
