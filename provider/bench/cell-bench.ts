import { durationPriorFrom, type DurationPrior } from "../jobs/duration-prior";
import { createPollPolicy, defaultPollPolicy, type PollPolicy } from "../jobs/poll-policy";
import { deriveSeed, mulberry32 } from "./bench-random";
import type { JobAnswer } from "./bench-workload";
import { percentile, runWaiter } from "./bench-simulation";
import { CELL_MODELS, type CellModel } from "./cell-models";
import { summarizeRuns, type RunSummary } from "./model-bench";

/**
 * The per-cell bench: every duration band × progress model is its own cell with its own targets, because a
 * pool hides its worst cases (long jobs hide short ones). The policy is told neither band nor model; each
 * cell is compared with a fixed-interval poller spending the same mean calls on the same jobs.
 */

export interface Band {
    label: string;
    lowMs: number;
    highMs: number;
    /** Most calls per job on average. */
    maxMeanCalls: number;
}

export const BANDS: readonly Band[] = [
    { label: "5 s–2 min", lowMs: 5_000, highMs: 120_000, maxMeanCalls: 12 },
    { label: "2–15 min", lowMs: 120_000, highMs: 900_000, maxMeanCalls: 25 },
    { label: "15 min–2 h", lowMs: 900_000, highMs: 7_200_000, maxMeanCalls: 40 },
];

export const CELL_DEADLINE_MS = 4 * 3_600_000;
export const TARGET_LINEAR_P50_MS = 2_000;
export const TARGET_FAIL_SHARE = 0.15;
export const TARGET_NONE_SHARE = 0.25;
export const TARGET_SHORT_P95_MS = 10_000;
export const TARGET_GUESS_FACTOR = 1.5;
const BENCH_JOB_NAME = "BenchJob";
const HISTORY_PER_NAME = 20;

export interface CellRow extends RunSummary {
    band: Band;
    label: string;
    kind: CellModel["kind"] | "learned" | "guess";
    /** p95 of latency / the job's duration (announced duration for failing jobs). */
    p95Share: number;
}

interface CellJob {
    index: number;
    durationMs: number;
    /** When the waiter sees a final state from. */
    endMs: number;
    unknownUntilMs: number;
    answer: (atMs: number) => JobAnswer;
    priors?: ReadonlyMap<string, DurationPrior>;
}

export interface CellBenchOptions {
    seed: number;
    jobCount: number;
    policy?: PollPolicy;
    /** Builds the policy for a built-in guess of `guessMs` (the guess rows); default createPollPolicy. */
    policyWithGuess?: (guessMs: number) => PollPolicy;
}

export function runCellBench(options: CellBenchOptions): CellRow[] {
    const policy = options.policy ?? defaultPollPolicy;
    const withGuess = options.policyWithGuess ?? ((guessMs) => createPollPolicy({ priorsByJobName: { [BENCH_JOB_NAME]: guessMs } }));
    const rows: CellRow[] = [];
    BANDS.forEach((band, b) => {
        CELL_MODELS.forEach((model, m) => {
            const jobs = modelJobs(band, model, deriveSeed(options.seed, b, m), options.jobCount);
            rows.push(runCell(band, model.label, model.kind, jobs, () => policy, options.seed));
        });
        // No progress, where only a job's name tells its duration: learned from 20 past jobs, or a built-in
        // guess 10× too long or too short (jobs of one name vary ×/÷ 1.5 around a typical duration).
        const named = namedJobs(band, deriveSeed(options.seed, b, 1_000), options.jobCount);
        rows.push(runCell(band, "no progress, learned durations", "learned", named.map((n) => n.job), () => policy, options.seed));
        for (const factor of [10, 0.1]) {
            const label = factor > 1 ? "no progress, guess 10× too long" : "no progress, guess 10× too short";
            const jobs = named.map((n) => ({ ...n.job, priors: new Map() }));
            rows.push(runCell(band, label, "guess", jobs, (i) => withGuess(named[i]!.typicalMs * factor), options.seed));
        }
    });
    return rows;
}

