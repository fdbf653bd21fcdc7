import { DEFAULT_RATE_PER_SECOND, RateLimiter, type RateLimiterOptions, sharedRateLimiter } from "./rate-limiter";

// The limiter alone on a virtual clock. `reserve()` answers how long a request must wait; `acquire()` sleeps
// through the injected sleep, which moves the clock.

function setup(options: Omit<RateLimiterOptions, "now" | "sleep">) {
    let ms = 1_000_000;
    const sleeps: number[] = [];
    const limiter = new RateLimiter({
        ...options,
        now: () => ms,
        sleep: async (wait, signal) => {
            signal?.throwIfAborted();
            sleeps.push(wait);
        },
    });
    return {
        limiter,
        sleeps,
        advance: (by: number) => {
            ms += by;
        },
    };
}

/**
 * A limiter whose sleeps are timers on a virtual clock that starts at 0: `runUntil(t)` fires them in time order
 * (letting the promises they release run in between) and leaves the clock at `t`.
 */
function onTimers(options: Omit<RateLimiterOptions, "now" | "sleep">) {
    let ms = 0;
    const timers: { at: number; resolve: () => void }[] = [];
    const limiter = new RateLimiter({
        ...options,
        now: () => ms,
        sleep: (wait) => new Promise<void>((resolve) => timers.push({ at: ms + wait, resolve })),
    });
    const runUntil = async (until: number) => {
        for (;;) {
            await new Promise((r) => setImmediate(r));
            const next = timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
            if (!next) break;
            timers.splice(timers.indexOf(next), 1);
            ms = next.at;
            next.resolve();
        }
        ms = until;
    };
    return { limiter, runUntil, nowMs: () => ms };
}

/** Send times (relative to the first reservation) of `n` requests reserved at once. */
function reserveMany(limiter: RateLimiter, n: number): number[] {
    return Array.from({ length: n }, () => limiter.reserve());
}

