/**
 * `<rudder-fullstory>`: the conductor. It reads its attributes, asks the loader for the page's
 * FullStory, subscribes to the bus, and sends every message through mapping → hygiene → rate
 * limit → FullStory, reporting what happened as attributes, events and (with `debug`) console
 * lines. It holds no user data in the DOM: only `status`, `session-url` and `identified`.
 */
// Lit's ReactiveElement, not LitElement: the element renders nothing of its own (the debug panel builds
// its DOM itself), so lit-html's template engine would be ~2.8 KB gzip shipped for no use.
import {ReactiveElement, css} from '@lit/reactive-element';
import {getBus, type BusMeta, type RudderMessage} from './bus.js';
import {mapMessage, type AnonymousMode, type FsCall, type MappingOptions, type PageDefaults} from './mapping.js';
import {identityKey, sanitizeCall} from './hygiene.js';
import {
  acquireFullStory,
  findFullStory,
  findPageNamespace,
  findPageNonce,
  resolveConfig,
  type ConfigResult,
  type FullStoryConfig,
  type FullStoryHandle,
} from './loader.js';
// Types only: the panel's code is loaded on demand, by elements that have `debug`.
import type {DebugPanel, PanelEntry, PanelState} from './debug-panel.js';
import {acceptsMessage, startBridge} from './bridge.js';
import {eventFilter, eventList, integrationsAllow} from './filters.js';
// Issue 14: replay links in RudderStack events, consent from RudderStack.
import {linkEvents} from './rudderstack/link-events.js';
import {consentGranted, followConsent} from './rudderstack/consent.js';

export type Status = 'idle' | 'loading' | 'ready' | 'blocked' | 'error' | 'disabled';

export interface StatusEventDetail {
  status: Status;
  /** Why the element is in this status, or why FullStory is not capturing: `code: sentence`. */
  reason?: string;
  /** FullStory is capturing this session (its `start` observer fired, no `shutdown` since). */
  capturing: boolean;
  sessionUrl?: string;
}

export interface DropEventDetail {
  /** The RudderStack call type the drop belongs to (`track`, `identify`, …). */
  call: string;
  /** Stable, machine-readable reason: `rate-limited`, `invalid-event-name`, `repaired`, … */
  reason: string;
  /** For `repaired`: what was changed, one line each. */
  repairs?: string[];
}

export interface Stats {
  forwarded: number;
  dropped: number;
  repaired: number;
  queued: number;
}

export const STATUS_EVENT = 'rudder-fullstory-status';
export const DROP_EVENT = 'rudder-fullstory-drop';

const ANONYMOUS_MODES: readonly AnonymousMode[] = ['uid', 'property', 'ignore'];
/** Calls the debug panel lists. */
const RECENT_LIMIT = 8;
/**
 * What decides which FullStory is loaded; it cannot change once FullStory has loaded. The script
 * counts only as given: `debug` alone switching the default to fs-debug.js changes nothing loaded.
 */
const loadIdentity = (config: FullStoryConfig, script?: string) =>
  [config.org, config.host, config.namespace, script?.trim() ?? '', config.destinationId ?? ''].join(' ');

/**
 * Loads FullStory and forwards the page's RudderStack `identify`, `track`, `page` and `reset`
 * calls to it.
 *
 * @tag rudder-fullstory
 * @summary RudderStack → FullStory, as one tag.
 *
 * The page author's attributes are documented on their properties below.
 * @attr {string} nonce - CSP nonce for the injected script. Default: the page's own (`<meta name="csp-nonce">`, else any nonced script).
 * @attr {'idle'|'loading'|'ready'|'blocked'|'error'|'disabled'} status - Set by the element: the element's status (see the `status` property).
 * @attr {string} session-url - Set by the element: the current session's replay URL while FullStory captures.
 * @attr {boolean} capturing - Set by the element: present while FullStory is capturing (its `start` observer fired and no `shutdown` since).
 * @attr {boolean} identified - Set by the element: present while a FullStory uid is set.
 *
 * @fires {CustomEvent<StatusEventDetail>} rudder-fullstory-status - On every change of status, capture or session URL. Detail: `{status, reason?, capturing, sessionUrl?}`.
 * @fires {CustomEvent<DropEventDetail>} rudder-fullstory-drop - For each call not sent, or changed before sending. Detail: `{call, reason, repairs?}`.
 *
 * @csspart debug-panel - The debug panel, present only with `debug`.
 */
