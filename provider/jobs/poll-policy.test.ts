import {
    affineEndWindow,
    createPollPolicy,
    DEFAULT_JOB_DURATION_PRIORS_MS,
    defaultPollPolicy,
    type JobObservation,
    linearEndWindow,
    parseProgressPercent,
    type PollContext,
    type PollPolicy,
} from "./poll-policy";

const HOUR_MS = 60 * 60_000;

/** A context with a fixed random source and a far deadline, overridable per test. */
function context(overrides: Partial<PollContext> = {}): PollContext {
    return { nowMs: 0, deadlineMs: 2 * HOUR_MS, history: [], random: () => 0.5, ...overrides };
}

const running = (atMs: number, progressPercent?: number): JobObservation => ({
    atMs,
    status: "Running",
    ...(progressPercent === undefined ? {} : { progressPercent }),
});

interface Run {
    calls: number;
    latencyMs: number;
    delays: number[];
    pollTimes: number[];
}

/**
 * Drives `policy` against a job whose reported progress at time t is `progressAt(t)` (floored like OTC does),
 * until `endMs`, on a virtual clock. Random is fixed at 0.5.
 */
function run(policy: PollPolicy, endMs: number, progressAt: (t: number) => number | undefined, jobName?: string): Run {
    const history: JobObservation[] = [];
    const delays: number[] = [];
    const pollTimes: number[] = [];
    let nowMs = 0;
    for (let calls = 1; calls <= 10_000; calls++) {
        const delayMs = policy.nextDelayMs(context({ nowMs, history, ...(jobName ? { jobName } : {}) }));
        delays.push(delayMs);
        nowMs += delayMs;
        pollTimes.push(nowMs);
        if (nowMs >= endMs) return { calls, latencyMs: nowMs - endMs, delays, pollTimes };
        const p = progressAt(nowMs);
        history.push(running(nowMs, p === undefined ? undefined : Math.min(99, Math.floor(p))));
    }
    throw new Error("policy never reached the end");
}

const linear = (durationMs: number) => (t: number) => (100 * t) / durationMs;

describe("parseProgressPercent", () => {
    it.each([
        ["60%", 60],
        ["0%", 0],
        ["100%", 100],
        [" 7 % ", 7],
        ["12.5%", 12.5],
        ["42", 42],
    ])("reads %p as %p", (raw, expected) => {
        expect(parseProgressPercent(raw)).toBe(expected);
    });

    it.each([[""], [" "], ["%"], ["abc"], ["-5%"], ["101%"], ["60%%"], ["6O%"], ["1e2%"], ["0x10"]])(
        "rejects %p",
        (raw) => {
            expect(parseProgressPercent(raw)).toBeUndefined();
        },
    );

    it("treats null and undefined as no progress", () => {
        expect(parseProgressPercent(null)).toBeUndefined();
        expect(parseProgressPercent(undefined)).toBeUndefined();
    });
});

describe("the end window of linear progress", () => {
    it("is (100·t/(p+1), 100·t/p] for one answer", () => {
        expect(linearEndWindow([{ atMs: 50_000, percent: 4 }], 0, 50_000)).toEqual({ lowMs: 1_000_000, highMs: 1_250_000 });
    });

    it("intersects answers and counts from the job start", () => {
        const w = linearEndWindow(
            [
                { atMs: 60_000, percent: 6 }, // 70 s after the start: end in (990 000, 1 156 667]
                { atMs: 500_000, percent: 49 }, // 510 s after the start: end in (1 010 000, 1 030 816]
            ],
            -10_000,
            500_000,
        );
        expect(w?.lowMs).toBeCloseTo(1_010_000, 3);
        expect(w?.highMs).toBeCloseTo(-10_000 + (100 * 510_000) / 49, 3);
    });

    it("is open-ended while only 0% was reported, and never ends before the last answer", () => {
        expect(linearEndWindow([{ atMs: 2_000, percent: 0 }], 0, 2_000)).toEqual({ lowMs: 200_000, highMs: Infinity });
    });

    it("is undefined when the answers contradict a straight line", () => {
        expect(linearEndWindow([{ atMs: 100_000, percent: 50 }, { atMs: 150_000, percent: 50 }], 0, 150_000)).toBeUndefined();
    });

    it("with a free start, fits progress that began late", () => {
        // 0% until 100 s, then 1% per second: ends at 200 s.
        const points = [110_000, 130_000, 160_000].map((atMs) => ({ atMs, percent: Math.floor((atMs - 100_000) / 1_000) }));
        const w = affineEndWindow(points, 160_000, 10 * HOUR_MS, -10 * HOUR_MS);
        expect(w).toBeDefined();
        expect(w!.lowMs).toBeLessThanOrEqual(200_000);
        expect(w!.highMs).toBeGreaterThanOrEqual(200_000);
        expect(w!.highMs - w!.lowMs).toBeLessThan(10_000);
    });
});