describe("RateLimiter", () => {
    it("lets a burst go at once, then spaces requests at the rate", () => {
        const { limiter } = setup({ ratePerSecond: 5 });
        expect(reserveMany(limiter, 8)).toEqual([0, 0, 0, 0, 0, 200, 400, 600]);
    });

    it("honours an explicit burst", () => {
        const { limiter } = setup({ ratePerSecond: 10, burst: 2 });
        expect(reserveMany(limiter, 5)).toEqual([0, 0, 100, 200, 300]);
    });

    it("defaults the burst to at least one request", () => {
        const { limiter } = setup({ ratePerSecond: 0.5 });
        expect(reserveMany(limiter, 3)).toEqual([0, 2_000, 4_000]);
    });

    it("serves reservations first come, first served", async () => {
        const { limiter, sleeps } = setup({ ratePerSecond: 4, burst: 1 });
        await Promise.all(Array.from({ length: 6 }, () => limiter.acquire()));
        // The sleep skips a zero wait, so five sleeps for six requests, each one interval after the one before.
        expect(sleeps).toEqual([250, 500, 750, 1_000, 1_250]);
    });

    it("refills the burst after a quiet period, but never beyond it", () => {
        const { limiter, advance } = setup({ ratePerSecond: 5 });
        reserveMany(limiter, 10); // 1 s of backlog
        advance(10_000);
        expect(reserveMany(limiter, 7)).toEqual([0, 0, 0, 0, 0, 200, 400]);
    });

    it("after a 429 halves the rate and holds everything until Retry-After", () => {
        const { limiter, advance } = setup({ ratePerSecond: 8 });
        reserveMany(limiter, 8);
        advance(5_000);
        limiter.onThrottled(3_000);
        expect(limiter.ratePerSecond).toBe(4);
        expect(limiter.throttled).toBe(1);
        const waits = reserveMany(limiter, 10);
        expect(Math.min(...waits)).toBeGreaterThanOrEqual(3_000);
        // Past the hold, the halved rate: one request every 250 ms once the burst is spent.
        const spacing = waits.slice(1).map((w, i) => w - waits[i]!);
        expect(spacing.at(-1)).toBe(250);
    });

    it("sends no more in the first second after a 429's hold than the configured rate", () => {
        const { limiter, advance } = setup({ ratePerSecond: 8 });
        reserveMany(limiter, 8);
        advance(5_000);
        limiter.onThrottled(3_000);
        const waits = reserveMany(limiter, 20);
        const holdEndsIn = Math.min(...waits);
        expect(holdEndsIn).toBe(3_000);
        const firstSecond = waits.filter((w) => w < holdEndsIn + 1_000);
        expect(firstSecond.length).toBeLessThanOrEqual(8);
    });

    it("holds requests that were already waiting for their slot when the 429 arrived", async () => {
        const { limiter, runUntil, nowMs } = onTimers({ ratePerSecond: 5, burst: 1 });
        const sent: number[] = [];
        const requests = Array.from({ length: 10 }, () => limiter.acquire().then(() => sent.push(nowMs())));
        await runUntil(300);
        limiter.onThrottled(5_000); // at 300 ms: nothing may go before 5 300 ms
        await runUntil(20_000);
        await Promise.all(requests);
        expect(sent.filter((t) => t > 300 && t < 5_300)).toEqual([]);
    });

    it("lets an urgent request go before the normal ones still waiting, and slows the whole backlog after a 429", async () => {
        const { limiter, runUntil } = onTimers({ ratePerSecond: 10, burst: 1 });
        const sent: { label: string; at: number }[] = [];
        const normal = Array.from({ length: 20 }, (_, i) => limiter.acquire().then((at) => sent.push({ label: `n${i}`, at })));
        await runUntil(250); // n0 at 0, n1 at 100, n2 at 200
        const urgent = limiter.acquire(undefined, "urgent").then((at) => sent.push({ label: "urgent", at }));
        await runUntil(350);
        expect(sent.map((s) => s.label)).toEqual(["n0", "n1", "n2", "urgent"]);
        expect(sent[3]!.at).toBe(300);
        // A 429 at 350 ms with no Retry-After: after the slots already handed out (400, 500), the 15 requests still
        // queued go at the halved rate (200 ms apart), not at the slots they would have had when they joined.
        limiter.onThrottled(undefined, 300);
        await runUntil(10_000);
        await Promise.all([...normal, urgent]);
        const after = sent.filter((s) => s.at > 350).map((s) => s.at);
        expect(after.slice(0, 2)).toEqual([400, 500]);
        expect(after).toHaveLength(17);
        expect(after.slice(2).map((at, i) => at - after[i + 1]!)).toEqual(after.slice(2).map(() => 200));
    });

    it("halves the rate once per burst: a 429 to a request sent before the last halving only holds", () => {
        const { limiter, advance } = setup({ ratePerSecond: 8 });
        const burstSentAt = 1_000_000; // the clock's start: the burst went before any 429
        advance(1_000);
        limiter.onThrottled(1_000, burstSentAt);
        expect(limiter.ratePerSecond).toBe(4);
        advance(10);
        for (let i = 0; i < 5; i++) limiter.onThrottled(1_000, burstSentAt);
        expect(limiter.ratePerSecond).toBe(4);
        expect(limiter.throttled).toBe(6);
        // A request sent after the halving that is refused again is news: the lowered rate is still too high.
        advance(2_000);
        limiter.onThrottled(1_000, burstSentAt + 2_500);
        expect(limiter.ratePerSecond).toBe(2);
    });

    it("takes a request whose signal aborts out of the queue, and the next one gets its slot", async () => {
        const { limiter } = setup({ ratePerSecond: 1 });
        limiter.reserve();
        const controller = new AbortController();
        const reason = new Error("gave up");
        const waiting = limiter.acquire(controller.signal);
        controller.abort(reason);
        await expect(waiting).rejects.toBe(reason);
        expect(limiter.queued).toBe(0);
    });

    it("never lowers the rate below minRatePerSecond", () => {
        const { limiter } = setup({ ratePerSecond: 8, minRatePerSecond: 2 });
        for (let i = 0; i < 10; i++) limiter.onThrottled();
        expect(limiter.ratePerSecond).toBe(2);
        const other = setup({ ratePerSecond: 8 });
        for (let i = 0; i < 10; i++) other.limiter.onThrottled();
        expect(other.limiter.ratePerSecond).toBe(1);
    });

    it("does not shorten an earlier, longer hold", () => {
        const { limiter } = setup({ ratePerSecond: 100 });
        limiter.onThrottled(10_000);
        limiter.onThrottled(1_000);
        expect(limiter.reserve()).toBe(10_000);
    });

    it("climbs back by a tenth of the configured rate per quiet recovery interval, up to the configured rate", () => {
        const { limiter, advance } = setup({ ratePerSecond: 10, recoveryIntervalMs: 30_000 });
        limiter.onThrottled();
        limiter.onThrottled();
        expect(limiter.ratePerSecond).toBe(2.5);
        advance(29_999);
        limiter.reserve();
        expect(limiter.ratePerSecond).toBe(2.5);
        advance(1);
        limiter.reserve();
        expect(limiter.ratePerSecond).toBeCloseTo(3.5);
        advance(60_000);
        limiter.reserve();
        expect(limiter.ratePerSecond).toBeCloseTo(5.5);
        advance(10 * 60_000);
        limiter.reserve();
        expect(limiter.ratePerSecond).toBe(10);
    });

    it("restarts the recovery clock at every 429", () => {
        const { limiter, advance } = setup({ ratePerSecond: 10, recoveryIntervalMs: 30_000 });
        limiter.onThrottled();
        advance(20_000);
        limiter.onThrottled();
        advance(20_000);
        limiter.reserve();
        expect(limiter.ratePerSecond).toBe(2.5);
    });

    it("passes the abort signal to the sleep", async () => {
        const { limiter } = setup({ ratePerSecond: 1 });
        limiter.reserve();
        const reason = new Error("stop");
        await expect(limiter.acquire(AbortSignal.abort(reason))).rejects.toBe(reason);
    });

    it("refuses a rate that is not positive", () => {
        expect(() => new RateLimiter({ ratePerSecond: 0 })).toThrow(RangeError);
        expect(() => new RateLimiter({ ratePerSecond: Number.NaN })).toThrow(/ratePerSecond/);
    });

    it("shares one limiter per origin", () => {
        const a = sharedRateLimiter("https://rate-limiter-test.example", { ratePerSecond: 3 });
        const b = sharedRateLimiter("https://rate-limiter-test.example", { ratePerSecond: 50 });
        const c = sharedRateLimiter("https://other.rate-limiter-test.example", { ratePerSecond: DEFAULT_RATE_PER_SECOND });
        expect(b).toBe(a);
        expect(a.configuredRatePerSecond).toBe(3);
        expect(c).not.toBe(a);
    });
});
