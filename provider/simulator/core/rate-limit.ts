export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * A token bucket per project: capacity = the rate, refilled continuously, so a client may burst up to one
 * second's worth of calls and then sustain the rate. The capacity is at least one request, or a rate below
 * one per second would refuse everything.
 */
export class ProjectRateLimiter {
    private readonly buckets = new Map<string, { tokens: number; atMs: number }>();
    private readonly capacity: number;

    constructor(
        readonly limitPerSecond: number,
        private readonly now: () => number,
    ) {
        if (!(Number.isFinite(limitPerSecond) && limitPerSecond > 0)) {
            throw new RangeError(`rateLimitPerSecond must be a positive number, got ${limitPerSecond}`);
        }
        this.capacity = Math.max(1, limitPerSecond);
    }

    take(projectId: string): RateDecision {
        const nowMs = this.now();
        const bucket = this.buckets.get(projectId) ?? { tokens: this.capacity, atMs: nowMs };
        const refill = (Math.max(0, nowMs - bucket.atMs) * this.limitPerSecond) / 1000;
        bucket.tokens = Math.min(this.capacity, bucket.tokens + refill);
        bucket.atMs = nowMs;
        this.buckets.set(projectId, bucket);
        if (bucket.tokens >= 1) {
            bucket.tokens -= 1;
            return { allowed: true };
        }
        // Whole seconds, as the header carries; never 0, which clients would read as "retry at once".
        const retryAfterSeconds = Math.max(1, Math.ceil((1 - bucket.tokens) / this.limitPerSecond));
        return { allowed: false, retryAfterSeconds };
    }

    reset(): void {
        this.buckets.clear();
    }
}
