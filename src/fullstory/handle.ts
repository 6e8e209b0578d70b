/**
 * The page's FullStory handle: its load state, the calls waiting for fs.js, the consent gate
 * (shutdown / restart), the session URL and whether FullStory captures, all page-wide.
 *
 * Its public fields and methods are the `FullStoryHandle` contract (contracts.ts) that every copy
 * of this library reads; everything else is internal and ends with `_` (the bundle mangles it).
 */
import type {FsCall, FsFunction, FullStoryHandle, LoadState, SendCallback, StatusListener} from '../contracts.js';
import {isFn, notifyAll} from '../page.js';
import type {FullStoryConfig} from './config.js';
import {NOT_STARTED, captureReason} from './reasons.js';
import {POLICY_NAME, createQueueStub, createScript, failQueue} from './snippet.js';
import {callV1, v1SessionUrl, type AnyCall} from './v1.js';

/** Calls kept while FullStory loads: enough for a busy page's start, bounded for a blocked one. */
export const PENDING_LIMIT = 200;

class PageFullStory implements FullStoryHandle {
  readonly namespace: string;
  readonly org: string;
  readonly apiVersion: 1 | 2;
  readonly destinationId?: string;
  state: LoadState = 'loading';
  reason?: string;
  sessionUrl?: string;
  capturing = false;
  forwardedSeq = 0;
  identity: string | null = null;
  shutDown = false;

  private readonly listeners_ = new Set<StatusListener>();
  private readonly queue_: [FsCall, SendCallback][] = [];
  private readonly holders_ = new Set<object>();
  /** The script failed for good (error, CSP, Trusted Types): nothing is kept any more. */
  private failed_?: boolean;
  /** The session-URL query last asked: only the newest answer counts. */
  private sessionQuery_ = 0;
  /** The uid last handed to FullStory: a different one splits the session. */
  private uid_?: string;
  /** What `reason` says while ready: capture pending, none once it started, or the last shutdown's. */
  private captureReason_?: string = NOT_STARTED;

  constructor(
    private readonly config_: FullStoryConfig,
    private readonly fs_: FsFunction,
  ) {
    this.namespace = config_.namespace;
    this.org = config_.org;
    this.destinationId = config_.destinationId;
    // FullStory's docs: `_v` 2.x is the v2 API; `1.x` or no `_v` at all is a v1 snippet.
    this.apiVersion = /^2\./.test(fs_._v as string) ? 2 : 1;
  }

  get pending(): number {
    return this.queue_.length;
  }

  onChange(listener: StatusListener): () => void {
    this.listeners_.add(listener);
    return () => void this.listeners_.delete(listener);
  }

  send(call: FsCall, done: SendCallback): void {
    if (this.shutDown) done(false, 'disabled');
    else if (this.state === 'ready') done(this.deliver_(call), 'unsupported-by-v1');
    else if (this.failed_) done(false, 'blocked');
    else if (this.queue_.length >= PENDING_LIMIT) done(false, 'queue-full');
    else this.queue_.push([call, done]);
  }

  shutdown(holder: object): void {
    this.holders_.add(holder);
    if (this.shutDown) return;
    this.shutDown = true;
    this.deliver_({op: 'shutdown'});
    // Sent before the gate closed, but FullStory will not take them now: dropped and counted.
    this.drop_('disabled');
    this.notify_();
  }

  release(holder: object): void {
    this.holders_.delete(holder);
  }

  restart(): void {
    if (!this.shutDown || this.holders_.size) return;
    this.shutDown = false;
    this.deliver_({op: 'restart'});
    this.notify_();
  }

  notify_(): void {
    notifyAll(this.listeners_, this);
  }

  drop_(reason: string): void {
    for (const [, done] of this.queue_.splice(0)) done(false, reason);
  }

  /** Hand one call to FullStory now, in the API generation the page's snippet speaks. */
  deliver_(call: AnyCall): boolean {
    const {op, options} = call;
    const last = this.uid_;
    if (op === 'setIdentity') {
      const {uid, anonymous} = options as {uid?: string; anonymous?: boolean};
      this.uid_ = anonymous === true ? undefined : (uid ?? last);
    }
    const delivered = this.apiVersion === 1 ? callV1(this.fs_, call) : (this.fs_(op, options), true);
    // A restart, and (identify / anonymize docs) a different uid or anonymizing an identified user,
    // can start a new session: its URL is asked again.
    if (delivered && (op === 'restart' || (last !== undefined && this.uid_ !== last))) this.refreshSession_();
    return delivered;
  }

  /** FullStory's current session URL, asked again after something that can start a new session. */
  refreshSession_(): void {
    const query = ++this.sessionQuery_;
    // v2's Async variant resolves once capture runs and rejects when FullStory will not capture (a
    // FullStory that throws keeps the URL it had); v1 is read once it has taken the call.
    new Promise(resolve =>
      this.apiVersion === 1
        ? setTimeout(() => resolve(v1SessionUrl(this.fs_)))
        : resolve(this.fs_('getSessionAsync', {format: 'url'})),
    ).then(
      url => {
        if (query !== this.sessionQuery_ || typeof url !== 'string' || url === this.sessionUrl) return;
        this.sessionUrl = url;
        if (this.capturing) this.notify_();
      },
      () => {},
    );
  }

  /** FullStory's `start` (with its session URL) or `shutdown` (with its reason code). */
  capture_(capturing: boolean, detail?: unknown): void {
    this.capturing = capturing;
    this.sessionUrl = capturing ? (typeof detail === 'string' ? detail : this.sessionUrl) : undefined;
    this.captureReason_ = capturing ? undefined : captureReason(detail);
    // Observers can fire while fs.js replays the queue, before `ready`: that then reports them.
    if (this.state !== 'ready') return;
    this.reason = this.captureReason_;
    this.notify_();
  }