export class RudderFullStoryElement extends ReactiveElement {
  static override properties = {
    org: {type: String},
    debug: {type: Boolean},
    host: {type: String},
    appHost: {type: String, attribute: 'app-host'},
    script: {type: String},
    namespace: {type: String},
    timeout: {type: Number},
    disabled: {type: Boolean},
    preConsent: {type: String, attribute: 'pre-consent'},
    destinationId: {type: String, attribute: 'destination-id'},
    camelcase: {type: Boolean},
    anonymous: {type: String},
    pageProperties: {type: Boolean, attribute: 'page-properties'},
    allowEvents: {type: String, attribute: 'allow-events'},
    denyEvents: {type: String, attribute: 'deny-events'},
    linkEvents: {type: Boolean, attribute: 'link-events'},
    consentIds: {type: String, attribute: 'consent-ids'},
  };

  static override styles = css`
    :host {
      display: none;
    }
  `;

  /**
   * FullStory org id (`o-XXXX-na1`, older plain ids too). Required: missing or malformed gives status `error` and loads
   * nothing.
   */
  org?: string;
  /** FullStory's debug script, the debug panel, and a console line for each forwarded, changed or dropped call. */
  debug = false;
  /**
   * FullStory recording host; a first-party proxy host is allowed. `-eu1` orgs default to `eu1.fullstory.com`.
   * @default 'fullstory.com'
   */
  host?: string;
  /**
   * FullStory's app host, for session URLs, when `host` is a first-party proxy (FullStory's `appHost`). Default: from
   * `host` (`app.<host>`); EU orgs get the EU app host.
   */
  appHost?: string;
  /**
   * Where fs.js comes from: FullStory's scheme-less form (https implied), an `https:` URL, a path on the page's own
   * origin, or `http:` on a loopback host. Nothing else.
   * @default 'edge.fullstory.com/s/fs.js'
   */
  script?: string;
  /**
   * The global name of the FullStory API.
   * @default 'FS'
   */
  namespace?: string;
  // `nonce` is deliberately not a reactive property: browsers blank the nonce *attribute* of
  // connected elements under a CSP, while the native `nonce` IDL property keeps the value.
  /**
   * Milliseconds without fs.js loading before status becomes `blocked` (a late fs.js still turns it `ready` and gets
   * what waited).
   * @default 10000
   */
  timeout?: number;
  /**
   * Consent gate: while present nothing loads and nothing is forwarded; removing it loads or restarts FullStory; adding
   * it after start shuts FullStory down.
   */
  disabled = false;
  /**
   * What happens, when consent is given, to the calls made while `disabled`: `discard` drops them (each announced
   * with reason `no-consent`); `deliver` forwards, in order, those the bus still holds.
   * @type {'discard' | 'deliver' | undefined}
   * @default 'discard'
   */
  preConsent?: 'discard' | 'deliver';
  /**
   * RudderStack custom-integration mode: the id of a "Custom Device Mode" destination, so RudderStack's consent
   * management and event filtering apply.
   */
  destinationId?: string;
  /** Camel-case top-level property keys, as RudderStack's hosted device-mode destination does. */
  camelcase = false;
  /**
   * When a call has no userId: `uid` sends the anonymousId as the FullStory uid; `property` keeps the user anonymous
   * and sets it as a user property instead; `ignore` sends nothing.
   * @type {'uid' | 'property' | 'ignore' | undefined}
   * @default 'uid'
   */
  anonymous?: AnonymousMode;
  /** Also set the FullStory page property `pageName` on each page call. */
  pageProperties = false;
  /**
   * Client-side event filtering: comma-separated event names; only these `track` calls (a `page` call counts as
   * `Viewed a Page`) reach FullStory. Names compare trimmed, case-sensitively, as in RudderStack; present but
   * empty lets no track or page through. Identify and reset are never filtered. Each filtered call is announced as a
   * drop with reason `allow-events`.
   */
  allowEvents?: string;
  /**
   * Client-side event filtering: comma-separated event names kept from FullStory (a `page` call counts as
   * `Viewed a Page`), compared as for `allow-events`, which is applied first when both are set. Each filtered call is
   * announced as a drop with reason `deny-events`.
   */
  denyEvents?: string;
  /**
   * Replay links in RudderStack events: while FullStory captures, every later RudderStack event of the page carries
   * `context.fullstory = {sessionUrl, nowUrl}` (`nowUrl`: this moment of the replay, taken when the call is made).
   * Through RudderStack's custom context (v3.32+) or per-call options; the site's own `context.fullstory` is kept.
   * Calls made before capture started carry nothing.
   */
  linkEvents = false;
  /**
   * Consent from RudderStack: comma-separated consent category ids (e.g. OneTrust `C0002`). FullStory loads and calls
   * are forwarded only while RudderStack's consent state (`consentManagement` load option, `consent()` calls, the
   * provider) allows every one of them; otherwise as `disabled`, which wins when present. Needs the v3 SDK.
   */
  consentIds?: string;

