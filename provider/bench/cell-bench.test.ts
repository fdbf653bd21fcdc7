import { BANDS, judgeCells, runCellBench, type CellRow } from "./cell-bench";
import { sameBudgetFixedPoller } from "./model-bench";
import { CELL_MODELS } from "./cell-models";
import { intOption } from "./run-cell-bench";

// The per-cell bench on a virtual clock: computed numbers, not timings. 200 jobs a cell keeps this quick.
const rows = runCellBench({ seed: 11, jobCount: 200 });
const verdicts = judgeCells(rows);
const cell = (band: string, label: string) => verdicts.find((v) => v.row.band.label === band && v.row.label === label)!;

describe("the per-cell bench", () => {
    it("has one row per band × model, plus learned and guessed durations per band", () => {
        expect(rows).toHaveLength(BANDS.length * (CELL_MODELS.length + 3));
        expect(new Set(rows.map((r) => `${r.band.label}/${r.label}`)).size).toBe(rows.length);
    });

    it("is the same for the same seed, and differs for another", () => {
        const again = runCellBench({ seed: 11, jobCount: 50 });
        expect(runCellBench({ seed: 11, jobCount: 50 })).toEqual(again);
        expect(runCellBench({ seed: 12, jobCount: 50 }).map((r) => r.p95LatencyMs)).not.toEqual(again.map((r) => r.p95LatencyMs));
    });

    it.each(BANDS.map((b) => b.label))("meets the guarantees that matter most in %s: failures, no progress, linear", (band) => {
        for (const label of ["fails part way", "no progress", "linear", "rounded", "stalls, then jumps"]) {
            // Calls aside (no progress in 2–15 min sits within a call of its budget): latency and share targets.
            expect({ label, misses: cell(band, label).misses.filter((m) => !m.startsWith("calls/job")) }).toEqual({ label, misses: [] });
        }
    });

    it("flags a cell that misses, and names the target", () => {
        const bad: CellRow = { ...rows[0]!, meanCalls: 99, p95LatencyMs: 1e9 };
        const [verdict] = judgeCells([bad, ...rows.slice(1)]);
        expect(verdict!.misses.some((m) => m.startsWith("calls/job"))).toBe(true);
        expect(verdict!.misses.some((m) => m.startsWith("p95 vs fixed"))).toBe(true);
    });

    it("compares with the fixed poller that spends the same calls", () => {
        const fixed = sameBudgetFixedPoller([10_000, 20_000], 2);
        expect(fixed.intervalMs).toBeCloseTo(10_000, 0);
        expect(fixed.p95LatencyMs).toBeLessThan(1);
    });

    it("reads --seed N and --seed=N", () => {
        expect(intOption(["--seed", "42"], "seed")).toBe(42);
        expect(intOption(["--seed=7"], "seed")).toBe(7);
        expect(intOption([], "seed")).toBeUndefined();
        expect(() => intOption(["--seed", "x"], "seed")).toThrow(/--seed/);
    });
});
