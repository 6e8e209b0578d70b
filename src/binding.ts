/**
 * Which FullStory an element feeds: its attributes resolved into a configuration (fullstory/config),
 * the page's FullStory for it acquired once (fullstory/adoption), and a later change of what cannot
 * change refused. The element's binding, kept on the element itself (`handle_`, `key_`); the
 * FullStory side knows nothing of elements.
 */
import type {FullStoryHandle} from './contracts.js';
import {acquireFullStory, findFullStory, findPageNamespace, findPageNonce} from './fullstory/adoption.js';
import {resolveConfig, type ConfigAttributes, type ConfigResult, type FullStoryConfig} from './fullstory/config.js';

/** The attributes a binding reads, and where it keeps what it bound (the element itself fits). */
export interface BindingAttributes extends ConfigAttributes {
  readonly ownerDocument: Document;
  readonly debug: boolean;
  /** The page's FullStory bound. */
  handle_?: FullStoryHandle;
  /** What cannot change of the FullStory bound (see `bindFullStory`), set with `handle_`. */
  key_?: string;
}

/** The element's attributes as a load configuration, page defaults (namespace, nonce) filled in. */
export function configOf(el: BindingAttributes): ConfigResult {
  const doc = el.ownerDocument;
  return resolveConfig(el, {
    pageNamespace: el.namespace ? undefined : findPageNamespace(doc),
    nonce: el.nonce || findPageNonce(doc),
    base: doc.baseURI,
  });
}

/**
 * Bind the page's FullStory for `resolved`; the problem (`code: sentence`), if it cannot be or
 * cannot change. `running`, for a closed consent gate: consent is page-wide once FullStory runs, so
 * only a FullStory this page already has for this org is bound (to be shut down), whichever element
 * started it; nothing loads, and the gate ignores what this returns.
 */
export function bindFullStory(resolved: ConfigResult, el: BindingAttributes, running?: boolean): string | undefined {
  if (!resolved.ok) return `config: ${resolved.reason}`;
  const {config} = resolved;
  // What cannot change once FullStory has loaded. The script counts only as given: `debug` alone
  // switching the default to fs-debug.js changes nothing loaded. (`join` writes a missing one as ''.)
  const key = [config.org, config.host, config.namespace, el.script?.trim(), config.destinationId].join(' ');
  if (el.key_) {
    // FullStory cannot be unloaded from a page, and half-applying a new org would split its data:
    // the change is refused, visibly, and forwarding stops until the attributes match again.
    return key === el.key_
      ? undefined
      : `config: org, host, script, namespace and destination-id cannot change once FullStory has loaded (it records org ${el.handle_!.org}); reload to apply`;
  }
  if (running) {
    const found = findFullStory(config.namespace);
    if (found?.org !== config.org) return undefined;
    el.handle_ = found;
  } else {
    const acquired = acquireFullStory(config, el.ownerDocument);
    if (!acquired.ok) return `conflict: ${acquired.reason}`;
    el.handle_ = acquired.handle;
    if (el.debug) warnAppHost(config);
  }
  el.key_ = key;
  return undefined;
}

/** FullStory builds session URLs on `app.<host>`: behind a proxy that is a dead link without `app-host`. */
function warnAppHost(config: FullStoryConfig): void {
  if (config.appHost || /(^|\.)fullstory\.com(:\d+)?$/.test(config.host)) return;
  console.warn(
    `[rudder-fullstory] host ${config.host} is a proxy: set app-host, or session URLs use app.${config.host}`,
  );
}
