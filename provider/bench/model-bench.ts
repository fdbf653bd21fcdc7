import type { DurationPrior } from "../jobs/duration-prior";
import { callBudget, defaultPollPolicy, type PollPolicy } from "../jobs/poll-policy";
import { percentile, runWaiter, type WaitRun } from "./bench-simulation";
import { durationPriorFrom } from "../jobs/duration-prior";
import { generateHistory, generateModelJobs, type ModelJob, PROGRESS_MODELS, type ProgressModel } from "./progress-models";

/**
 * The robustness bench: the policy on every progress model (progress-models.ts), each compared with the one
 * baseline that needs no assumption about progress at all, a fixed-interval poller spending the same mean
 * number of calls on the same jobs. A policy that predicts well beats it; one that predicts badly must not
 * lose to it.
 */

/** What a set of runs on the same jobs measured, beside the fixed poller spending the same calls. */
export interface RunSummary {
    jobs: number;
    meanCalls: number;
    maxCalls: number;
    /** Jobs whose calls exceeded the policy's hard budget for the time they were waited on. */
    overBudget: number;
    p50LatencyMs: number;
    p95LatencyMs: number;
    timedOut: number;
    /** The interval of a fixed poller spending `meanCalls` per job on the same jobs, and its latencies. */
    fixedIntervalMs: number;
    fixedP50LatencyMs: number;
    fixedP95LatencyMs: number;
}

export interface ModelRow extends RunSummary {
    label: string;
    /** False for a stress row: targets printed, not enforced. */
    gated: boolean;
    description: string;
}

export interface ModelBenchOptions {
    seed: number;
    jobCount: number;
    deadlineMs: number;
    policy?: PollPolicy;
    /** Learned priors by job name, as the waiter would pass them; none by default. */
    durationPriors?: ReadonlyMap<string, DurationPrior>;
    /** Default: every model. */
    models?: readonly ProgressModel[];
}

export const TARGET_MODEL_MEAN_CALLS = 15;
export const TARGET_LINEAR_P50_MS = 2_000;
export const TARGET_LINEAR_MEAN_CALLS = 10;

/** Past jobs per name in the simulated task-list history (a month of a small project's jobs). */
export const HISTORY_JOBS_PER_NAME = 20;

/** The priors a waiter would learn from the task list: {@link HISTORY_JOBS_PER_NAME} past durations per name. */
export function learnedPriors(seed: number, perName = HISTORY_JOBS_PER_NAME): Map<string, DurationPrior> {
    const priors = new Map<string, DurationPrior>();
    for (const [name, durations] of generateHistory(seed, perName)) {
        const prior = durationPriorFrom(durations);
        if (prior) priors.set(name, prior);
    }
    return priors;
}

/**
 * Every model with learned priors (as the provider runs once it has read the task list), then the model
 * without progress once more with the built-in guesses only (a project with no history yet): the difference
 * is what learning durations buys.
 */
export function runModelSuite(options: Omit<ModelBenchOptions, "durationPriors" | "models">): ModelRow[] {
    const rows = runModelBench({ ...options, durationPriors: learnedPriors(options.seed) });
    const none = PROGRESS_MODELS.filter((m) => m.label === "none");
    // The cold start (a project's first run, or a task list that cannot be read), also what learning buys. Gated
    // like the others: the waits of a first run must not cost more than a fixed poller's.
    const cold = runModelBench({ ...options, models: none }).map((row) => ({ ...row, label: "none, no history (built-in guesses)" }));
    return [...rows, ...cold];
}

export function runModelBench(options: ModelBenchOptions): ModelRow[] {
    const policy = options.policy ?? defaultPollPolicy;
    return (options.models ?? PROGRESS_MODELS).map((model) => {
        const jobs = generateModelJobs(model, options.seed, options.jobCount);
        const runs = jobs.map((job) => runModelJob(job, policy, options));
        return summarizeRow(model, jobs, runs);
    });
}

function runModelJob(job: ModelJob, policy: PollPolicy, options: ModelBenchOptions): WaitRun & { waitedMs: number } {
    const observe = (atMs: number) =>
        atMs >= job.endMs ? { status: "Completed" as const } : atMs < job.unknownUntilMs ? { status: "Unknown" as const } : job.running(atMs);
    const run = runWaiter(job.index, job.name, job.endMs, observe, policy, {
        deadlineMs: options.deadlineMs,
        seed: options.seed,
        policyIndex: 0,
        ...(options.durationPriors ? { durationPriors: options.durationPriors } : {}),
    });
    const waitedMs = Number.isFinite(run.latencyMs) ? job.endMs + run.latencyMs : options.deadlineMs;
    return { ...run, waitedMs };
}