describe("first poll", () => {
    it("comes after 2 s, whatever the random source says", () => {
        expect(defaultPollPolicy.nextDelayMs(context({ random: () => 0 }))).toBe(2_000);
        expect(defaultPollPolicy.nextDelayMs(context({ random: () => 0.999 }))).toBe(2_000);
    });

    it("follows firstPollMs", () => {
        expect(createPollPolicy({ firstPollMs: 500 }).nextDelayMs(context())).toBe(500);
    });
});

describe("a job id the task center does not know yet", () => {
    const unknown = (n: number): JobObservation[] =>
        Array.from({ length: n }, (_, i) => ({ atMs: 2_000 * (i + 1), status: "Unknown" as const }));

    it("is retried within seconds, with full jitter over a doubling cap", () => {
        const at = (n: number, r: number) =>
            defaultPollPolicy.nextDelayMs(context({ nowMs: 2_000 * n, history: unknown(n), random: () => r }));
        expect(at(1, 0.5)).toBe(2_000); // cap 4 s
        expect(at(2, 0.5)).toBe(4_000); // cap 8 s
        expect(at(3, 0.5)).toBe(8_000); // cap 16 s
        expect(at(1, 0)).toBe(1_000); // never below minDelayMs
        expect(at(1, 0.99)).toBeCloseTo(3_960, 6);
    });
});

describe("fallback without progress", () => {
    const answers = (n: number, everyMs: number) => Array.from({ length: n }, (_, i) => running(everyMs * (i + 1)));

    it("is exponential backoff with full jitter", () => {
        const delay = (n: number, r: number) =>
            defaultPollPolicy.nextDelayMs(
                context({ nowMs: 2_000 * n, history: answers(n, 2_000), jobName: "CreateGaussDBV5Instance", random: () => r }),
            );
        expect(delay(1, 0.5)).toBe(2_000); // cap 2 s · 2¹
        expect(delay(2, 0.5)).toBe(4_000); // cap 2 s · 2²
        expect(delay(3, 0.25)).toBe(4_000); // cap 16 s
        expect(delay(3, 0.75)).toBe(12_000);
        expect(delay(3, 0)).toBe(1_000); // floor
    });

    it("caps the backoff by the job name's typical duration", () => {
        const delay = (jobName: string) =>
            defaultPollPolicy.nextDelayMs(
                context({ nowMs: 60_000, history: answers(12, 5_000), jobName, random: () => 0.999_999 }),
            );
        // 12 answers: the exponential cap is far beyond; the prior decides.
        expect(delay("DeleteGaussDBV5Instance")).toBeCloseTo(0.2 * DEFAULT_JOB_DURATION_PRIORS_MS["DeleteGaussDBV5Instance"]!, -1);
        expect(delay("CreateGaussDBV5Instance")).toBeCloseTo(5 * 60_000, -1); // 0.2 · 25 min, then maxDelayMs
        expect(delay("DeleteGaussDBV5Instance")).toBeLessThan(delay("BackupSnapshotGaussDBV5InInstance"));
    });

    it("takes priors from the options, and scales with elapsed time when there is none", () => {
        const policy = createPollPolicy({ priorsByJobName: { MyJob: 50_000 } });
        const ctx = (jobName: string) =>
            context({ nowMs: 40_000, history: answers(12, 3_000), jobName, random: () => 0.999_999 });
        expect(policy.nextDelayMs(ctx("MyJob"))).toBeCloseTo(10_000, -1); // 0.2 · 50 s
        expect(policy.nextDelayMs(ctx("NoSuchJob"))).toBeCloseTo(20_000, -1); // 0.5 · 40 s elapsed
    });

    it("finds the end of a job without progress within a fraction of its typical duration", () => {
        const r = run(defaultPollPolicy, 130_000, () => undefined, "DeleteGaussDBV5Instance");
        expect(r.latencyMs).toBeLessThanOrEqual(0.2 * 120_000);
        expect(r.calls).toBeLessThanOrEqual(20);
    });
});

