/**
 * `<rudder-fullstory>`: attributes, lifecycle and status. It reads its attributes, binds the page's
 * FullStory (fullstory/), subscribes to the bus and hands each message to the forwarding pipeline
 * (forward/), reporting what happened as attributes, events and (with `debug`) console lines and
 * the panel (debug/). It holds no user data in the DOM: only `status`, `session-url` and `identified`.
 */
// Lit's ReactiveElement, not LitElement: the element renders nothing of its own (the debug panel builds
// its DOM itself), so lit-html's template engine would be ~2.8 KB gzip shipped for no use.
import {ReactiveElement, unsafeCSS} from '@lit/reactive-element';
import {getBus} from './bus.js';
import type {BusMeta, FsCall, FullStoryHandle, RudderMessage} from './contracts.js';
import {PanelHost} from './debug/panel-host.js';
import {Forwarder, type DropEventDetail, type ForwardReport, type Stats} from './forward/pipeline.js';
import type {AnonymousMode} from './forward/mapping.js';
import {bindFullStory, configOf} from './binding.js';
import {startBridge} from './rudderstack/bridge.js';
import {consentGranted, followConsent} from './rudderstack/consent.js';
import {linkEvents} from './rudderstack/link-events.js';
import {deriveStatus, type Status, type StatusEventDetail} from './status.js';

export type {Status, StatusEventDetail, DropEventDetail, Stats};

export const STATUS_EVENT = 'rudder-fullstory-status';
export const DROP_EVENT = 'rudder-fullstory-drop';

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
export class RudderFullStoryElement extends ReactiveElement implements ForwardReport {
  // String is Lit's default type: only the others are named.
  static override properties = {
    org: {},
    debug: {type: Boolean},
    host: {},
    appHost: {attribute: 'app-host'},
    script: {},
    namespace: {},
    timeout: {type: Number},
    disabled: {type: Boolean},
    preConsent: {attribute: 'pre-consent'},
    destinationId: {attribute: 'destination-id'},
    camelcase: {type: Boolean},
    anonymous: {},
    pageProperties: {type: Boolean, attribute: 'page-properties'},
    allowEvents: {attribute: 'allow-events'},
    denyEvents: {attribute: 'deny-events'},
    linkEvents: {type: Boolean, attribute: 'link-events'},
    consentIds: {attribute: 'consent-ids'},
  };

  // unsafeCSS of a constant: the `css` tag would add its checks of interpolated values, for none.
  static override styles = unsafeCSS(':host{display:none}');

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
  /** Stop linking events / following RudderStack's consent (link-events, consent-ids). */
  private unlink_?: () => void;
  private unconsent_?: () => void;

  /** The element's own problem (configuration, conflict, integration): status `error`. */
  private problem_?: string;
  /** The consent gate was closed and has not been opened since. */
  private gated_?: boolean;
  private shown_: StatusEventDetail = {status: 'idle', capturing: false};
  private unsubscribeBus_?: () => void;
  private unsubscribeHandle_?: () => void;
  // The element is the pipeline's report too: its announce_, delivered_ and changed_ below.
  private forwarder_ = new Forwarder(this);
  private panel_ = new PanelHost(this, () => ({
    ...this.shown_,
    org: this.handle_?.org ?? this.org,
    stats: this.stats,
  }));
  /** The custom integration followed: `[destination id, unsubscribe]`. */
  private integration_?: [destinationId: string, unsubscribe: () => void];
  /** @internal The page's FullStory this element feeds, bound by bindFullStory (binding.ts). */
  handle_?: FullStoryHandle;
  /** @internal What cannot change of it (binding.ts). */
  key_?: string;

  /** Current status: `idle`, `loading`, `ready`, `blocked`, `error` or `disabled` (also the `status` attribute). */
  get status(): Status {
    return this.shown_.status;
  }

  /** The current session's replay URL while FullStory captures; kept current after restart, anonymize, uid changes. */
  get sessionUrl(): string | undefined {
    return this.shown_.sessionUrl;
  }

  /** Why the element is in its status, or why FullStory is not capturing: a stable code, `:`, a sentence. */
  get reason(): string | undefined {
    return this.shown_.reason;
  }

  /** True while FullStory is capturing: its `start` observer fired and no `shutdown` since (also `capturing`). */
  get capturing(): boolean {
    return this.shown_.capturing;
  }

  /**
   * Counts since this element was created: `{forwarded, dropped, repaired, queued}`. A copy: changing it changes
   * nothing.
   */
  get stats(): Stats {
    return {...this.forwarder_.stats};
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Lit updates on property changes only; a re-connected element must re-subscribe too.
    this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.detach_();
    this.integration_ = void this.integration_?.[1]();
    this.followRudderStack_();
  }

  protected override updated(): void {
    this.followRudderStack_();
    this.reconcile_();
  }

  /** Bring the element's wiring in line with its attributes. Safe to call any number of times. */
  private reconcile_(): void {
    if (!this.isConnected) return this.detach_();
    // Registered even while disabled: RudderStack takes integrations only before it finishes loading.
    const integrationProblem = this.followIntegration_();
    const resolved = configOf(this);
    const closed = this.gate_();
    // A closed gate has no problem to show. Forwarding unfiltered calls despite an integration
    // problem would bypass the consent and filtering that mode exists for.
    this.problem_ = closed ? undefined : integrationProblem || bindFullStory(resolved, this);
    if (closed) this.closeGate_(resolved);
    else if (this.problem_) this.detach_();
    else this.attach_();
    this.showStatus_();
  }

