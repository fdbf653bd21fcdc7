import { learnedPriors, runModelSuite, sameBudgetFixedPoller } from "./model-bench";
import { DEFAULT_DEADLINE_MS, DEFAULT_SEED } from "./bench-suite";
import { generateModelJobs, PROGRESS_MODELS } from "./progress-models";

const model = (label: string) => PROGRESS_MODELS.find((m) => m.label === label)!;

describe("sameBudgetFixedPoller", () => {
    it("finds the shortest interval that spends no more than the mean calls, and its latencies", () => {
        // Jobs of 10 s and 20 s, 2 calls each on average: every 10 s (1 + 2 calls) is the shortest that fits.
        const fixed = sameBudgetFixedPoller([10_000, 20_000], 2);
        expect(fixed.intervalMs).toBeCloseTo(10_000, 0);
        expect(fixed.p95LatencyMs).toBeLessThan(1);
        // With 2.5 calls on average, every 6.67 s: 2 + 3 calls, late by 3.3 s and 0 s.
        const denser = sameBudgetFixedPoller([10_000, 20_000], 2.5);
        expect(denser.intervalMs).toBeCloseTo(20_000 / 3, 0);
        expect(denser.p95LatencyMs).toBeCloseTo(20_000 / 3 * 2 - 10_000, -1);
    });
});

describe("progress models", () => {
    it("give every model the same durations and names, and report 0..99 while running", () => {
        const linear = generateModelJobs(model("linear (today's)"), 5, 50);
        for (const m of PROGRESS_MODELS) {
            const jobs = generateModelJobs(m, 5, 50);
            expect(jobs.map((j) => [j.endMs, j.name])).toEqual(linear.map((j) => [j.endMs, j.name]));
            for (const j of jobs) {
                for (const f of [0.01, 0.3, 0.7, 0.999]) {
                    const p = j.running(f * j.endMs).progressPercent;
                    if (p !== undefined) expect(p >= 0 && p <= 99 && Number.isInteger(p)).toBe(true);
                }
            }
        }
    });

    it("shape progress as their labels say", () => {
        const at = (label: string, f: number) => generateModelJobs(model(label), 5, 20).map((j) => j.running(f * j.endMs).progressPercent);
        expect(at("late start", 0.05).every((p) => p === 0)).toBe(true);
        expect(at("none", 0.5).every((p) => p === undefined)).toBe(true);
        expect(at("sits at 99%", 0.95).every((p) => p === 99)).toBe(true);
        expect(at("ends below 100%", 0.999).every((p) => p! >= 79 && p! <= 99)).toBe(true);
        expect(at("ends far below 100%", 0.999).every((p) => p! >= 59 && p! < 80)).toBe(true);
        expect(at("coarse uneven steps", 0.5).every((p) => p! % 5 === 0)).toBe(true);
    });

    it("learn priors whose quantiles follow each name's durations", () => {
        const priors = learnedPriors(DEFAULT_SEED);
        const create = priors.get("CreateGaussDBV5Instance")!;
        const del = priors.get("DeleteGaussDBV5Instance")!;
        expect(create.samples).toBe(20);
        expect(create.lowMs).toBeLessThan(create.medianMs);
        expect(create.medianMs).toBeLessThan(create.highMs);
        expect(del.highMs).toBeLessThan(create.lowMs);
    });
});

describe("the robustness bench (1 000 jobs per model, as `npm run bench` runs it)", () => {
    const rows = runModelSuite({ seed: DEFAULT_SEED, jobCount: 1_000, deadlineMs: DEFAULT_DEADLINE_MS });

    it("prints a row for every model, and the cold start", () => {
        expect(rows.map((r) => r.label)).toEqual([...PROGRESS_MODELS.map((m) => m.label), "none, no history (built-in guesses)"]);
    });

    it("gates all but the row documented as stress, the cold start included", () => {
        expect(rows.filter((r) => !r.gated).map((r) => r.label)).toEqual(["ends far below 100%"]);
        expect(rows.find((r) => r.label.startsWith("none, no history"))?.gated).toBe(true);
    });
});