function summarizeRow(model: ProgressModel, jobs: readonly ModelJob[], runs: readonly (WaitRun & { waitedMs: number })[]): ModelRow {
    return { label: model.label, gated: model.gated ?? true, description: model.description, ...summarizeRuns(jobs.map((j) => j.endMs), runs) };
}

/** Calls, budget overruns and latency percentiles of runs on jobs ending at `endsMs`, and the same-calls fixed poller. */
export function summarizeRuns(endsMs: readonly number[], runs: readonly (WaitRun & { waitedMs: number })[]): RunSummary {
    const latencies = runs.map((r) => r.latencyMs).sort((a, b) => a - b);
    const meanCalls = runs.reduce((s, r) => s + r.calls, 0) / runs.length;
    const fixed = sameBudgetFixedPoller(endsMs, meanCalls);
    return {
        jobs: runs.length,
        meanCalls,
        maxCalls: Math.max(...runs.map((r) => r.calls)),
        overBudget: runs.filter((r) => r.calls > callBudget(r.waitedMs)).length,
        p50LatencyMs: percentile(latencies, 0.5),
        p95LatencyMs: percentile(latencies, 0.95),
        timedOut: latencies.filter((l) => !Number.isFinite(l)).length,
        fixedIntervalMs: fixed.intervalMs,
        fixedP50LatencyMs: fixed.p50LatencyMs,
        fixedP95LatencyMs: fixed.p95LatencyMs,
    };
}

/**
 * A poller that asks every `I` ms from submission sees a job ending at E after ceil(E/I) calls, E/I rounded up
 * times I minus E late. `I` is found by bisection so that the mean calls match `meanCalls`.
 */
export function sameBudgetFixedPoller(
    endsMs: readonly number[],
    meanCalls: number,
): { intervalMs: number; p50LatencyMs: number; p95LatencyMs: number } {
    const callsAt = (intervalMs: number) => endsMs.reduce((s, e) => s + Math.max(1, Math.ceil(e / intervalMs)), 0) / endsMs.length;
    let low = 1;
    let high = 24 * 3_600_000;
    for (let i = 0; i < 80; i++) {
        const mid = (low + high) / 2;
        // Fewer calls with a longer interval: keep the shortest interval that does not spend more than ours.
        if (callsAt(mid) > meanCalls) low = mid;
        else high = mid;
    }
    const latencies = endsMs.map((e) => Math.max(1, Math.ceil(e / high)) * high - e).sort((a, b) => a - b);
    return { intervalMs: high, p50LatencyMs: percentile(latencies, 0.5), p95LatencyMs: percentile(latencies, 0.95) };
}

export interface ModelTarget {
    description: string;
    measured: string;
    pass: boolean;
    /** False when a miss is reported but does not fail the bench. */
    gated: boolean;
}

export function evaluateModelTargets(rows: readonly ModelRow[]): ModelTarget[] {
    const targets: ModelTarget[] = [];
    for (const row of rows) {
        const gated = row.gated;
        targets.push(
            {
                description: `${row.label}: ≤ ${TARGET_MODEL_MEAN_CALLS} calls per job on average`,
                measured: row.meanCalls.toFixed(1),
                pass: row.meanCalls <= TARGET_MODEL_MEAN_CALLS,
                gated,
            },
            {
                description: `${row.label}: no job over the hard call budget`,
                measured: `${row.overBudget} over, most ${row.maxCalls}`,
                pass: row.overBudget === 0,
                gated,
            },
            {
                description: `${row.label}: p95 no worse than a fixed poller with the same budget`,
                measured: `${seconds(row.p95LatencyMs)} vs ${seconds(row.fixedP95LatencyMs)}`,
                pass: row.p95LatencyMs <= row.fixedP95LatencyMs && row.timedOut === 0,
                gated,
            },
        );
    }
    const linear = rows.find((r) => r.label.startsWith("linear"));
    if (linear) {
        targets.push({
            description: `linear: p50 ≤ ${seconds(TARGET_LINEAR_P50_MS)} with ≤ ${TARGET_LINEAR_MEAN_CALLS} calls per job`,
            measured: `${seconds(linear.p50LatencyMs)}, ${linear.meanCalls.toFixed(1)} calls`,
            pass: linear.p50LatencyMs <= TARGET_LINEAR_P50_MS && linear.meanCalls <= TARGET_LINEAR_MEAN_CALLS,
            gated: true,
        });
    }
    return targets;
}

function seconds(ms: number): string {
    if (!Number.isFinite(ms)) return "∞";
    return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}