  /**
   * Start the page's bridge (a no-op when the package entry already did) and, in custom-integration
   * mode, register the integration. Returns why that mode cannot work, if it cannot: the bridge's
   * reason, already `integration: sentence`.
   */
  private followIntegration_(): string | undefined {
    const bridge = startBridge();
    const destinationId = this.destinationId?.trim() || undefined;
    if (this.integration_?.[0] !== destinationId) {
      this.integration_ = void this.integration_?.[1]();
      if (bridge && destinationId) {
        this.integration_ = [destinationId, bridge.registerIntegration(destinationId, () => this.requestUpdate())];
      }
    }
    const status = destinationId && bridge?.integrationStatus(destinationId);
    return status && status.state === 'failed' ? status.reason : undefined;
  }

  /**
   * `disabled`: nothing is requested or forwarded. Consent is page-wide once FullStory runs, so a
   * FullStory this page already has for this org is shut down, whichever element started it.
   */
  private closeGate_(resolved: ReturnType<typeof configOf>): void {
    this.detach_();
    bindFullStory(resolved, this, true);
    this.handle_?.shutdown(this);
    this.gated_ = true;
  }

  /** Which consent gate is closed: `disabled` wins; else `consent-ids` while RudderStack has not granted them. */
  private gate_(): false | 'disabled' | 'consent-ids' {
    if (this.disabled) return 'disabled';
    return this.consentIds != null && !consentGranted(this.consentIds) && 'consent-ids';
  }

  /** link-events and consent-ids follow RudderStack while connected; their logic lives in rudderstack/. */
  private followRudderStack_(): void {
    const on = this.isConnected;
    if (on && this.linkEvents) this.unlink_ ??= linkEvents(() => this.handle_);
    else this.unlink_ = void this.unlink_?.();
    // A change of RudderStack's consent gates at once, in the same task: before the page's next call.
    if (on && this.consentIds != null) this.unconsent_ ??= followConsent(() => this.reconcile_());
    else this.unconsent_ = void this.unconsent_?.();
  }

  private attach_(): void {
    const handle = this.handle_!;
    // Consent given now (this gate opens, or FullStory was shut down by a gate): what was published
    // until now was published without it. Subscribe afresh so the bus replays it for a decision.
    const opening = this.gated_ || handle.shutDown;
    this.gated_ = false;
    handle.release(this);
    handle.restart();
    if (opening && !handle.shutDown) {
      this.forwarder_.gateFloor_ = getBus().lastSeq;
      this.unsubscribeBus_ = void this.unsubscribeBus_?.();
    }
    this.unsubscribeHandle_ ??= handle.onChange(() => this.showStatus_());
    // Replay: what the page sent before this element existed is forwarded too (exactly once,
    // thanks to the page-wide cursor on the handle).
    this.unsubscribeBus_ ??= getBus().subscribe(this.onMessage_);
  }

  private detach_(): void {
    this.unsubscribeBus_ = void this.unsubscribeBus_?.();
    this.unsubscribeHandle_ = void this.unsubscribeHandle_?.();
    this.handle_?.release(this);
  }

  /** Reflect status, capture and session URL (derived in status.ts); announce any change of them. */
  private showStatus_(): void {
    const next = deriveStatus(this.problem_, this.gated_ && this.gate_(), this.handle_);
    // Strings and booleans in one key order (deriveStatus's): equal as JSON, equal in every field.
    if (JSON.stringify(next) === JSON.stringify(this.shown_)) return;
    const {status, reason, capturing, sessionUrl} = next;
    this.shown_ = next;
    this.setAttribute('status', status);
    this.toggleAttribute('capturing', capturing);
    if (sessionUrl) this.setAttribute('session-url', sessionUrl);
    else this.removeAttribute('session-url');
    // Without debug too, a load or configuration failure is said once, when it happens.
    const failed = status === 'error' || status === 'blocked';
    if (this.debug || failed) {
      (failed ? console.warn : console.info)(`[rudder-fullstory] status ${status}${reason ? `: ${reason}` : ''}`);
    }
    const detail: StatusEventDetail = {status, capturing};
    if (reason) detail.reason = reason;
    if (sessionUrl) detail.sessionUrl = sessionUrl;
    this.dispatchEvent(new CustomEvent(STATUS_EVENT, {detail, bubbles: true, composed: true}));
    this.panel_.invalidate_();
  }

  // A bus an earlier copy of this library created (contract version 1) passes `{seq, message}` alone.
  private onMessage_ = (message: RudderMessage, meta?: BusMeta): void =>
    meta
      ? this.forwarder_.accept_(this.handle_, message, meta, this.debug)
      : this.onMessage_(message.message as RudderMessage, message as unknown as BusMeta);

  /** @internal The pipeline's report: a call reached FullStory. */
  delivered_(type: string, call: FsCall): void {
    if (call.op === 'setIdentity') this.toggleAttribute('identified', 'uid' in call.options);
    if (this.debug) console.info(`[rudder-fullstory] ${type} → FS('${call.op}')`, call.options);
    this.panel_.note_({call: type, op: call.op});
  }

  /**
   * @internal The pipeline's report: a call dropped, or delivered repaired: the drop event, the
   * panel and (with `debug`) the console.
   */
  announce_(detail: DropEventDetail): void {
    if (this.debug) console.warn(`[rudder-fullstory] ${detail.call}: ${detail.reason}`, detail.repairs ?? '');
    this.panel_.note_({...detail});
    this.dispatchEvent(new CustomEvent(DROP_EVENT, {detail, bubbles: true, composed: true}));
  }

  /** @internal The pipeline's report: its counts changed without an announcement. */
  changed_(): void {
    this.panel_.invalidate_();
  }
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
