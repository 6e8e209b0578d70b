/**
 * Client-side rate limits (SPEC §7): FullStory's published budgets as token buckets, one limiter
 * per page's FullStory (kept page-wide beside the handle, not on it), the clock passed in.
 */
import {LIMITERS_KEY, type FsCall, type FullStoryHandle, type RateLimiterLike} from '../contracts.js';
import {pageSingleton} from '../page.js';

/** One token bucket: `capacity` tokens, refilled continuously at `perSecond`. */
class Bucket {
  private tokens: number;
  private updated = -Infinity;
  constructor(
    private readonly capacity: number,
    private readonly perSecond: number,
  ) {
    this.tokens = capacity;
  }
  refill(now: number): void {
    if (now > this.updated && this.updated !== -Infinity) {
      this.tokens = Math.min(this.capacity, this.tokens + ((now - this.updated) / 1000) * this.perSecond);
    }
    this.updated = Math.max(now, this.updated);
  }
  get available(): boolean {
    return this.tokens >= 1;
  }
  take(): void {
    this.tokens -= 1;
  }
}

/** Which of FullStory's rate budgets a call spends. */
export type RateFamily = 'trackEvent' | 'identity' | 'user' | 'page';

/**
 * FullStory's published client limits: a burst bucket and a sustained bucket per family. Each API
 * FullStory lists a limit for has a bucket of its own (setIdentity with anonymize, user properties,
 * page properties, events): sharing one would be stricter than FullStory and drop calls it accepts.
 */
export const RATE_LIMITS: Record<RateFamily, {burst: number; perMinute: number}> = {
  trackEvent: {burst: 40, perMinute: 60},
  identity: {burst: 10, perMinute: 30},
  user: {burst: 10, perMinute: 30},
  page: {burst: 10, perMinute: 30},
};

export function rateFamily(call: FsCall | FsCall['op']): RateFamily {
  const op = typeof call === 'string' ? call : call.op;
  if (op === 'trackEvent') return 'trackEvent';
  if (op === 'setIdentity') return 'identity';
  return typeof call === 'object' && (call.options as {type?: string}).type === 'page' ? 'page' : 'user';
}

/** Client-side rate limits (SPEC §7): token buckets per family, burst and sustained. */
export class RateLimiter {
  private readonly buckets = new Map<RateFamily, Bucket[]>();

  /**
   * True when the call may go now (and its token is spent); false when it must be dropped.
   * Given only an operation name, `setProperties` counts as a user call.
   */
  allow(call: FsCall | FsCall['op'], now: number): boolean {
    const family = rateFamily(call);
    let buckets = this.buckets.get(family);
    if (!buckets) {
      const {burst, perMinute} = RATE_LIMITS[family];
      buckets = [new Bucket(burst, burst), new Bucket(perMinute, perMinute / 60)];
      this.buckets.set(family, buckets);
    }
    for (const bucket of buckets) bucket.refill(now);
    if (!buckets.every(bucket => bucket.available)) return false;
    for (const bucket of buckets) bucket.take();
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
