/**
 * The element's status, derived in one place: from a problem of the element's own (configuration,
 * conflict, integration), its consent gate, and the page's FullStory handle.
 */
import type {FullStoryHandle} from './contracts.js';

export type Status = 'idle' | 'loading' | 'ready' | 'blocked' | 'error' | 'disabled';

export interface StatusEventDetail {
  status: Status;
  /** Why the element is in this status, or why FullStory is not capturing: `code: sentence`. */
  reason?: string;
  /** FullStory is capturing this session (its `start` observer fired, no `shutdown` since). */
  capturing: boolean;
  sessionUrl?: string;
}

export const GATED = 'consent: disabled is set; nothing loads or is forwarded';
export const NOT_CONSENTED = 'consent: RudderStack has not granted every consent-ids category';
export const SHUT_DOWN = 'consent: a disabled <rudder-fullstory> shut FullStory down';

/**
 * What the element shows, in order of precedence: its own problem, its gate (`gate`: which one is
 * closed, `disabled` winning over `consent-ids`), the page's FullStory.
 */
export function deriveStatus(
  problem: string | undefined,
  gate: false | undefined | 'disabled' | 'consent-ids',
  handle?: FullStoryHandle,
): StatusEventDetail {
  if (problem) return {status: 'error', reason: problem, capturing: false};
  if (gate) return {status: 'disabled', reason: gate === 'disabled' ? GATED : NOT_CONSENTED, capturing: false};
  if (!handle) return {status: 'idle', capturing: false};
  if (handle.shutDown) return {status: 'disabled', reason: SHUT_DOWN, capturing: false};
  const capturing = handle.state === 'ready' && handle.capturing;
  return {
    status: handle.state,
    reason: handle.reason,
    capturing,
    sessionUrl: capturing ? handle.sessionUrl : undefined,
  };
}