  #status: Status = 'idle';
  #reason?: string;
  #sessionUrl?: string;
  #capturing = false;
  #handle?: FullStoryHandle;
  #config?: FullStoryConfig;
  /** `loadIdentity` of the FullStory this element is bound to. */
  #loaded?: string;
  #unsubscribeBus?: () => void;
  #unsubscribeHandle?: () => void;
  #stats: Stats = {forwarded: 0, dropped: 0, repaired: 0, queued: 0};
  /** The consent gate was closed and has not been opened since. */
  #gated = false;
  /** Bus messages up to this number were published while consent was withheld. */
  #gateFloor = 0;
  #panel?: DebugPanel;
  #panelLoading = false;
  /** With `debug`: the last calls as the panel lists them (types, operations and reasons; no data). */
  #recent: PanelEntry[] = [];
  #integration?: {destinationId: string; unsubscribe: () => void};
  /** Issue 14 hooks: stop linking events / following RudderStack's consent. */
  #unlink?: () => void;
  #unconsent?: () => void;

  /** Current status: `idle`, `loading`, `ready`, `blocked`, `error` or `disabled` (also the `status` attribute). */
  get status(): Status {
    return this.#status;
  }

  /** The current session's replay URL while FullStory captures; kept current after restart, anonymize, uid changes. */
  get sessionUrl(): string | undefined {
    return this.#sessionUrl;
  }

  /** Why the element is in its status, or why FullStory is not capturing: a stable code, `:`, a sentence. */
  get reason(): string | undefined {
    return this.#reason;
  }

  /** True while FullStory is capturing: its `start` observer fired and no `shutdown` since (also `capturing`). */
  get capturing(): boolean {
    return this.#capturing;
  }

