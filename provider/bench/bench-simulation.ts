import type { JobObservation, PollPolicy } from "../jobs/poll-policy";
import { deriveSeed, mulberry32 } from "./bench-random";
import type { DurationPrior } from "../jobs/duration-prior";
import { type BenchJob, type JobAnswer, jobEndMs, observeJob } from "./bench-workload";

/**
 * Runs a waiter loop on a virtual clock: ask the policy for a delay, advance the clock, read the job's state
 * as the task center would report it at that instant, repeat until the job is final or the deadline passes.
 * Answers are instantaneous and there is no throttling, so "calls" and "latency" measure the policy alone.
 */

/** Which row a job counts in: its progress kind if it completes, "failed" if it fails. */
export type JobClass = "linear" | "stalled" | "none" | "failed";

export interface JobOutcome {
    job: BenchJob;
    jobClass: JobClass;
    /** Status calls made, including the one that saw the final state. */
    calls: number;
    /** How long after the job's real end the waiter saw it; Infinity when it never did (timed out). */
    latencyMs: number;
    /** Largest single sleep, ms. */
    longestSleepMs: number;
}

export interface SimulationOptions {
    /** Give up this long after submission. */
    deadlineMs: number;
    /** Seeds each (job, policy) jitter stream. */
    seed: number;
    /** Distinguishes policies' jitter streams. */
    policyIndex: number;
    /** Learned duration priors by job name, handed to the policy as the waiter would. */
    durationPriors?: ReadonlyMap<string, DurationPrior>;
}

/** A guard against a policy that never advances the clock; far above anything sane. */
const MAX_CALLS_PER_JOB = 100_000;

export function classOf(job: BenchJob): JobClass {
    return job.failAtMs !== undefined ? "failed" : job.progressKind;
}

export function simulateJob(job: BenchJob, policy: PollPolicy, options: SimulationOptions): JobOutcome {
    const run = runWaiter(job.index, job.name, jobEndMs(job), (atMs) => observeJob(job, atMs), policy, options);
    return { job, jobClass: classOf(job), ...run };
}

/** What one simulated wait cost and how late it noticed the end. */
export interface WaitRun {
    calls: number;
    /** Infinity when the waiter never saw the end (timed out). */
    latencyMs: number;
    longestSleepMs: number;
}

/**
 * The waiter loop on a virtual clock for any job: `observe(atMs)` is the task center's answer at that instant
 * and must report the final state from `endMs` on.
 */
export function runWaiter(
    index: number,
    name: string,
    endMs: number,
    observe: (atMs: number) => JobAnswer,
    policy: PollPolicy,
    options: SimulationOptions,
): WaitRun {
    const random = mulberry32(deriveSeed(options.seed, index, options.policyIndex));
    const history: JobObservation[] = [];
    let nowMs = 0;
    let calls = 0;
    let longestSleepMs = 0;
    const outcome = (latencyMs: number): WaitRun => ({ calls, latencyMs, longestSleepMs });
    while (calls < MAX_CALLS_PER_JOB) {
        if (nowMs >= options.deadlineMs && calls > 0) return outcome(Number.POSITIVE_INFINITY);
        const delayMs = policy.nextDelayMs({
            nowMs,
            deadlineMs: options.deadlineMs,
            jobStartMs: 0,
            jobName: name,
            history,
            random,
            ...(options.durationPriors?.get(name) ? { durationPrior: options.durationPriors.get(name)! } : {}),
        });
        if (!(delayMs >= 0) || !Number.isFinite(delayMs)) {
            throw new Error(`policy returned an invalid delay ${delayMs} at ${nowMs} ms`);
        }
        if (nowMs + delayMs > options.deadlineMs + 1e-6) {
            throw new Error(`policy scheduled past the deadline: ${nowMs} + ${delayMs} > ${options.deadlineMs}`);
        }
        longestSleepMs = Math.max(longestSleepMs, delayMs);
        nowMs += delayMs;
        calls++;
        const answer = observe(nowMs);
        if (answer.status === "Completed" || answer.status === "Failed") return outcome(nowMs - endMs);
        history.push({
            atMs: nowMs,
            status: answer.status,
            ...(answer.progressPercent === undefined ? {} : { progressPercent: answer.progressPercent }),
        });
    }
    throw new Error(`policy made ${MAX_CALLS_PER_JOB} calls on job ${index} without finishing`);
}

export function simulatePolicy(
    jobs: readonly BenchJob[],
    policy: PollPolicy,
    options: SimulationOptions,
): JobOutcome[] {
    return jobs.map((job) => simulateJob(job, policy, options));
}

export interface LatencyStats {
    jobs: number;
    meanCalls: number;
    p50LatencyMs: number;
    p95LatencyMs: number;
    /** Jobs whose end the waiter never saw before the deadline (their latency counts as infinite). */
    timedOut: number;
}

export const CLASSES: readonly JobClass[] = ["linear", "stalled", "none", "failed"];

export interface PolicySummary {
    overall: LatencyStats;
    /** Jobs that report progress and complete: where the latency and call targets apply. */
    progress: LatencyStats;
    byClass: Record<JobClass, LatencyStats>;
}

export function summarize(outcomes: readonly JobOutcome[]): PolicySummary {
    const byClass = {} as Record<JobClass, LatencyStats>;
    for (const jobClass of CLASSES) byClass[jobClass] = stats(outcomes.filter((o) => o.jobClass === jobClass));
    return {
        overall: stats(outcomes),
        progress: stats(outcomes.filter((o) => o.jobClass === "linear" || o.jobClass === "stalled")),
        byClass,
    };
}

export function stats(outcomes: readonly JobOutcome[]): LatencyStats {
    const latencies = outcomes.map((o) => o.latencyMs).sort((a, b) => a - b);
    const totalCalls = outcomes.reduce((sum, o) => sum + o.calls, 0);
    return {
        jobs: outcomes.length,
        meanCalls: outcomes.length === 0 ? Number.NaN : totalCalls / outcomes.length,
        p50LatencyMs: percentile(latencies, 0.5),
        p95LatencyMs: percentile(latencies, 0.95),
        timedOut: latencies.filter((l) => l === Number.POSITIVE_INFINITY).length,
    };
}

/** Nearest-rank percentile of an ascending list; NaN when empty. */
export function percentile(sortedAscending: readonly number[], fraction: number): number {
    if (sortedAscending.length === 0) return Number.NaN;
    const rank = Math.max(1, Math.ceil(fraction * sortedAscending.length));
    return sortedAscending[rank - 1] ?? Number.NaN;
}