function modelJobs(band: Band, model: CellModel, seed: number, count: number): CellJob[] {
    return Array.from({ length: count }, (_, index) => {
        const shape = mulberry32(deriveSeed(seed, index, 1));
        const durationMs = logUniform(shape(), band.lowMs, band.highMs);
        const unknownUntilMs = shape() < 0.5 ? shape() * 2_000 : 0;
        const built = model.build(durationMs, mulberry32(deriveSeed(seed, index, 2)));
        const endMs = built.failAtMs ?? durationMs;
        return { index, durationMs, endMs, unknownUntilMs, answer: built.answer };
    });
}

function namedJobs(band: Band, seed: number, count: number): { job: CellJob; typicalMs: number }[] {
    return Array.from({ length: count }, (_, index) => {
        const shape = mulberry32(deriveSeed(seed, index, 1));
        const typicalMs = logUniform(shape(), band.lowMs, band.highMs);
        const spread = () => typicalMs * Math.exp((shape() * 2 - 1) * Math.log(1.5));
        const durationMs = spread();
        const past = Array.from({ length: HISTORY_PER_NAME }, spread);
        const prior = durationPriorFrom(past)!;
        const unknownUntilMs = shape() < 0.5 ? shape() * 2_000 : 0;
        const job: CellJob = {
            index,
            durationMs,
            endMs: durationMs,
            unknownUntilMs,
            answer: () => ({ status: "Running" }),
            priors: new Map([[BENCH_JOB_NAME, prior]]),
        };
        return { job, typicalMs };
    });
}

function runCell(
    band: Band,
    label: string,
    kind: CellRow["kind"],
    jobs: readonly CellJob[],
    policyFor: (index: number) => PollPolicy,
    seed: number,
): CellRow {
    const runs = jobs.map((job, i) => {
        const observe = (atMs: number): JobAnswer =>
            atMs >= job.endMs
                ? { status: job.endMs < job.durationMs ? "Failed" : "Completed" }
                : atMs < job.unknownUntilMs
                  ? { status: "Unknown" }
                  : job.answer(atMs);
        const run = runWaiter(job.index, BENCH_JOB_NAME, job.endMs, observe, policyFor(i), {
            deadlineMs: CELL_DEADLINE_MS,
            seed,
            policyIndex: 0,
            ...(job.priors ? { durationPriors: job.priors } : {}),
        });
        const waitedMs = Number.isFinite(run.latencyMs) ? job.endMs + run.latencyMs : CELL_DEADLINE_MS;
        return { ...run, waitedMs, share: run.latencyMs / job.durationMs };
    });
    return {
        band,
        label,
        kind,
        ...summarizeRuns(jobs.map((j) => j.endMs), runs),
        p95Share: percentile(runs.map((r) => r.share).sort((a, b) => a - b), 0.95),
    };
}

export interface CellVerdict {
    row: CellRow;
    /** Every target that missed, as "what: measured vs target"; empty when the cell passes. */
    misses: string[];
    /** How close the cell is to its tightest target: measured / limit, 1 = on the edge. */
    tightest: number;
    tightestTarget: string;
}

