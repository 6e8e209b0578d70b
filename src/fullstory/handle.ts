/**
 * The page's FullStory handle: its load state, the calls waiting for fs.js, the consent gate
 * (shutdown / restart), the session URL and whether FullStory captures, all page-wide.
 *
 * Its public fields and methods are the `FullStoryHandle` contract (contracts.ts) that every copy
 * of this library reads; everything else is internal and ends with `_` (the bundle mangles it).
 */
import type {FsCall, FsFunction, FullStoryHandle, LoadState, SendCallback, StatusListener} from '../contracts.js';
import {notifyAll} from '../page.js';
import type {FullStoryConfig} from './config.js';
import {NOT_STARTED, captureReason} from './reasons.js';
import {POLICY_NAME, createQueueStub, createScript, failQueue} from './snippet.js';
import {callV1, type AnyCall} from './v1.js';

/** Calls kept while FullStory loads: enough for a busy page's start, bounded for a blocked one. */
export const PENDING_LIMIT = 200;
/** How often a loading FullStory is checked for fs.js having installed `_api`. */
const LIVE_POLL = 50;
/** The same check once `timeout` has passed without fs.js. */
const LATE_POLL = 500;

type Win = Record<string, unknown>;

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
  private readonly queue_: {call: FsCall; done: SendCallback}[] = [];
  private readonly holders_ = new Set<object>();
  private timer_?: ReturnType<typeof setTimeout>;
  private poll_?: ReturnType<typeof setInterval>;
  private stopWatching_ = () => {};
  /** The script failed for good (error, CSP, Trusted Types): nothing is kept any more. */
  private failed_ = false;
  /** The session-URL query last asked: only the newest answer counts. */
  private sessionQuery_ = 0;
  /** The uid last handed to FullStory: a different one splits the session. */
  private lastUid_: string | null = null;
  /** The reason of FullStory's last `shutdown`, until capture starts again. */
  private shutdownReason_?: string;

  constructor(
    private readonly config_: FullStoryConfig,
    private readonly fs_: FsFunction,
  ) {
    this.namespace = config_.namespace;
    this.org = config_.org;
    this.destinationId = config_.destinationId;
    // FullStory's docs: `_v` 2.x is the v2 API; `1.x` or no `_v` at all is a v1 snippet.
    this.apiVersion = /^2\./.test(String(fs_._v ?? '')) ? 2 : 1;
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
    else this.queue_.push({call, done});
  }

  shutdown(holder: object): void {
    this.holders_.add(holder);
    if (this.shutDown) return;
    this.shutDown = true;
    this.deliver_({op: 'shutdown'});
    // Sent before the gate closed, but FullStory will not take them now: dropped and counted.
    for (const {done} of this.queue_.splice(0)) done(false, 'disabled');
    this.notify_();
  }

  release(holder: object): void {
    this.holders_.delete(holder);
  }

  restart(): void {
    if (!this.shutDown || this.holders_.size > 0) return;
    this.shutDown = false;
    this.deliver_({op: 'restart'});
    this.notify_();
  }

  notify_(): void {
    notifyAll(this.listeners_, this);
  }

  /** Hand one call to FullStory now, in the API generation the page's snippet speaks. */
  deliver_(call: AnyCall): boolean {
    let moves = call.op === 'restart';
    if (call.op === 'setIdentity') {
      const options = call.options as {uid?: string; anonymous?: boolean};
      const uid = options.anonymous === true ? null : (options.uid ?? this.lastUid_);
      // identify / anonymize docs: a different uid, or anonymizing an identified user, starts a new session.
      moves = this.lastUid_ !== null && uid !== this.lastUid_;
      this.lastUid_ = uid;
    }
    const fs = this.fs_;
    let delivered = true;
    if (this.apiVersion === 1) delivered = callV1(fs, call);
    else if (call.options === undefined) fs(call.op);
    else fs(call.op, call.options);
    if (moves && delivered) this.refreshSession_();
    return delivered;
  }

  /** FullStory's current session URL, asked again after something that can start a new session. */
  refreshSession_(): void {
    const query = ++this.sessionQuery_;
    const apply = (url: unknown) => {
      if (query !== this.sessionQuery_ || typeof url !== 'string' || url === this.sessionUrl) return;
      this.sessionUrl = url;
      if (this.capturing) this.notify_();
    };
    if (this.apiVersion === 1) {
      setTimeout(() => apply(this.readV1Session_()), 0);
      return;
    }
    try {
      // The Async variant resolves once capture runs and rejects when FullStory will not capture.
      Promise.resolve(this.fs_('getSessionAsync', {format: 'url'})).then(apply, () => {});
    } catch {
      // a FullStory that throws here keeps the URL it had
    }
  }

  readV1Session_(): string | undefined {
    try {
      const url = (this.fs_ as unknown as {getCurrentSessionURL?: () => unknown}).getCurrentSessionURL?.();
      return typeof url === 'string' ? url : undefined;
    } catch {
      return undefined;
    }
  }

  onStart_(sessionUrl: unknown): void {
    this.capturing = true;
    this.sessionUrl = typeof sessionUrl === 'string' ? sessionUrl : this.sessionUrl;
    this.shutdownReason_ = undefined;
    // Observers can fire while fs.js replays the queue, before `ready`: that then reports them.
    if (this.state !== 'ready') return;
    this.reason = undefined;
    this.notify_();
  }

  onShutdown_(reason: unknown): void {
    this.capturing = false;
    this.sessionUrl = undefined;
    this.shutdownReason_ = captureReason(reason);
    if (this.state !== 'ready') return;
    this.reason = this.shutdownReason_;
    this.notify_();
  }

  /** fs.js has installed `_api` and taken the snippet's queue: FullStory's API is live. */
  check_(): void {
    if (typeof this.fs_._api === 'function') this.becomeReady_();
  }

  becomeReady_(): void {
    if (this.state === 'ready') return;
    this.stopTimers_();
    this.state = 'ready';
    this.reason = this.capturing ? undefined : (this.shutdownReason_ ?? NOT_STARTED);
    // In order, and before anything sent after this point. FullStory keeps what comes before capture.
    for (const {call, done} of this.queue_.splice(0)) done(this.deliver_(call), 'unsupported-by-v1');
    if (this.apiVersion === 1) {
      const url = this.readV1Session_();
      if (url) return this.onStart_(url);
    }
    this.notify_();
  }

  stopTimers_(): void {
    clearTimeout(this.timer_);
    clearInterval(this.poll_);
    this.stopWatching_();
  }

  /**
   * Not loaded: `final` (error, CSP, Trusted Types) drops what waits; after a mere timeout a slow
   * fs.js may still arrive, so what waits is kept (bounded) and fs.js is looked for less often.
   */
  block_(reason: string, final: boolean, script?: HTMLScriptElement): void {
    if (this.state === 'ready' || this.failed_) return;
    clearTimeout(this.timer_);
    if (final) {
      this.failed_ = true;
      this.stopTimers_();
      // A script that failed to load is final: do what the snippet does, and drop what waited, counted.
      if (script) failQueue(this.fs_, `Error loading ${this.config_.scriptUrl}`);
      for (const {done} of this.queue_.splice(0)) done(false, 'blocked');
    } else {
      clearInterval(this.poll_);
      this.poll_ = setInterval(() => this.check_(), LATE_POLL);
    }
    this.state = 'blocked';
    this.reason = reason;
    this.notify_();
  }

  /** Follow FullStory's own signals: v2's `start` / `shutdown` observers, v1's page-wide `_fs_ready`. */
  observe_(win: Win): void {
    const fs = this.fs_;
    if (this.apiVersion === 2) {
      fs('observe', {type: 'start', callback: ({sessionUrl}: {sessionUrl?: string} = {}) => this.onStart_(sessionUrl)});
      fs('observe', {type: 'shutdown', callback: ({reason}: {reason?: number} = {}) => this.onShutdown_(reason)});
      return;
    }
    // v1 has no observers: its one signal is the page-wide `_fs_ready` callback, kept chained.
    const previous = win._fs_ready;
    const ready = () => {
      this.check_();
      this.onStart_(this.readV1Session_());
    };
    win._fs_ready = function (this: unknown, ...args: unknown[]) {
      ready();
      if (typeof previous === 'function') return previous.apply(this, args);
      return undefined;
    };
  }

  /** Our own script tag: its `error` and the page's CSP violations say it will not load. */
  watchScript_(script: HTMLScriptElement, doc: Document): void {
    const scriptUrl = this.config_.scriptUrl;
    // Ad blockers and network errors surface here; a late fs.js is found by `check_`.
    script.addEventListener('error', () =>
      this.block_(
        `script-error: fs.js could not be loaded from ${scriptUrl} (ad blocker, network, or wrong script URL)`,
        true,
        script,
      ),
    );
    script.addEventListener('load', () => this.check_());
    // Browsers fire CSP violations at the document, with the refused URL (or only its origin).
    const onViolation = (event: SecurityPolicyViolationEvent) => {
      const directive = event.effectiveDirective || event.violatedDirective || '';
      const blocked = (event.blockedURI || '').replace(/\/$/, '');
      const ours =
        event.target === script || (directive.startsWith('script-src') && blocked && scriptUrl.startsWith(blocked));
      if (ours)
        this.block_(`csp: fs.js was refused by the page's Content-Security-Policy (${directive})`, true, script);
    };
    doc.addEventListener('securitypolicyviolation', onViolation);
    this.stopWatching_ = () => doc.removeEventListener('securitypolicyviolation', onViolation);
    (doc.head ?? doc.documentElement).appendChild(script);
  }

  /** Start: define the stub and hand fs.js its environment (unless adopted), then wait for it. */
  start_(doc: Document, script: HTMLScriptElement | undefined, adopted: boolean): void {
    const config = this.config_;
    const win = globalThis as unknown as Win;
    if (!adopted) {
      win[config.namespace] = this.fs_;
      // Snippet 2.1 hands fs.js its environment as the first queued operation: the script scheme-less,
      // without query; `appHost` as @fullstory/browser passes it.
      const env: Record<string, string> = {orgId: config.org, host: config.host, script: config.scriptEnv};
      if (config.appHost) env.appHost = config.appHost;
      this.fs_('init', {env});
    }
    this.timer_ = setTimeout(
      () =>
        this.block_(
          `timeout: fs.js (${config.scriptUrl}) did not load within ${config.timeout} ms (slow network, or blocked)`,
          false,
        ),
      config.timeout,
    );
    this.observe_(win);
    this.check_();
    if (this.state !== 'ready') this.poll_ = setInterval(() => this.check_(), LIVE_POLL);
    if (script && this.state === 'loading') this.watchScript_(script, doc);
  }
}

/** Load FullStory for `config` (or take over `adoptedFs`, a snippet already on the page) and return its handle. */
export function startFullStory(
  config: FullStoryConfig,
  doc: Document,
  adoptedFs: FsFunction | undefined,
): FullStoryHandle {
  let script: HTMLScriptElement | undefined;
  let refused: string | undefined;
  if (!adoptedFs) {
    // Before anything touches the page: if Trusted Types refuse the URL, nothing is left behind.
    try {
      script = createScript(config, doc);
    } catch (error) {
      refused = `trusted-types: Trusted Types refused the fs.js URL; allow the '${POLICY_NAME}' policy in the page's trusted-types directive (${(error as Error)?.message ?? error})`;
    }
  }
  const handle = new PageFullStory(config, adoptedFs ?? (refused ? () => null : createQueueStub()));
  if (refused) handle.block_(refused, true);
  else handle.start_(doc, script, adoptedFs !== undefined);
  return handle;
}
