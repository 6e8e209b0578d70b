/**
 * Adoption: the page's one FullStory per namespace (a page-wide registry), found again, adopted
 * from a snippet already on the page (v1 or v2), or loaded anew; a second org is refused.
 */
import {REGISTRY_KEY, type FsFunction, type FullStoryHandle} from '../contracts.js';
import {pageSingleton} from '../page.js';
import {IDENTIFIER, type FullStoryConfig} from './config.js';
import {startFullStory} from './handle.js';
import {isFullStory} from './snippet.js';

/** The page's CSP nonce when the element was not given one: a `<meta>` convention, then any nonced script. */
export function findPageNonce(doc: Document): string | undefined {
  const meta = doc.querySelector<HTMLMetaElement>('meta[name="csp-nonce"], meta[property="csp-nonce"]');
  // `.nonce`, not the attribute: under a header-delivered CSP the attribute reads back as ''.
  return (
    meta?.nonce ||
    meta?.content ||
    [...doc.querySelectorAll<HTMLScriptElement>('script[nonce]')].find(script => script.nonce)?.nonce
  );
}

/**
 * Where a FullStory that is already on the page lives, when that is not the default `window.FS`:
 * the classic snippet's `_fs_namespace` setting, or the `data-fs-namespace` of a snippet's script.
 * An element without a `namespace` adopts it rather than loading FullStory a second time.
 */
export function findPageNamespace(doc: Document): string | undefined {
  const win = globalThis as unknown as Record<string, unknown>;
  if (isFullStory(win.FS)) return undefined;
  const named = [...doc.querySelectorAll('script[data-fs-namespace]')].map(script =>
    script.getAttribute('data-fs-namespace'),
  );
  return [win._fs_namespace, ...named].find(
    (name): name is string => typeof name === 'string' && IDENTIFIER.test(name) && isFullStory(win[name]),
  );
}

export type AcquireResult = {ok: true; handle: FullStoryHandle} | {ok: false; reason: string};

/** The page's FullStory per namespace, whichever copy of this library loaded it. */
const registry = (): Map<string, FullStoryHandle> =>
  pageSingleton(
    REGISTRY_KEY,
    value => value instanceof Map,
    () => new Map<string, FullStoryHandle>(),
  );

/** The page's FullStory in this namespace, if this library (any copy of it) has one. Loads nothing. */
export function findFullStory(namespace: string): FullStoryHandle | undefined {
  return registry().get(namespace);
}

/**
 * The page's FullStory for this configuration: the one already loading or loaded in that namespace,
 * a FullStory snippet found on the page (adopted, not loaded twice), or a new load. One page records
 * into one org: a different org is refused, whoever loaded the first.
 */
export function acquireFullStory(config: FullStoryConfig, doc: Document): AcquireResult {
  const {namespace, destinationId} = config;
  const existing = findFullStory(namespace);
  const present = (globalThis as unknown as Record<string, unknown>)[namespace];
  const adopted = isFullStory(present) ? present : undefined;
  const org = existing?.org ?? (adopted && pageOrg(adopted, namespace, doc));
  const reason =
    org && org !== config.org
      ? `FullStory is already running on this page for org ${org}${existing ? '' : ' (loaded by a snippet or another tool)'}`
      : // One FullStory fed from two sources would get every call twice.
        existing && existing.destinationId !== destinationId
        ? `FullStory ${namespace} already takes calls in ${existing.destinationId ? `destination-id ${existing.destinationId}` : 'observer mode'}; elements sharing it need the same destination-id`
        : present !== undefined && !adopted && !existing
          ? `window.${namespace} is something other than FullStory`
          : undefined;
  if (reason) return {ok: false, reason};
  // Registering the one already there again changes nothing.
  const handle = existing ?? startFullStory(config, doc, adopted);
  registry().set(namespace, handle);
  return {ok: true, handle};
}

/** The org a FullStory found on the page records into, where the page says so. */
function pageOrg(fs: FsFunction, namespace: string, doc: Document): string | undefined {
  const fromInit = (fs.q?.find(entry => entry?.[0] === 'init')?.[1] as {env?: {orgId?: unknown}} | undefined)?.env
    ?.orgId;
  if (typeof fromInit === 'string') return fromInit;
  const win = globalThis as unknown as Record<string, unknown>;
  if (typeof win._fs_org === 'string' && (win._fs_namespace ?? 'FS') === namespace) return win._fs_org;
  // `namespace` is an identifier: safe inside the selector's quotes.
  for (const {src} of doc.querySelectorAll<HTMLScriptElement>(`script[data-fs-namespace="${namespace}"]`)) {
    try {
      const org = new URL(src).searchParams.get('org');
      if (org) return org;
    } catch {
      // a tag without a usable src says nothing
    }
  }
}
