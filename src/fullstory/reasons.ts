/**
 * Why FullStory is not capturing: its documented shutdown codes as stable reason codes, each with
 * the sentence the element reports after it (`code: sentence`).
 */
/**
 * Stable reason codes, each with the sentence the element reports after it (`code: sentence`).
 * FullStory's shutdown reasons are its documented codes (`shutdown` observer `{reason}`).
 */
export const CAPTURE_REASONS: Record<number, [string, string]> = {
  0: ['capture-shutdown', "FullStory was shut down (FS('shutdown')); FS('restart') resumes capture"],
  1: ['capture-no-account', 'FullStory has no account for this org id; check the org attribute'],
  2: ['capture-account-disabled', "this FullStory account is disabled; see FullStory's account settings"],
  3: ['capture-over-quota', 'the FullStory org is over its session quota: capture is paused until the next cycle'],
  4: ['capture-domain-filtered', "FullStory's settings exclude this domain from capture"],
  5: ['capture-ip-filtered', "FullStory's settings exclude this visitor's IP address from capture"],
  6: ['capture-user-agent-filtered', 'FullStory does not capture this user agent (bots, headless browsers, filters)'],
  7: ['capture-geography-filtered', "FullStory's settings exclude this visitor's geography from capture"],
  8: ['capture-ramping', 'FullStory is ramping traffic: this session is not sampled for capture'],
};

export function captureReason(code: unknown): string {
  const known = typeof code === 'number' ? CAPTURE_REASONS[code] : undefined;
  return known
    ? `${known[0]}: ${known[1]}`
    : `capture-stopped: FullStory stopped capture (shutdown reason ${String(code)})`;
}

export const NOT_STARTED =
  'capture-pending: FullStory is loaded and keeps calls until capture starts (settings loading, or capture held with _fs_capture_on_startup = false until FS("start"))';