  /**
   * Counts since this element was created: `{forwarded, dropped, repaired, queued}`. A copy: changing it changes
   * nothing.
   */
  get stats(): Stats {
    return {...this.#stats};
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Lit updates on property changes only; a re-connected element must re-subscribe too.
    this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#detach();
    this.#integration?.unsubscribe();
    this.#integration = undefined;
    this.#followRudderStack();
  }

  protected override updated(): void {
    this.#followRudderStack();
    this.#reconcile();
    this.#syncPanel();
  }

  /** The debug panel exists only with `debug`; without it, its code is never even fetched. */
  #syncPanel(): void {
    if (!this.debug) {
      this.#panel?.remove();
      this.#panel = undefined;
      this.#recent = [];
      return;
    }
    if (this.#panel) return this.#panel.invalidate();
    if (this.#panelLoading || !this.isConnected || !this.shadowRoot) return;
    this.#panelLoading = true;
    import('./debug-panel.js').then(
      ({createDebugPanel}) => {
        this.#panelLoading = false;
        if (this.debug && !this.#panel && this.shadowRoot) {
          this.#panel = createDebugPanel(this.shadowRoot, () => this.#panelState());
        }
      },
      error => {
        this.#panelLoading = false;
        // A CSP that allows this file but not its sibling chunk: debug output still goes to the console.
        console.warn('[rudder-fullstory] the debug panel could not be loaded:', error);
      },
    );
  }

  #panelState(): PanelState {
    return {
      status: this.#status,
      reason: this.#reason,
      org: this.#config?.org ?? this.org,
      sessionUrl: this.#sessionUrl,
      stats: this.stats,
      recent: this.#recent,
    };
  }

  #note(entry: PanelEntry): void {
    if (!this.debug) return;
    this.#recent.push(entry);
    if (this.#recent.length > RECENT_LIMIT) this.#recent.shift();
    this.#panel?.invalidate();
  }

  /** Bring the element's wiring in line with its attributes. Safe to call any number of times. */
  #reconcile(): void {
    if (!this.isConnected) return this.#detach();
    // Registered even while disabled: RudderStack takes integrations only before it finishes loading.
    const integrationProblem = this.#followIntegration();
    const doc = this.ownerDocument;
    const resolved = resolveConfig({
      org: this.org,
      host: this.host,
      script: this.script,
      namespace: this.namespace,
      pageNamespace: this.namespace ? undefined : findPageNamespace(doc),
      debug: this.debug,
      timeout: this.timeout,
      nonce: this.nonce || findPageNonce(doc),
      destinationId: this.destinationId,
      appHost: this.appHost,
      base: doc.baseURI,
    });
    if (this.disabled || !this.#consented()) return this.#closeGate(resolved);
    if (integrationProblem) {
      // Forwarding unfiltered calls instead would bypass the consent and filtering this mode exists for.
      this.#detach();
      return this.#setStatus('error', `integration: ${integrationProblem}`);
    }

    if (this.#handle && this.#loaded) {
      // FullStory cannot be unloaded from a page, and half-applying a new org would split its data:
      // the change is refused, visibly, and forwarding stops until the attributes match again.
      const reason = !resolved.ok
        ? `config: ${resolved.reason}`
        : loadIdentity(resolved.config, this.script) !== this.#loaded
          ? `config: org, host, script, namespace and destination-id cannot change once FullStory has loaded (it records org ${this.#handle.org}); reload the page to apply the change`
          : undefined;
      if (reason) {
        this.#detach();
        return this.#setStatus('error', reason);
      }
      return this.#attach();
    }

    if (!resolved.ok) {
      this.#detach();
      return this.#setStatus('error', `config: ${resolved.reason}`);
    }
    const acquired = acquireFullStory(resolved.config, doc);
    if (!acquired.ok) {
      this.#detach();
      return this.#setStatus('error', `conflict: ${acquired.reason}`);
    }
    this.#bind(acquired.handle, resolved.config);
    this.#warnAppHost(resolved.config);
    this.#attach();
  }

  /**
   * Start the page's bridge (a no-op when the package entry already did) and, in custom-integration
   * mode, register the integration. Returns why that mode cannot work, if it cannot.
   */
  #followIntegration(): string | undefined {
    const bridge = startBridge();
    const destinationId = this.destinationId?.trim() || undefined;
    if (this.#integration?.destinationId !== destinationId) {
      this.#integration?.unsubscribe();
      this.#integration = undefined;
      if (bridge && destinationId) {
        const unsubscribe = bridge.registerIntegration(destinationId, () => this.requestUpdate());
        this.#integration = {destinationId, unsubscribe};
      }
    }
    const status = destinationId ? bridge?.integrationStatus(destinationId) : undefined;
    return status?.state === 'failed' ? status.reason : undefined;
  }

