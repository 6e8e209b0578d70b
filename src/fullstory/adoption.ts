/**
 * Adoption: the page's one FullStory per namespace (a page-wide registry), found again, adopted
 * from a snippet already on the page (v1 or v2), or loaded anew; a second org is refused.
 */
import {REGISTRY_KEY, type FsFunction, type FullStoryHandle} from '../contracts.js';
import {pageSingleton} from '../page.js';
import {IDENTIFIER, originOf, type FullStoryConfig} from './config.js';
import {startFullStory} from './handle.js';
import {isFullStory} from './snippet.js';

/** The page's CSP nonce when the element was not given one: a `<meta>` convention, then any nonced script. */
export function findPageNonce(doc: Document): string | undefined {
  const meta = doc.querySelector<HTMLMetaElement>('meta[name="csp-nonce"], meta[property="csp-nonce"]');
  const fromMeta = meta?.nonce || meta?.content;
  if (fromMeta) return fromMeta;
  // `.nonce`, not the attribute: under a header-delivered CSP the attribute reads back as ''.
  for (const script of doc.querySelectorAll<HTMLScriptElement>('script[nonce]')) {
    if (script.nonce) return script.nonce;
  }
  return undefined;
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

/** The page's FullStory per namespace, whichever copy of this library loaded it. */
const registry = (): Map<string, FullStoryHandle> =>
  pageSingleton(
    REGISTRY_KEY,
    value => value instanceof Map,
    () => new Map<string, FullStoryHandle>(),
  );

export type AcquireResult = {ok: true; handle: FullStoryHandle} | {ok: false; reason: string};

/** The page's FullStory in this namespace, if this library (any copy of it) has one. Loads nothing. */
export function findFullStory(namespace: string): FullStoryHandle | undefined {
  return registry().get(namespace);
}

/**
 * The page's FullStory for this configuration: the one already loading or loaded in that namespace,
 * a FullStory snippet found on the page (adopted, not loaded twice), or a new load. One page records
 * into one org: a different org is refused, whoever loaded the first.
 */
export function acquireFullStory(config: FullStoryConfig, doc: Document = document): AcquireResult {
  const existing = registry().get(config.namespace);
  if (existing) {
    if (existing.org !== config.org) {
      return {ok: false, reason: `FullStory is already running on this page for org ${existing.org}`};
    }
    // One FullStory fed from two sources would get every call twice.
    if (existing.destinationId !== config.destinationId) {
      const mode = existing.destinationId ? `destination-id ${existing.destinationId}` : 'observer mode';
      return {
        ok: false,
        reason: `FullStory in namespace ${config.namespace} already takes calls in ${mode}; elements sharing it need the same destination-id`,
      };
    }
    return {ok: true, handle: existing};
  }
  const win = globalThis as unknown as Record<string, unknown>;
  const present = win[config.namespace];
  if (present !== undefined && !isFullStory(present)) {
    return {ok: false, reason: `window.${config.namespace} is taken by something that is not FullStory`};
  }
  const adopted = isFullStory(present) ? present : undefined;
  const adoptedOrg = adopted && pageOrg(adopted, config.namespace, doc);
  if (adoptedOrg && adoptedOrg !== config.org) {
    return {
      ok: false,
      reason: `FullStory is already running on this page for org ${adoptedOrg} (loaded by a snippet or another tool)`,
    };
  }
  const handle = startFullStory(config, doc, adopted);
  registry().set(config.namespace, handle);
  return {ok: true, handle};
}

/** The org a FullStory found on the page records into, where the page says so. */
function pageOrg(fs: FsFunction, namespace: string, doc: Document): string | undefined {
  const init = fs.q?.find(entry => Array.isArray(entry) && entry[0] === 'init');
  const fromInit = (init?.[1] as {env?: {orgId?: unknown}} | undefined)?.env?.orgId;
  if (typeof fromInit === 'string') return fromInit;
  const win = globalThis as unknown as Record<string, unknown>;
  if (typeof win._fs_org === 'string' && (win._fs_namespace ?? 'FS') === namespace) return win._fs_org;
  for (const script of doc.querySelectorAll<HTMLScriptElement>('script[data-fs-namespace]')) {
    if (script.getAttribute('data-fs-namespace') !== namespace) continue;
    const org = originOf(script.src) && new URL(script.src).searchParams.get('org');
    if (org) return org;
  }
  return undefined;
}
