/**
 * The forwarding pipeline: one bus message → consent floor → the site's filters → mapping →
 * hygiene → repeat-user check → rate limit → the page's FullStory, with every call counted and
 * every drop or repair announced. Pure of the DOM: the element supplies its settings and hears back.
 */
import type {BusMeta, FsCall, FullStoryHandle, RudderMessage} from '../contracts.js';
import {attributeList} from '../page.js';
import {acceptsMessage} from '../rudderstack/sdk.js';
import {eventFilter, integrationsAllow} from './filters.js';
import {sanitizeCall} from './hygiene.js';
import {limiterFor} from './limits.js';
import {mapCalls, type Mapped, type PageDefaults} from './mapping.js';

export interface Stats {
  forwarded: number;
  dropped: number;
  repaired: number;
  queued: number;
}

export interface DropEventDetail {
  /** The RudderStack call type the drop belongs to (`track`, `identify`, …). */
  call: string;
  /** Stable, machine-readable reason: `rate-limited`, `invalid-event-name`, `repaired`, … */
  reason: string;
  /** For `repaired`: what was changed, one line each. */
  repairs?: string[];
}

/** What the pipeline reads from the element on each message (the element itself fits). */
export interface ForwardSettings {
  readonly ownerDocument: Document;
  readonly allowEvents?: string;
  readonly denyEvents?: string;
  readonly preConsent?: string;
  readonly anonymous?: string;
  readonly camelcase: boolean;
  readonly pageProperties: boolean;
}

/** What the pipeline tells the element. */
export interface ForwardReport {
  /** A call dropped (counted in `stats.dropped`) or delivered changed (`repaired`): announce it. */
  announce_(detail: DropEventDetail): void;
  /** A call reached FullStory. */
  delivered_(type: string, call: FsCall): void;
  /** The counts changed without an announcement (a call now waits for FullStory). */
  changed_(): void;
}

/**
 * Who "the same user again" is: the sanitized identify or user-properties call as JSON (safe to
 * serialise: hygiene only emits plain data). Null for other calls and for `{anonymous}`.
 */
export const userFingerprint = (call: FsCall): string | null =>
  // Only setProperties has a `type` among the other calls' options.
  (call.op === 'setIdentity' ? 'uid' in call.options : (call.options as {type?: string}).type === 'user')
    ? JSON.stringify(call)
    : null;

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

export class Forwarder {
  readonly stats: Stats = {forwarded: 0, dropped: 0, repaired: 0, queued: 0};
  /** Bus messages up to this number were published while consent was withheld. */
  gateFloor_ = 0;

  /** `host_`: what the pipeline reads and whom it tells (the element is both). */
  constructor(private readonly host_: ForwardSettings & ForwardReport) {}

  /** One bus message, for the page's FullStory `handle`. Never throws. */
  accept_(handle: FullStoryHandle | undefined, message: RudderMessage, meta: BusMeta, debug: boolean): void {
    // Observer mode and custom-integration mode each take their own copy of a call, never both.
    if (!handle || !acceptsMessage(message, handle.destinationId)) return;
    // Exactly once per page: whichever element (or bundle) sees a message first forwards it. While
    // a consent gate keeps FullStory shut down, messages stay on the bus for the gate to decide.
    if (handle.shutDown || meta.seq <= handle.forwardedSeq) return;
    handle.forwardedSeq = meta.seq;
    let type = 'unknown';
    try {
      try {
        if (typeof message?.type === 'string') type = message.type;
      } catch {
        return this.drop_(type, 'invalid-message'); // even `type` throws when read: a hostile Proxy or getter
      }
      const settings = this.host_;
      if (meta.seq <= this.gateFloor_ && settings.preConsent !== 'deliver') return this.drop_(type, 'no-consent');
      // The site's own filters. Custom-integration mode gets only what RudderStack's already let through.
      if (!handle.destinationId && !integrationsAllow(message.integrations)) return this.drop_(type, 'integrations');
      const filtered = eventFilter(
        type,
        message.event,
        attributeList(settings.allowEvents),
        attributeList(settings.denyEvents),
      );
      if (filtered) return this.drop_(type, filtered);
      const defaults = type === 'page' ? pageDefaults(settings.ownerDocument) : undefined;
      let mapped: Mapped;
      try {
        // The settings are the mapping options: `anonymous`, `camelcase`, `page-properties` as they are now.
        mapped = mapCalls(message, settings, defaults);
      } catch {
        // Mapping reads the message's fields and top-level properties; if that throws, the message is
        // unreadable (a getter or Proxy trap). Deeper values are hygiene's, one by one.
        return this.drop_(type, 'invalid-message');
      }
      if (typeof mapped === 'string') return this.drop_(type, mapped);
      for (const call of mapped) this.clean_(type, call, handle);
    } catch (error) {
      // Nothing a message contains may break the page or stop the next message.
      this.drop_(type, 'internal-error');
      if (debug) console.error('[rudder-fullstory]', error);
    }
  }

  /** Hygiene, the repeat-user check and the rate limit, then the call goes to FullStory. */
  clean_(type: string, call: FsCall, handle: FullStoryHandle): void {
    const {call: sent, reason, repairs} = sanitizeCall(call);
    if (!sent) return this.drop_(type, reason, repairs);
    // Compared after hygiene, so traits that cannot be compared raw (cycles, bigints) still match.
    const user = userFingerprint(sent);
    if (user !== null && user === handle.identity) return this.drop_(type, 'repeat-identity');
    if (!limiterFor(handle).allow(sent, performance.now())) return this.drop_(type, 'rate-limited');
    const stats = this.stats;
    if (repairs.length > 0) {
      stats.repaired++;
      this.host_.announce_({call: type, reason: 'repaired', repairs});
    }
    if (sent.op === 'setIdentity' || user !== null) handle.identity = user;
    let waiting: boolean | undefined;
    handle.send(sent, (delivered, why) => {
      if (waiting) stats.queued--;
      waiting = false;
      if (!delivered) return this.drop_(type, why ?? 'blocked');
      stats.forwarded++;
      this.host_.delivered_(type, sent);
    });
    // No answer yet: the call waits for FullStory to start.
    if (waiting === undefined) {
      waiting = true;
      stats.queued++;
      this.host_.changed_();
    }
  }

  /** Not sent: counted in `dropped` and announced. */
  drop_(call: string, reason: string, repairs?: string[]): void {
    this.stats.dropped++;
    this.host_.announce_({call, reason, ...(repairs?.length && {repairs})});
  }
}
