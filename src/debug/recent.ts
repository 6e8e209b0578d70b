/**
 * The debug panel's list of recent calls, kept by the element even before the panel's code has
 * loaded (it is imported on demand): what an entry holds, and how many are kept.
 */

/** One call as the panel lists it. Carries no user data by construction. */
export interface PanelEntry {
  /** The RudderStack call type (`track`, `identify`, …). */
  call: string;
  /** The FullStory operation, for a call that was delivered. */
  op?: string;
  /** Why the call was dropped, or `repaired`. */
  reason?: string;
  /** For `repaired`: what was changed, one line each. */
  repairs?: string[];
}

/** Calls the panel lists: the element keeps the last this many. */
export const RECENT_LIMIT = 8;

/**
 * Add `entry`, forgetting the oldest past `RECENT_LIMIT`. A delivery completes the oldest entry of
 * the same call that was announced as repaired and not yet delivered: one entry per call.
 */
export function remember(recent: PanelEntry[], entry: PanelEntry): void {
  const repaired = entry.op && recent.find(e => e.call === entry.call && e.reason === 'repaired' && !e.op);
  if (repaired) return void (repaired.op = entry.op);
  recent.push(entry);
  if (recent.length > RECENT_LIMIT) recent.shift();
}
