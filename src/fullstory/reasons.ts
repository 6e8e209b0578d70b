/**
 * Why FullStory is not capturing: its documented shutdown codes (`shutdown` observer `{reason}`,
 * the index here) as stable reason codes, each with the sentence the element reports after it.
 */
const SHUTDOWN_REASONS = [
  "capture-shutdown: FS('shutdown') was called; FS('restart') resumes capture",
  'capture-no-account: FullStory has no account for this org id',
  'capture-account-disabled: the FullStory account is disabled',
  'capture-over-quota: the org is over its session quota until the next cycle',
  'capture-domain-filtered: this domain is excluded from capture',
  'capture-ip-filtered: this IP address is excluded from capture',
  'capture-user-agent-filtered: this user agent is not captured (bots, headless browsers)',
  'capture-geography-filtered: this region is excluded from capture',
  'capture-ramping: FullStory is ramping traffic; this session is not sampled',
];

export const captureReason = (code: unknown): string =>
  (typeof code === 'number' && SHUTDOWN_REASONS[code]) ||
  `capture-stopped: FullStory stopped capture (reason ${String(code)})`;

export const NOT_STARTED =
  "capture-pending: FullStory keeps calls until capture starts (settings loading, or held until FS('start'))";
