import type { PollContext } from "../jobs/poll-policy";
import {
    awsSmithyWaiter,
    googleLro,
    huaweiTerraformCreate,
    terraformStateChangeConf,
} from "./anchor-policies";
import { buildTable, renderMarkdown } from "./bench-report";
import {
    DEFAULT_DEADLINE_MS,
    DEFAULT_SEED,
    runBenchmark,
} from "./bench-suite";
import { generateWorkload } from "./bench-workload";

describe("the benchmark on 200 jobs", () => {
    // A deterministic virtual clock: these are computed numbers, not timings.
    const result = runBenchmark({ seed: DEFAULT_SEED, jobCount: 200, deadlineMs: DEFAULT_DEADLINE_MS });
    const ours = result.results.find((r) => r.ours)!;

    it("is not beaten by any anchor on both calls per job and p50 latency", () => {
        for (const anchor of result.results.filter((r) => !r.ours)) {
            const fewerCalls = anchor.summary.overall.meanCalls < ours.summary.overall.meanCalls;
            const faster = anchor.summary.overall.p50LatencyMs < ours.summary.overall.p50LatencyMs;
            expect({ anchor: anchor.label, dominates: fewerCalls && faster }).toEqual({ anchor: anchor.label, dominates: false });
        }
    });

    it("prints one markdown row per policy", () => {
        const lines = renderMarkdown(buildTable(result)).split("\n");
        expect(lines).toHaveLength(2 + result.results.length);
        expect(lines[2]).toContain("this project");
    });
});

describe("the workload", () => {
    it("is the same for the same seed and roughly matches its declared mix", () => {
        const jobs = generateWorkload({ seed: 7, jobCount: 2_000 });
        expect(generateWorkload({ seed: 7, jobCount: 2_000 })).toEqual(jobs);
        const share = (predicate: (j: (typeof jobs)[number]) => boolean) => jobs.filter(predicate).length / jobs.length;
        expect(share((j) => j.progressKind === "linear")).toBeCloseTo(0.6, 1);
        expect(share((j) => j.progressKind === "stalled")).toBeCloseTo(0.2, 1);
        expect(share((j) => j.progressKind === "none")).toBeCloseTo(0.2, 1);
        expect(share((j) => j.failAtMs !== undefined)).toBeCloseTo(0.1, 1);
        for (const j of jobs) {
            expect(j.durationMs).toBeGreaterThanOrEqual(30_000);
            expect(j.durationMs).toBeLessThanOrEqual(60 * 60_000);
            if (j.failAtMs !== undefined) expect(j.failAtMs).toBeLessThanOrEqual(j.durationMs);
        }
    });
});

describe("anchor policies follow the anchors table", () => {
    /** Delays a schedule-only policy produces for its first `n` polls. */
    function schedule(policy: { nextDelayMs(ctx: PollContext): number }, n: number, random = () => 0.5): number[] {
        const history: PollContext["history"][number][] = [];
        const delays: number[] = [];
        let nowMs = 0;
        for (let i = 0; i < n; i++) {
            const d = policy.nextDelayMs({ nowMs, deadlineMs: DEFAULT_DEADLINE_MS, history, random });
            delays.push(d);
            nowMs += d;
            history.push({ atMs: nowMs, status: "Running" });
        }
        return delays;
    }

    it("Terraform StateChangeConf: 0, then 0.2 s doubling to 10 s", () => {
        expect(schedule(terraformStateChangeConf, 9)).toEqual([0, 200, 400, 800, 1_600, 3_200, 6_400, 10_000, 10_000]);
    });

    it("Google LRO: 0, then 100 ms growing ×1.3 to 60 s", () => {
        const delays = schedule(googleLro, 40);
        expect(delays.slice(0, 3)).toEqual([0, 100, 130]);
        expect(delays[39]).toBe(60_000);
    });

    it("Huawei Terraform create: 300 s, then 10 s", () => {
        expect(schedule(huaweiTerraformCreate, 3)).toEqual([300_000, 10_000, 10_000]);
    });

    it("AWS Smithy: 2 s, then random in [2 s, 2 s·2^(n-1)], then 120 s", () => {
        const delays = schedule(awsSmithyWaiter, 10, () => 0.5);
        expect(delays[0]).toBe(2_000);
        expect(delays[1]).toBe(3_000); // halfway in [2 s, 4 s]
        expect(delays[2]).toBe(5_000); // halfway in [2 s, 8 s]
        expect(delays[9]).toBe(120_000);
    });
});
