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

/** Which queue a request waits in: `urgent` ones go before every `normal` one still waiting. */
export type RequestPriority = "urgent" | "normal";

interface Queued {
    resolve: (sentAtMs: number) => void;
    signal: AbortSignal | undefined;
    onAbort: (() => void) | undefined;
}

/**
 * A token bucket (in its GCRA form: one "theoretical arrival time" instead of a token count) shared by every
 * request to one endpoint. Requests wait in a queue and one pump hands out the slots, so a 429 slows down every
 * request still waiting, not only those that ask after it: with a slot fixed per request at call time, a backlog
 * reserved before a 429 would still go at the old rate and draw more 429s. Requests are served first come,
 * first served, except that an `urgent` one (a task-list read that answers hundreds of waiters at once) goes
 * before the `normal` ones. A 429 halves the rate and holds every request until its Retry-After has passed;
 * quiet periods raise it again.
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
    private readonly urgent: Queued[] = [];
    private readonly normal: Queued[] = [];
    private pumping = false;

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

    /** How many 429s were reported so far (each one holds; the first of a burst also halves the rate). */
    get throttled(): number {
        return this.throttleCount;
    }

    /** Requests waiting for a slot. */
    get queued(): number {
        return this.urgent.length + this.normal.length;
    }

    /**
     * Resolves when this request may be sent, with the time it was let go (this limiter's clock; hand it to
     * {@link onThrottled} if the request is refused); rejects with the signal's reason if it aborts first.
     */
    acquire(signal?: AbortSignal, priority: RequestPriority = "normal"): Promise<number> {
        if (signal?.aborted) return Promise.reject(signal.reason);
        const queue = priority === "urgent" ? this.urgent : this.normal;
        const answer = new Promise<number>((resolve, reject) => {
            const entry: Queued = { resolve, signal, onAbort: undefined };
            if (signal) {
                entry.onAbort = () => {
                    const at = queue.indexOf(entry);
                    if (at >= 0) queue.splice(at, 1);
                    reject(signal.reason);
                };
                signal.addEventListener("abort", entry.onAbort, { once: true });
            }
            queue.push(entry);
        });
        void this.pump();
        return answer;
    }

    /**
     * Hands out slots while requests wait. A slot is reserved before the wait for it and given to whoever is
     * first in line when it comes (an urgent request that arrived meanwhile goes first); a 429 that arrived during
     * the wait voids it, and the next one is reserved at the lowered rate after the hold.
     */
    private async pump(): Promise<void> {
        if (this.pumping) return;
        this.pumping = true;
        try {
            while (this.queued > 0) {
                const waitMs = this.reserve();
                if (waitMs > 0) await this.sleep(waitMs);
                if (this.now() < this.blockedUntilMs) continue;
                const entry = this.urgent.shift() ?? this.normal.shift();
                if (!entry) break;
                if (entry.onAbort) entry.signal?.removeEventListener("abort", entry.onAbort);
                entry.resolve(this.now());
            }
        } finally {
            this.pumping = false;
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

    /**
     * The endpoint answered 429: wait at least `retryAfterMs` before anything else goes, and halve the rate,
     * unless the refused request was sent before the rate was last lowered (`sentAtMs`, what its `acquire`
     * resolved with): the requests of one burst already in flight when the first 429 came carry no news about
     * the lowered rate, and halving once per refused request of a burst would leave a crawl for minutes.
     */
    onThrottled(retryAfterMs?: number, sentAtMs?: number): void {
        const now = this.now();
        this.throttleCount++;
        if (retryAfterMs !== undefined) this.blockedUntilMs = Math.max(this.blockedUntilMs, now + retryAfterMs);
        const news = sentAtMs === undefined || sentAtMs >= this.lastThrottleMs;
        if (news) {
            this.lastThrottleMs = now;
            this.lastRecoveryMs = now;
            this.rate = Math.max(this.minRate, this.rate / 2);
        }
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