  /** FullStory builds session URLs on `app.<host>`: behind a proxy that is a dead link without `app-host`. */
  #warnAppHost(config: FullStoryConfig): void {
    if (!this.debug || config.appHost || /(^|\.)fullstory\.com$/.test(config.host.replace(/:\d+$/, ''))) return;
    console.warn(
      `[rudder-fullstory] host ${config.host} is not FullStory's: set app-host (e.g. app.fullstory.com) or session URLs point at app.${config.host}`,
    );
  }

  #bind(handle: FullStoryHandle, config: FullStoryConfig): void {
    this.#handle = handle;
    this.#config = config;
    this.#loaded = loadIdentity(config, this.script);
  }

  /**
   * `disabled`: nothing is requested or forwarded. Consent is page-wide once FullStory runs, so a
   * FullStory this page already has for this org is shut down, whichever element started it.
   */
  #closeGate(resolved: ConfigResult): void {
    this.#detach();
    if (!this.#handle && resolved.ok) {
      const running = findFullStory(resolved.config.namespace);
      if (running?.org === resolved.config.org) this.#bind(running, resolved.config);
    }
    this.#handle?.shutdown(this);
    this.#gated = true;
    this.#setStatus(
      'disabled',
      this.disabled
        ? 'consent: disabled is set on <rudder-fullstory>; nothing is loaded or forwarded'
        : `consent: consent-ids ${this.consentIds} not granted in RudderStack`,
    );
  }

  // --- Issue 14 hooks (link-events, consent-ids): the logic lives in src/rudderstack/.

  #followRudderStack(): void {
    const on = this.isConnected;
    if (on && this.linkEvents) this.#unlink ??= linkEvents(() => this.#handle);
    else this.#unlink = void this.#unlink?.();
    // A change of RudderStack's consent gates at once, in the same task: before the page's next call.
    if (on && this.consentIds != null) this.#unconsent ??= followConsent(() => this.#reconcile());
    else this.#unconsent = void this.#unconsent?.();
  }

  #consented(): boolean {
    return this.consentIds == null || consentGranted(this.consentIds);
  }

  #attach(): void {
    const handle = this.#handle!;
    // Consent given now (this gate opens, or FullStory was shut down by a gate): what was published
    // until now was published without it. Subscribe afresh so the bus replays it for a decision.
    const opening = this.#gated || handle.shutDown;
    this.#gated = false;
    handle.release(this);
    handle.restart();
    if (opening && !handle.shutDown) {
      this.#gateFloor = getBus().lastSeq;
      this.#unsubscribeBus?.();
      this.#unsubscribeBus = undefined;
    }
    if (!this.#unsubscribeHandle) {
      this.#unsubscribeHandle = handle.onChange(() => this.#followHandle());
    }
    this.#followHandle();
    if (!this.#unsubscribeBus) {
      // Replay: what the page sent before this element existed is forwarded too (exactly once,
      // thanks to the page-wide cursor on the handle).
      this.#unsubscribeBus = getBus().subscribe(this.#onMessage);
    }
  }

  #detach(): void {
    this.#unsubscribeBus?.();
    this.#unsubscribeBus = undefined;
    this.#unsubscribeHandle?.();
    this.#unsubscribeHandle = undefined;
    this.#handle?.release(this);
  }

  #followHandle(): void {
    const handle = this.#handle!;
    const status: Status = handle.shutDown ? 'disabled' : handle.state;
    const capturing = status === 'ready' && handle.capturing;
    const reason = handle.shutDown
      ? 'consent: FullStory is shut down by a disabled <rudder-fullstory> on this page'
      : handle.reason;
    this.#setStatus(status, reason, capturing, capturing ? handle.sessionUrl : undefined);
  }

  /** Reflect status, capture and session URL; announce any change of them. */
  #setStatus(status: Status, reason?: string, capturing = false, sessionUrl?: string): void {
    if (
      status === this.#status &&
      reason === this.#reason &&
      capturing === this.#capturing &&
      sessionUrl === this.#sessionUrl
    )
      return;
    this.#status = status;
    this.#reason = reason;
    this.#capturing = capturing;
    this.#sessionUrl = sessionUrl;
    this.setAttribute('status', status);
    this.toggleAttribute('capturing', capturing);
    if (sessionUrl) this.setAttribute('session-url', sessionUrl);
    else this.removeAttribute('session-url');
    if (this.debug || status === 'error') {
      (status === 'error' || status === 'blocked' ? console.warn : console.info)(
        `[rudder-fullstory] status ${status}${reason ? `: ${reason}` : ''}`,
      );
    }
    const detail: StatusEventDetail = {status, capturing};
    if (reason) detail.reason = reason;
    if (this.#sessionUrl) detail.sessionUrl = this.#sessionUrl;
    this.dispatchEvent(new CustomEvent(STATUS_EVENT, {detail, bubbles: true, composed: true}));
    this.#panel?.invalidate();
  }

  #onMessage = (message: RudderMessage, meta?: BusMeta): void => {
    // A bus an earlier copy of this library created (contract version 1) passes `{seq, message}` alone.
    if (!meta) return this.#onMessage(message.message as RudderMessage, message as unknown as BusMeta);
    const seq = meta.seq;
    const handle = this.#handle;
    // Observer mode and custom-integration mode each take their own copy of a call, never both.
    if (!handle || !acceptsMessage(message, handle.destinationId)) return;
    // Exactly once per page: whichever element (or bundle) sees a message first forwards it. While
    // a consent gate keeps FullStory shut down, messages stay on the bus for the gate to decide.
    if (handle.shutDown || seq <= handle.forwardedSeq) return;
    handle.forwardedSeq = seq;
    let type = 'unknown';
    try {
      try {
        if (typeof message?.type === 'string') type = message.type;
      } catch {
        return this.#drop(type, 'invalid-message'); // even `type` throws when read: a hostile Proxy or getter
      }
      if (seq <= this.#gateFloor && this.preConsent !== 'deliver') return this.#drop(type, 'no-consent');
      // The site's own filters. Custom-integration mode gets only what RudderStack's already let through.
      if (!handle.destinationId && !integrationsAllow(message.integrations)) return this.#drop(type, 'integrations');
      const filtered = eventFilter(type, message.event, eventList(this.allowEvents), eventList(this.denyEvents));
      if (filtered) return this.#drop(type, filtered);
      this.#forward(message, type, handle);
    } catch (error) {
      // Nothing a message contains may break the page or stop the next message.
      this.#drop(type, 'internal-error');
      if (this.debug) console.error('[rudder-fullstory]', error);
    }
  };

  #mappingOptions(): MappingOptions {
    const anonymous = ANONYMOUS_MODES.includes(this.anonymous as AnonymousMode) ? this.anonymous! : 'uid';
    return {anonymous, camelcase: this.camelcase, pageProperties: this.pageProperties};
  }

  #forward(message: RudderMessage, type: string, handle: FullStoryHandle): void {
    const defaults = type === 'page' ? pageDefaults(this.ownerDocument) : undefined;
    let mapped: ReturnType<typeof mapMessage>;
    try {
      mapped = mapMessage(message, this.#mappingOptions(), defaults);
    } catch {
      // Mapping reads the message's fields and top-level properties; if that throws, the message is
      // unreadable (a getter or Proxy trap). Deeper values are hygiene's, one by one.
      return this.#drop(type, 'invalid-message');
    }
    if (mapped.dropped) this.#drop(type, mapped.dropped);
    for (const call of mapped.calls) {
      const clean = sanitizeCall(call);
      if (!clean.call) {
        this.#drop(type, clean.reason ?? 'invalid-call', clean.repairs);
        continue;
      }
      // Compared after hygiene, so traits that cannot be compared raw (cycles, bigints) still match.
      const identity = identityKey(clean.call);
      if (identity !== null && identity === handle.identity) {
        this.#drop(type, 'repeat-identity');
        continue;
      }
      if (!handle.limiter.allow(clean.call, performance.now())) {
        this.#drop(type, 'rate-limited');
        continue;
      }
      if (clean.repairs.length > 0) {
        this.#stats.repaired++;
        this.#announceDrop({call: type, reason: 'repaired', repairs: clean.repairs});
      }
      if (clean.call.op === 'setIdentity' || identity !== null) handle.identity = identity;
      this.#send(type, clean.call, handle);
    }
  }

  #send(type: string, call: FsCall, handle: FullStoryHandle): void {
    let state: 'sending' | 'waiting' | 'done' = 'sending';
    handle.send(call, (delivered, reason) => {
      if (state === 'waiting') this.#stats.queued--;
      state = 'done';
      if (!delivered) return this.#drop(type, reason ?? 'blocked');
      this.#stats.forwarded++;
      if (call.op === 'setIdentity') this.#setIdentified('uid' in call.options);
      if (this.debug) console.info(`[rudder-fullstory] ${type} → FS('${call.op}')`, call.options);
      this.#note({call: type, op: call.op});
    });
    // No answer yet: the call waits for FullStory to start.
    if (state === 'sending') {
      state = 'waiting';
      this.#stats.queued++;
      this.#panel?.invalidate();
    }
  }

  #setIdentified(identified: boolean): void {
    this.toggleAttribute('identified', identified);
  }

  #drop(call: string, reason: string, repairs?: string[]): void {
    this.#stats.dropped++;
    this.#announceDrop(repairs?.length ? {call, reason, repairs} : {call, reason});
  }

  #announceDrop(detail: DropEventDetail): void {
    if (this.debug) console.warn(`[rudder-fullstory] ${detail.call}: ${detail.reason}`, detail.repairs ?? '');
    this.#note({...detail});
    this.dispatchEvent(new CustomEvent(DROP_EVENT, {detail, bubbles: true, composed: true}));
  }
}

/** The page fields RudderStack's SDK would have filled, for messages published without them. */
function pageDefaults(doc: Document): PageDefaults {
  const location = doc.defaultView?.location;
  return {
    path: location?.pathname,
    referrer: doc.referrer || '$direct',
    search: location?.search,
    title: doc.title,
    url: location?.href,
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'rudder-fullstory': RudderFullStoryElement;
  }
  // Bubbling and composed: they reach document and window too, so every target knows their type.
  interface GlobalEventHandlersEventMap {
    'rudder-fullstory-status': CustomEvent<StatusEventDetail>;
    'rudder-fullstory-drop': CustomEvent<DropEventDetail>;
  }
}
