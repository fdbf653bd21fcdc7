import type { PollPolicy } from "../jobs/poll-policy";
import { otcGoSdkGaussDb } from "./anchor-policies";
import { percentile, simulateJob, stats, summarize } from "./bench-simulation";
import { type BenchJob, exactProgress, observeJob } from "./bench-workload";

const options = { deadlineMs: 120 * 60_000, seed: 1, policyIndex: 0 };

function job(overrides: Partial<BenchJob> = {}): BenchJob {
    return { index: 0, name: "CreateGaussDBV5Instance", durationMs: 10_000, progressKind: "linear", unknownUntilMs: 0, ...overrides };
}

const every = (ms: number): PollPolicy => ({ nextDelayMs: (ctx) => Math.min(ms, ctx.deadlineMs - ctx.nowMs) });

describe("simulateJob", () => {
    it("measures a fixed 1 s policy on a 10 s job: ~10 calls, under 1 s late", () => {
        const exact = simulateJob(job(), otcGoSdkGaussDb, options);
        expect(exact.calls).toBe(10);
        expect(exact.latencyMs).toBe(0);

        const offGrid = simulateJob(job({ durationMs: 10_400 }), otcGoSdkGaussDb, options);
        expect(offGrid.calls).toBe(11);
        expect(offGrid.latencyMs).toBeCloseTo(600, 6);
        expect(offGrid.latencyMs).toBeLessThan(1_000);
    });

    it("counts latency from the real end, however coarse the policy", () => {
        const outcome = simulateJob(job(), every(7_000), options);
        expect(outcome.calls).toBe(2); // 7 s (running), 14 s (completed)
        expect(outcome.latencyMs).toBe(4_000);
        expect(outcome.longestSleepMs).toBe(7_000);
    });

    it("measures a failed job from the moment it failed, not its planned end", () => {
        const outcome = simulateJob(job({ durationMs: 100_000, failAtMs: 30_500 }), otcGoSdkGaussDb, options);
        expect(outcome.jobClass).toBe("failed");
        expect(outcome.calls).toBe(31);
        expect(outcome.latencyMs).toBeCloseTo(500, 6);
    });

    it("reports a job the waiter never saw finish as timed out, with infinite latency", () => {
        const outcome = simulateJob(job({ durationMs: 100_000 }), otcGoSdkGaussDb, { ...options, deadlineMs: 50_000 });
        expect(outcome.calls).toBe(50);
        expect(outcome.latencyMs).toBe(Number.POSITIVE_INFINITY);
        expect(stats([outcome]).timedOut).toBe(1);
    });

    it("shows the policy what OTC would answer: unknown first, then floored progress", () => {
        const seen: { status: string; progressPercent?: number }[] = [];
        const recording: PollPolicy = {
            nextDelayMs(ctx) {
                const last = ctx.history[ctx.history.length - 1];
                if (last) seen.push({ status: last.status, ...(last.progressPercent === undefined ? {} : { progressPercent: last.progressPercent }) });
                return 2_500;
            },
        };
        simulateJob(job({ unknownUntilMs: 3_000 }), recording, options);
        expect(seen).toEqual([
            { status: "Unknown" },
            { status: "Running", progressPercent: 50 },
            { status: "Running", progressPercent: 75 },
        ]);
    });

    it("refuses a policy that schedules past the deadline", () => {
        const reckless: PollPolicy = { nextDelayMs: () => 60_000 };
        expect(() => simulateJob(job({ durationMs: 100_000 }), reckless, { ...options, deadlineMs: 30_000 })).toThrow(
            /past the deadline/,
        );
    });
});

describe("workload shapes", () => {
    it("freezes a stalled job's progress, then catches up at once or gradually, ending on time", () => {
        const stall = { startFraction: 0.2, lengthFraction: 0.3, catchUp: "jump" as const };
        const jumping = job({ durationMs: 100_000, progressKind: "stalled", stall });
        expect(exactProgress(jumping, 10_000)).toBeCloseTo(10, 6);
        expect(exactProgress(jumping, 45_000)).toBeCloseTo(20, 6);
        expect(exactProgress(jumping, 60_000)).toBeCloseTo(60, 6);

        const gradual = job({ durationMs: 100_000, progressKind: "stalled", stall: { ...stall, catchUp: "gradual" } });
        expect(exactProgress(gradual, 45_000)).toBeCloseTo(20, 6);
        expect(exactProgress(gradual, 75_000)).toBeCloseTo(60, 6); // 20 + 80 · 25/50
        expect(observeJob(gradual, 99_999)).toEqual({ status: "Running", progressPercent: 99 });
        expect(observeJob(gradual, 100_000)).toEqual({ status: "Completed" });
    });

    it("reports no progress for the 'none' kind", () => {
        expect(observeJob(job({ progressKind: "none" }), 5_000)).toEqual({ status: "Running" });
    });
});

describe("statistics", () => {
    it("uses nearest-rank percentiles", () => {
        const sorted = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
        expect(percentile(sorted, 0.5)).toBe(5);
        expect(percentile(sorted, 0.95)).toBe(10);
        expect(percentile([], 0.5)).toBeNaN();
    });

    it("splits classes: completed jobs by progress kind, failed jobs on their own", () => {
        const outcomes = [
            simulateJob(job(), otcGoSdkGaussDb, options),
            simulateJob(job({ progressKind: "none" }), otcGoSdkGaussDb, options),
            simulateJob(job({ failAtMs: 5_500 }), otcGoSdkGaussDb, options),
        ];
        const summary = summarize(outcomes);
        expect(summary.byClass.linear.jobs).toBe(1);
        expect(summary.byClass.none.jobs).toBe(1);
        expect(summary.byClass.failed.jobs).toBe(1);
        expect(summary.progress.jobs).toBe(1);
        expect(summary.overall.meanCalls).toBeCloseTo((10 + 10 + 6) / 3, 6);
    });
});