  /** Ready once fs.js has installed `_api` and taken the snippet's queue: FullStory's API is live. */
  check_(): void {
    if (this.state === 'ready' || !isFn(this.fs_._api)) return;
    this.state = 'ready';
    this.reason = this.captureReason_;
    // In order, and before anything sent after this point. FullStory keeps what comes before capture.
    for (const [call, done] of this.queue_.splice(0)) done(this.deliver_(call), 'unsupported-by-v1');
    // v1 has no `start` observer: a v1 FullStory that already captures has a session URL now.
    const url = this.apiVersion === 1 && v1SessionUrl(this.fs_);
    if (url) this.capture_(true, url);
    else this.notify_();
  }

  /**
   * Not loaded: `final` (error, CSP, Trusted Types) drops what waits, as the snippet does; after a
   * mere timeout a slow fs.js may still arrive, so what waits is kept (bounded).
   */
  block_(reason: string, final?: boolean): void {
    if (this.state === 'ready' || this.failed_) return;
    if (final) {
      this.failed_ = true;
      failQueue(this.fs_, `Error loading ${this.config_.scriptUrl}`);
      this.drop_('blocked');
    }
    this.state = 'blocked';
    this.reason = reason;
    this.notify_();
  }

  /**
   * Look for fs.js every 50 ms until `deadline`, then every 500 ms: a late fs.js still turns it ready.
   * Stops at the first look after it is ready or failed for good (those need no timer cleared).
   */
  poll_(deadline: number): void {
    if (this.failed_) return;
    this.check_();
    if (this.state === 'ready') return;
    const left = deadline - performance.now();
    if (left <= 0 && this.state === 'loading') {
      const {scriptUrl, timeout} = this.config_;
      this.block_(`timeout: fs.js (${scriptUrl}) did not load within ${timeout} ms (slow network, or blocked)`);
    }
    setTimeout(() => this.poll_(deadline), left > 0 ? Math.min(left, 50) : 500);
  }

  /** Follow FullStory's own signals: v2's `start` / `shutdown` observers, v1's page-wide `_fs_ready`. */
  observe_(win: Record<string, unknown>): void {
    const fs = this.fs_;
    if (this.apiVersion === 2) {
      fs('observe', {type: 'start', callback: (e?: {sessionUrl?: unknown}) => this.capture_(true, e?.sessionUrl)});
      fs('observe', {type: 'shutdown', callback: (e?: {reason?: unknown}) => this.capture_(false, e?.reason)});
      return;
    }
    // v1 has no observers: its one signal is the page-wide `_fs_ready` callback, kept chained.
    const previous = win._fs_ready;
    const ready = () => {
      this.check_();
      this.capture_(true, v1SessionUrl(fs));
    };
    win._fs_ready = function (this: unknown, ...args: unknown[]) {
      ready();
      return isFn(previous) ? previous.apply(this, args) : undefined;
    };
  }

  /**
   * Our own script tag: its `error` and the page's CSP violations say it will not load. The
   * violation listener stays (one per page's FullStory): once ready or failed, `block_` ignores it.
   */
  watch_(script: HTMLScriptElement, doc: Document): void {
    const url = this.config_.scriptUrl;
    // Ad blockers and network errors surface here; a late fs.js is found by `poll_`.
    script.onerror = () =>
      this.block_(`script-error: fs.js could not be loaded from ${url} (ad blocker, network or wrong URL)`, true);
    script.onload = () => this.check_();
    // Browsers fire CSP violations at the document, with the refused URL (or only its origin).
    doc.addEventListener('securitypolicyviolation', ({target, effectiveDirective, blockedURI}) => {
      const blocked = blockedURI.replace(/\/$/, '');
      if (target === script || (effectiveDirective.startsWith('script-src') && blocked && url.startsWith(blocked)))
        this.block_(`csp: fs.js was refused by the page's Content-Security-Policy (${effectiveDirective})`, true);
    });
    (doc.head ?? doc.documentElement).appendChild(script);
  }
}

/** Load FullStory for `config` (or take over `adopted`, a snippet already on the page) and return its handle. */
export function startFullStory(config: FullStoryConfig, doc: Document, adopted?: FsFunction): FullStoryHandle {
  const win = globalThis as unknown as Record<string, unknown>;
  let fs = adopted;
  let script: HTMLScriptElement | undefined;
  if (!fs) {
    try {
      // Before anything touches the page: if Trusted Types refuse the URL, nothing is left behind.
      script = createScript(config, doc);
    } catch (error) {
      const refused = new PageFullStory(config, () => null);
      refused.block_(
        `trusted-types: Trusted Types refused the fs.js URL; allow the '${POLICY_NAME}' policy in the page's trusted-types directive (${(error as Error)?.message ?? error})`,
        true,
      );
      return refused;
    }
    win[config.namespace] = fs = createQueueStub();
    // Snippet 2.1 hands fs.js its environment as the first queued operation: the script scheme-less,
    // without query; `appHost` as @fullstory/browser passes it.
    const {appHost} = config;
    fs('init', {env: {orgId: config.org, host: config.host, script: config.scriptEnv, ...(appHost && {appHost})}});
  }
  const handle = new PageFullStory(config, fs);
  handle.observe_(win);
  handle.poll_(performance.now() + config.timeout);
  if (script && handle.state === 'loading') handle.watch_(script, doc);
  return handle;
}