describe("jobs with linear progress", () => {
    it.each([30_000, 95_000, 329_000, 1_234_567])("sees a %p ms job end within 2.25 s, in at most 12 calls", (durationMs) => {
        const r = run(defaultPollPolicy, durationMs, linear(durationMs));
        expect(r.latencyMs).toBeGreaterThanOrEqual(0);
        expect(r.latencyMs).toBeLessThanOrEqual(2_250);
        expect(r.calls).toBeLessThanOrEqual(12);
    });

    it("spends the extra calls of an hour-long job on the maxDelayMs bound, not on the end", () => {
        const r = run(defaultPollPolicy, HOUR_MS, linear(HOUR_MS));
        expect(r.latencyMs).toBeLessThanOrEqual(2_250);
        expect(Math.max(...r.delays)).toBe(300_000);
        expect(r.calls).toBeLessThanOrEqual(HOUR_MS / 300_000 + 8);
    });

    it("places the next poll on a flip time of the window's midpoint (a bisection step)", () => {
        // 10% at 20 s: the end lies in (181.8 s, 200 s]. With the horizon guard out of the way, the poll goes
        // where one answer can split that window about 8 ways, on a flip time of the midpoint hypothesis.
        const history = [running(2_000, 1), running(20_000, 10)];
        const policy = createPollPolicy({ horizonFactor: 10 });
        const pollMs = 20_000 + policy.nextDelayMs(context({ nowMs: 20_000, history }));
        const midMs = (2_000_000 / 11 + 200_000) / 2;
        const flip = (100 * pollMs) / midMs;
        expect(flip).toBeCloseTo(Math.round(flip), 6);
        expect(pollMs).toBeGreaterThan(100_000);
        expect(pollMs).toBeLessThanOrEqual(0.85 * (2_000_000 / 11));
        // By default the horizon guard holds it to 3 × 20 s from now.
        expect(defaultPollPolicy.nextDelayMs(context({ nowMs: 20_000, history }))).toBe(60_000);
    });

    it("bisects: each answer near the end halves the window", () => {
        // 1 000 s job: 70% at 700 s puts the end in (985.9 s, 1 000 s]; the next poll tests the midpoint.
        const history = [running(2_000, 0), running(8_000, 0), running(32_000, 3), running(128_000, 12), running(700_000, 70)];
        const pollMs = 700_000 + defaultPollPolicy.nextDelayMs(context({ nowMs: 700_000, history }));
        const lowMs = 70_000_000 / 71;
        const midMs = (lowMs + 1_000_000) / 2;
        expect((100 * pollMs) / midMs).toBeCloseTo(Math.round((100 * pollMs) / midMs), 6);
        expect(pollMs).toBeLessThan(lowMs);
    });

    it("polls at the latest possible end once the window is narrow", () => {
        // A 100 s job: 49% at 49.5 s, 98% at 98.5 s, 99% at 99.5 s → end in (99.5 s, 100.505 s].
        const history = [running(2_000, 2), running(49_500, 49), running(98_500, 98), running(99_500, 99)];
        const window = linearEndWindow(
            history.map((h) => ({ atMs: h.atMs, percent: h.progressPercent! })),
            0,
            99_500,
        )!;
        expect(window.highMs - window.lowMs).toBeLessThanOrEqual(2_000);
        const delayMs = defaultPollPolicy.nextDelayMs(context({ nowMs: 99_500, history }));
        // Just after the latest end, or minDelayMs when that is sooner.
        expect(99_500 + delayMs).toBeCloseTo(Math.max(99_500 + 1_000, window.highMs + 250), 6);
    });

    it("counts from jobStartMs when resuming an older job", () => {
        // The job started 600 s before the waiter; it lasts 1 200 s in all, so it ends at 600 s on the waiter's clock.
        const history: JobObservation[] = [];
        let nowMs = 0;
        for (let i = 0; i < 30; i++) {
            nowMs += defaultPollPolicy.nextDelayMs(context({ nowMs, history, jobStartMs: -600_000 }));
            if (nowMs >= 600_000) break;
            history.push(running(nowMs, Math.floor((100 * (nowMs + 600_000)) / 1_200_000)));
        }
        expect(nowMs).toBeGreaterThanOrEqual(600_000);
        expect(nowMs - 600_000).toBeLessThanOrEqual(2_250);
        expect(history.length).toBeLessThan(12);
    });
});

