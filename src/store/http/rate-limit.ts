/**
 * In-memory token buckets per API key: `perMinute` tokens, refilled continuously. Per store instance
 * (behind a load balancer each instance enforces its own share).
 */
export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Epoch seconds when the bucket is full again. */
  reset: number;
  /** Seconds until one token is available (when refused). */
  retryAfter: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly perMinute: number) {}

  take(key: string, now: number): RateDecision {
    const rate = this.perMinute / 60_000;
    const b = this.buckets.get(key) ?? { tokens: this.perMinute, at: now };
    b.tokens = Math.min(this.perMinute, b.tokens + (now - b.at) * rate);
    b.at = now;
    const allowed = b.tokens >= 1;
    if (allowed) b.tokens -= 1;
    this.buckets.set(key, b);
    if (this.buckets.size > 100_000) this.buckets.clear();
    const reset = Math.ceil((now + (this.perMinute - b.tokens) / rate) / 1000);
    return {
      allowed,
      limit: this.perMinute,
      remaining: Math.floor(b.tokens),
      reset,
      retryAfter: allowed ? 0 : Math.ceil((1 - b.tokens) / rate / 1000),
    };
  }
}
