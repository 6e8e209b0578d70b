/**
 * Client-side rate limits (SPEC §7): FullStory's published budgets as token buckets, one limiter
 * per page's FullStory (kept page-wide beside the handle, not on it), the clock passed in.
 */
import {LIMITERS_KEY, type FsCall, type FullStoryHandle, type RateLimiterLike} from '../contracts.js';
import {pageSingleton} from '../page.js';

/** Which of FullStory's rate budgets a call spends. */
export type RateFamily = 'trackEvent' | 'identity' | 'user' | 'page';

/** FullStory's figures for identity, user and page properties alike: one object, each family its own bucket. */
const TEN_THIRTY = {burst: 10, perMinute: 30};

/**
 * FullStory's published client limits: a burst bucket and a sustained bucket per family. Each API
 * FullStory lists a limit for has a bucket of its own (setIdentity with anonymize, user properties,
 * page properties, events): sharing one would be stricter than FullStory and drop calls it accepts.
 */
export const RATE_LIMITS: Record<RateFamily, {burst: number; perMinute: number}> = {
  trackEvent: {burst: 40, perMinute: 60},
  identity: TEN_THIRTY,
  user: TEN_THIRTY,
  page: TEN_THIRTY,
};

export function rateFamily(call: FsCall | FsCall['op']): RateFamily {
  const op = typeof call === 'string' ? call : call.op;
  if (op === 'trackEvent') return op;
  if (op === 'setIdentity') return 'identity';
  // An operation name alone has no options: a user call.
  return (call as {options?: {type?: string}}).options?.type === 'page' ? 'page' : 'user';
}

/**
 * Client-side rate limits (SPEC §7): per family a burst and a sustained token bucket, both refilled
 * continuously from one clock reading, both spent by a call that goes.
 */
export class RateLimiter {
  /** Per family: `[burst tokens, sustained tokens, time of the last reading]`. */
  private readonly buckets_: Partial<Record<RateFamily, number[]>> = {};

  /**
   * True when the call may go now (and its tokens are spent); false when it must be dropped.
   * Given only an operation name, `setProperties` counts as a user call.
   */
  allow(call: FsCall | FsCall['op'], now: number): boolean {
    const family = rateFamily(call);
    const {burst, perMinute} = RATE_LIMITS[family];
    const buckets = (this.buckets_[family] ??= [burst, perMinute, now]);
    // A clock that goes back refills nothing (and does not move the last reading back).
    const seconds = Math.max(0, now - buckets[2]) / 1000;
    buckets[2] = Math.max(now, buckets[2]);
    buckets[0] = Math.min(burst, buckets[0] + seconds * burst);
    buckets[1] = Math.min(perMinute, buckets[1] + (seconds * perMinute) / 60);
    if (buckets[0] < 1 || buckets[1] < 1) return false;
    buckets[0]--;
    buckets[1]--;
    return true;
  }
}

/** The rate limiter of the page's FullStory `handle`, shared by every element and copy that forwards into it. */
export function limiterFor(handle: FullStoryHandle): RateLimiterLike {
  const limiters = pageSingleton(
    LIMITERS_KEY,
    value => value instanceof WeakMap,
    () => new WeakMap<FullStoryHandle, RateLimiterLike>(),
  );
  let limiter = limiters.get(handle);
  if (!limiter) limiters.set(handle, (limiter = new RateLimiter()));
  return limiter;
}