describe("jobs whose progress is not linear", () => {
    it("re-estimates after a stall that catches up gradually", () => {
        // 1 200 s job; progress freezes at 30% from 360 s to 720 s, then climbs faster to end on time.
        const progress = (t: number) =>
            t < 360_000 ? (100 * t) / 1_200_000 : t < 720_000 ? 30 : 30 + (70 * (t - 720_000)) / 480_000;
        const r = run(defaultPollPolicy, 1_200_000, progress);
        expect(r.latencyMs).toBeLessThanOrEqual(10_000);
        expect(r.calls).toBeLessThanOrEqual(30);
    });

    it("follows a stall that delays the end", () => {
        // 1 000 s of work, frozen at 50% for 300 s: ends at 1 300 s.
        const progress = (t: number) => (t < 500_000 ? t / 10_000 : t < 800_000 ? 50 : (t - 300_000) / 10_000);
        const r = run(defaultPollPolicy, 1_300_000, progress);
        expect(r.latencyMs).toBeLessThanOrEqual(10_000);
        expect(r.calls).toBeLessThanOrEqual(30);
    });

    it("checks the end a job was heading for before its progress froze", () => {
        // 1 000 s job, frozen at 50% from 500 s until it completes on time.
        const r = run(defaultPollPolicy, 1_000_000, (t) => Math.min(50, t / 10_000));
        expect(r.latencyMs).toBeLessThanOrEqual(25_000);
    });

    it("backs off while progress sits at 99%", () => {
        // Reaches 99% at 800 s, completes at 1 000 s.
        const r = run(defaultPollPolicy, 1_000_000, (t) => Math.min(99, (125 * t) / 1_000_000));
        expect(r.calls).toBeLessThanOrEqual(40);
        expect(r.latencyMs).toBeLessThanOrEqual(0.25 * 200_000);
    });

    it("does not over-extrapolate a slow start", () => {
        // 0% for the first 200 s of a 1 000 s job, then linear.
        const r = run(defaultPollPolicy, 1_000_000, (t) => (t < 200_000 ? 0 : (100 * (t - 200_000)) / 800_000));
        expect(r.latencyMs).toBeLessThanOrEqual(0.05 * 1_000_000);
    });

    it("starts over when progress goes back to 0% for a second phase", () => {
        const r = run(defaultPollPolicy, 600_000, (t) => (t < 300_000 ? t / 3_000 : (t - 300_000) / 3_000));
        expect(r.latencyMs).toBeLessThanOrEqual(10_000);
        expect(r.calls).toBeLessThanOrEqual(30);
    });
});

