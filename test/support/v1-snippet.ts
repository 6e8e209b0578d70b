/**
 * A v1 FullStory snippet, as RudderStack's own FullStory destination (and Segment classic, and old
 * pasted snippets) put on a page: configuration in `window._fs_*` globals, a namespace function
 * whose calls queue as `[op, args, source]`, no `_v`, no `observe`, and the v1 helpers
 * (`identify`, `setUserVars`, `event`, `anonymize`, `shutdown`, `restart`, `setVars`). Written for
 * these tests from FullStory's description of the v1 API; nothing here is FullStory's or RudderStack's code.
 */
export interface V1SnippetOptions {
  org: string;
  /** fs.js to load (here: the simulator, on this origin). */
  src: string;
  namespace?: string;
  host?: string;
}

type V1Fs = ((op: string, args?: unknown, source?: string) => void) & {
  q: unknown[][] | null;
  _api?: (op: string, args?: unknown, source?: string) => void;
  [helper: string]: unknown;
};

/** Returns the namespace function, or null when the namespace is taken (v1 snippets then do nothing). */
export function installV1Snippet({org, src, namespace = 'FS', host = 'fullstory.com'}: V1SnippetOptions): V1Fs | null {
  const win = window as unknown as Record<string, unknown>;
  win._fs_debug = false;
  win._fs_host = host;
  win._fs_script = src.replace(/^https?:\/\//, '');
  win._fs_org = org;
  win._fs_namespace = namespace;
  if (namespace in win) {
    console.error('FullStory namespace conflict (v1 snippet imitation)');
    return null;
  }
  const fs = function (op: string, args?: unknown, source?: string) {
    if (fs.q) fs.q.push([op, args, source]);
    else fs._api!(op, args, source);
  } as V1Fs;
  fs.q = [];
  const call = (op: string, args?: unknown, source?: string) => fs(op, args, source);
  fs.identify = (uid: unknown, vars?: Record<string, unknown>, source?: string) => {
    call('user', {uid}, source);
    if (vars) call('user', vars, source);
  };
  fs.setUserVars = (vars: unknown, source?: string) => call('user', vars, source);
  fs.event = (name: unknown, props?: unknown, source?: string) => call('event', {n: name, p: props}, source);
  fs.setVars = (scope: unknown, props?: unknown, source?: string) => call('setVars', [scope, props], source);
  fs.anonymize = () => call('user', {uid: false});
  fs.shutdown = () => call('rec', false);
  fs.restart = () => call('rec', true);
  win[namespace] = fs;
  const script = document.createElement('script');
  script.async = true;
  script.crossOrigin = 'anonymous';
  script.src = src;
  document.head.appendChild(script);
  return fs;
}
