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
import {isRecord} from '../page.js';
import {startBridge} from './bridge.js';
import {isFn, marked, v3Instance, type Sdk} from './sdk.js';

type Link = {sessionUrl: string; nowUrl: string};

const providers = new Set<() => Link | undefined>();
/** Custom context holds a link of ours (the SDK may still have the update buffered). */
let dirty = false;

const tap: BridgeTap = (method, args, sdk) => {
  try {
    // The first element's FullStory that captures.
    let found: Link | undefined;
    for (const provider of providers) if ((found = provider())) break;
    // The bridge's callback is in the call by now, where the SDK reads it from.
    const c = args.findIndex(marked);
    // Where the options argument goes, by the shape rules both SDKs share (a leading object shifts it).
    const at = method == 'track' ? 2 : isRecord(args[0]) ? 1 : method == 'page' && !isRecord(args[1]) ? 3 : 2;
    const site = (c > at ? args[at] : undefined) as Sdk | undefined;
    // What the call's `context.fullstory` should be: nothing of ours where the site set its own
    // (options keys outside the top level merge into context).
    const siteOwns = isRecord(site) && ('fullstory' in site || (isRecord(site.context) && 'fullstory' in site.context));
    const value = (!siteOwns && found) || null;
    if (sdk && v3Instance(sdk) && isFn(sdk.setCustomContext)) {
      // v3 custom context: what the SDK itself merges under the call's own context.
      const own = (sdk.getCustomContext as () => Sdk)?.()?.fullstory;
      if (isRecord(own) && Object.keys(own).join() != 'sessionUrl,nowUrl') return; // the site's own
      if (own || dirty || value) sdk.setCustomContext({fullstory: value});
      dirty = !!value;
      return;
    }
    // Per-call options: none of ours when the site's are not objects we can extend.
    if (!value || (site != null && !(isRecord(site) && (site.context == null || isRecord(site.context))))) return;
    const options = {...site, context: {...(site?.context as Sdk), fullstory: value}};
    const next = [...args];
    // In the site's options' place, or inserted before the callback (padded), which moves one on.
    if (c > at) next[at] = options;
    else next.splice(c, 0, ...Array(at - c), options);
    return next;
  } catch {
    // never in the page's way
  }
};

/** FullStory's current session and this moment of it, while `handle` captures. */
function read(handle: FullStoryHandle | undefined): Link | undefined {
  if (!handle || handle.shutDown || !handle.capturing) return;
  const fs = (globalThis as Sdk)[handle.namespace];
  const get = (format: string) =>
    handle.apiVersion > 1 ? fs('getSession', {format}) : fs.getCurrentSessionURL?.(format > 'url');
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
