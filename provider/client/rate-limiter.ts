import { abortableSleep, type Clock, type Sleep } from "../util/abortable-sleep";

export interface RateLimiterOptions {
    /** Sustained requests per second. */
    ratePerSecond: number;
    /** Requests that may go at once after a quiet period. Default: max(1, ratePerSecond). */
    burst?: number;
    /** A 429 never lowers the rate below this. Default: ratePerSecond / 8. */
    minRatePerSecond?: number;
    /** After this long without a 429, the rate climbs back by a tenth of the configured rate. Default 30 s. */
    recoveryIntervalMs?: number;
    now?: Clock;
    sleep?: Sleep;
}

/**
 * A token bucket (in its GCRA form: one "theoretical arrival time" instead of a token count) shared by every
 * request to one endpoint. Reservations are taken in call order, so waiters are served first come, first served.
 * A 429 halves the rate and holds every request until its Retry-After has passed; quiet periods raise it again.
 */
export class RateLimiter {
    readonly configuredRatePerSecond: number;
    private rate: number;
    private readonly burst: number;
    private readonly minRate: number;
    private readonly recoveryIntervalMs: number;
    private readonly now: Clock;
    private readonly sleep: Sleep;
    private theoreticalArrivalMs = 0;
    private blockedUntilMs = 0;
    private lastThrottleMs = Number.NEGATIVE_INFINITY;
    private lastRecoveryMs = 0;
    private throttleCount = 0;

    constructor(options: RateLimiterOptions) {
        if (!(options.ratePerSecond > 0)) throw new RangeError(`ratePerSecond must be > 0, got ${options.ratePerSecond}`);
        this.configuredRatePerSecond = options.ratePerSecond;
        this.rate = options.ratePerSecond;
        this.burst = Math.max(1, options.burst ?? Math.ceil(options.ratePerSecond));
        this.minRate = options.minRatePerSecond ?? options.ratePerSecond / 8;
        this.recoveryIntervalMs = options.recoveryIntervalMs ?? 30_000;
        this.now = options.now ?? Date.now;
        this.sleep = options.sleep ?? abortableSleep;
    }

    get ratePerSecond(): number {
        return this.rate;
    }

    /** How many 429s lowered the rate so far. */
    get throttled(): number {
        return this.throttleCount;
    }

    /** Resolves when this request may be sent. */
    async acquire(signal?: AbortSignal): Promise<void> {
        for (;;) {
            const waitMs = this.reserve();
            if (waitMs > 0) await this.sleep(waitMs, signal);
            // A 429 that arrived while this request waited for its slot holds it too.
            if (this.now() >= this.blockedUntilMs) return;
        }
    }

    /** Reserves a slot and returns how long to wait for it (exposed for tests and the bench). */
    reserve(): number {
        const now = this.now();
        this.recover(now);
        const intervalMs = 1000 / this.rate;
        const toleranceMs = (this.burst - 1) * intervalMs;
        const at = Math.max(now, this.theoreticalArrivalMs - toleranceMs, this.blockedUntilMs);
        this.theoreticalArrivalMs = Math.max(this.theoreticalArrivalMs, at) + intervalMs;
        return at - now;
    }

    /** The endpoint answered 429: slow down, and wait at least `retryAfterMs` before anything else goes. */
    onThrottled(retryAfterMs?: number): void {
        const now = this.now();
        this.throttleCount++;
        this.lastThrottleMs = now;
        this.lastRecoveryMs = now;
        this.rate = Math.max(this.minRate, this.rate / 2);
        if (retryAfterMs !== undefined) this.blockedUntilMs = Math.max(this.blockedUntilMs, now + retryAfterMs);
        // No burst when the hold ends: the first request goes at its end, the next ones at the lowered rate.
        const toleranceMs = (this.burst - 1) * (1000 / this.rate);
        this.theoreticalArrivalMs = Math.max(this.theoreticalArrivalMs, Math.max(now, this.blockedUntilMs) + toleranceMs);
    }

    private recover(now: number): void {
        if (this.rate >= this.configuredRatePerSecond) return;
        const since = now - Math.max(this.lastThrottleMs, this.lastRecoveryMs);
        const steps = Math.floor(since / this.recoveryIntervalMs);
        if (steps <= 0) return;
        this.rate = Math.min(this.configuredRatePerSecond, this.rate + (steps * this.configuredRatePerSecond) / 10);
        this.lastRecoveryMs = now;
    }
}

const limiters = new Map<string, RateLimiter>();

/** The limiter every client of `origin` in this process shares (created on first use with `options`). */
export function sharedRateLimiter(origin: string, options: RateLimiterOptions): RateLimiter {
    let limiter = limiters.get(origin);
    if (!limiter) {
        limiter = new RateLimiter(options);
        limiters.set(origin, limiter);
    }
    return limiter;
}

/** Conservative default: OTC publishes no limit; Huawei Cloud documents 60 calls/min per user for RDS. */
export const DEFAULT_RATE_PER_SECOND = 5;