describe("guards", () => {
    it("never extrapolates further than horizonFactor × the time the job has run", () => {
        const delayMs = defaultPollPolicy.nextDelayMs(context({ nowMs: 10_000, history: [running(10_000, 0)] }));
        expect(delayMs).toBe(30_000);
        const custom = createPollPolicy({ horizonFactor: 1 }).nextDelayMs(context({ nowMs: 10_000, history: [running(10_000, 0)] }));
        expect(custom).toBe(10_000);
    });

    it("never sleeps longer than maxDelayMs", () => {
        const history = [running(2_000, 0), running(600_000, 10)];
        expect(defaultPollPolicy.nextDelayMs(context({ nowMs: 600_000, history }))).toBe(300_000);
        expect(createPollPolicy({ maxDelayMs: 60_000 }).nextDelayMs(context({ nowMs: 600_000, history }))).toBe(60_000);
    });

    it("never polls sooner than minDelayMs", () => {
        const r = run(defaultPollPolicy, 30_000, linear(30_000));
        expect(Math.min(...r.delays)).toBeGreaterThanOrEqual(1_000);
    });

    it("never schedules past the deadline, and the last poll lands on it", () => {
        const history = [running(2_000, 0), running(600_000, 10)];
        expect(defaultPollPolicy.nextDelayMs(context({ nowMs: 600_000, deadlineMs: 700_000, history }))).toBe(100_000);
        // A planned poll less than minDelayMs before the deadline moves onto it.
        const policy = createPollPolicy({ maxDelayMs: 99_500 });
        expect(policy.nextDelayMs(context({ nowMs: 600_000, deadlineMs: 700_000, history }))).toBe(100_000);
        expect(defaultPollPolicy.nextDelayMs(context({ nowMs: 700_000, deadlineMs: 700_000, history }))).toBe(0);
        expect(defaultPollPolicy.nextDelayMs(context({ nowMs: 0, deadlineMs: 500 }))).toBe(500);
    });

    it("keeps every poll of a long wait within the deadline", () => {
        const deadlineMs = 20 * 60_000;
        const history: JobObservation[] = [];
        let nowMs = 0;
        while (nowMs < deadlineMs) {
            const delayMs = defaultPollPolicy.nextDelayMs(context({ nowMs, deadlineMs, history }));
            expect(nowMs + delayMs).toBeLessThanOrEqual(deadlineMs);
            nowMs += delayMs;
            history.push(running(nowMs, Math.floor((100 * nowMs) / HOUR_MS)));
        }
        expect(nowMs).toBe(deadlineMs);
    });

    it("honours Retry-After, even past the deadline", () => {
        expect(defaultPollPolicy.nextDelayMs(context({ retryAfterMs: 30_000 }))).toBe(30_000);
        const history = [running(2_000, 50)];
        expect(
            defaultPollPolicy.nextDelayMs(context({ nowMs: 5_000, deadlineMs: 10_000, history, retryAfterMs: 60_000 })),
        ).toBe(60_000);
        expect(defaultPollPolicy.nextDelayMs(context({ nowMs: 10_000, deadlineMs: 10_000, history, retryAfterMs: 5_000 }))).toBe(
            5_000,
        );
    });

    it("backs off after error answers instead of keeping its fast schedule", () => {
        // The end is predicted within 2 s, but the last two polls failed.
        const history: JobObservation[] = [
            running(2_000, 2),
            running(49_500, 49),
            running(98_500, 98),
            running(99_500, 99),
            { atMs: 100_800, status: "Unknown" },
            { atMs: 101_800, status: "Unknown" },
        ];
        const delayMs = defaultPollPolicy.nextDelayMs(context({ nowMs: 101_800, history, random: () => 0.9 }));
        expect(delayMs).toBeCloseTo(0.9 * 4_000, 6);
    });
});

describe("purity", () => {
    it("gives the same delay for the same context and leaves the history alone", () => {
        const history = Object.freeze([running(2_000, 0), running(50_000, 3), running(400_000, 26)]);
        const ctx = context({ nowMs: 400_000, history, jobName: "ResizeGaussDBV5Flavor" });
        const first = defaultPollPolicy.nextDelayMs(ctx);
        expect(defaultPollPolicy.nextDelayMs(ctx)).toBe(first);
        expect(history).toHaveLength(3);
    });

    it("draws randomness only from ctx.random", () => {
        const spy = jest.spyOn(Math, "random");
        let draws = 0;
        const random = () => {
            draws++;
            return 0.3;
        };
        defaultPollPolicy.nextDelayMs(context({ nowMs: 2_000, history: [running(2_000)], random }));
        expect(draws).toBe(1);
        expect(spy).not.toHaveBeenCalled();
        spy.mockRestore();
    });

    it("rejects nonsensical options", () => {
        expect(() => createPollPolicy({ minDelayMs: 0 })).toThrow(RangeError);
        expect(() => createPollPolicy({ minDelayMs: 10_000, maxDelayMs: 5_000 })).toThrow(RangeError);
        expect(() => createPollPolicy({ priorsByJobName: { X: -1 } })).toThrow(RangeError);
        expect(() => createPollPolicy({ horizonFactor: Number.NaN })).toThrow(RangeError);
    });
});