export function judgeCells(rows: readonly CellRow[]): CellVerdict[] {
    return rows.map((row) => {
        const checks: { what: string; measured: number; limit: number }[] = [
            { what: "calls/job", measured: row.meanCalls, limit: row.band.maxMeanCalls },
            { what: "jobs over the hard budget", measured: row.overBudget, limit: 0 },
        ];
        if (row.kind === "progress") {
            checks.push({ what: "p50 vs fixed", measured: row.p50LatencyMs, limit: row.fixedP50LatencyMs });
            checks.push({ what: "p95 vs fixed", measured: row.p95LatencyMs, limit: row.fixedP95LatencyMs });
        }
        if (row.label === "linear") checks.push({ what: "linear p50", measured: row.p50LatencyMs, limit: TARGET_LINEAR_P50_MS });
        if (row.kind === "fails") checks.push({ what: "p95 share of duration", measured: row.p95Share, limit: TARGET_FAIL_SHARE });
        if (row.kind === "none") checks.push({ what: "p95 share of duration", measured: row.p95Share, limit: TARGET_NONE_SHARE });
        if (row.kind === "learned") {
            checks.push({ what: "p50 vs fixed", measured: row.p50LatencyMs, limit: row.fixedP50LatencyMs });
            checks.push({ what: "p95 vs fixed", measured: row.p95LatencyMs, limit: row.fixedP95LatencyMs });
        }
        if (row.kind === "guess") {
            const plain = rows.find((r) => r.band === row.band && r.kind === "none")!;
            checks.push({ what: "calls vs no guess", measured: row.meanCalls, limit: TARGET_GUESS_FACTOR * plain.meanCalls });
            checks.push({ what: "p50 vs no guess", measured: row.p50LatencyMs, limit: TARGET_GUESS_FACTOR * plain.p50LatencyMs });
            checks.push({ what: "p95 vs no guess", measured: row.p95LatencyMs, limit: TARGET_GUESS_FACTOR * plain.p95LatencyMs });
        }
        if (row.band.highMs <= 120_000) checks.push({ what: "p95 (short job)", measured: row.p95LatencyMs, limit: TARGET_SHORT_P95_MS });
        const misses = checks.filter((c) => !(c.measured <= c.limit)).map((c) => `${c.what}: ${show(c)} > ${showLimit(c)}`);
        let tightest = -Infinity;
        let tightestTarget = "";
        for (const c of checks) {
            const ratio = c.limit === 0 ? (c.measured === 0 ? 0 : Infinity) : c.measured / c.limit;
            if (ratio > tightest) {
                tightest = ratio;
                tightestTarget = c.what;
            }
        }
        return { row, misses, tightest, tightestTarget };
    });
}

function show(c: { what: string; measured: number }): string {
    return c.what.includes("share") ? `${(100 * c.measured).toFixed(1)} %` : c.what.includes("calls") || c.what.includes("budget") ? c.measured.toFixed(1) : seconds(c.measured);
}
function showLimit(c: { what: string; limit: number }): string {
    return show({ what: c.what, measured: c.limit });
}

export function seconds(ms: number): string {
    if (!Number.isFinite(ms)) return "∞";
    return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

function logUniform(u: number, low: number, high: number): number {
    return Math.exp(Math.log(low) + u * (Math.log(high) - Math.log(low)));
}

export function renderCells(verdicts: readonly CellVerdict[], format: "text" | "markdown"): string {
    const header = ["band", "progress model", "calls/job", "p50", "p95", "p95 / duration", "fixed, same calls: p50 · p95", "verdict"];
    const body = verdicts.map(({ row, misses, tightest, tightestTarget }) => [
        row.band.label,
        row.label,
        row.meanCalls.toFixed(1),
        seconds(row.p50LatencyMs),
        seconds(row.p95LatencyMs),
        `${(100 * row.p95Share).toFixed(0)} %`,
        `${seconds(row.fixedP50LatencyMs)} · ${seconds(row.fixedP95LatencyMs)}`,
        misses.length > 0 ? `MISS ${misses.join("; ")}` : `pass (${tightestTarget} at ${(100 * tightest).toFixed(0)} %)`,
    ]);
    if (format === "markdown") {
        const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
        return [line(header), line(header.map((_, i) => (i < 2 || i === 7 ? "---" : "---:"))), ...body.map(line)].join("\n");
    }
    const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
    const line = (cells: readonly string[]) =>
        cells.map((c, i) => (i < 2 || i === 7 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ").trimEnd();
    return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(line)].join("\n");
}
