/**
 * When to ask the OTC task center (`GET /v3/{project_id}/jobs?id=`) about a job again.
 *
 * The rule, in one place: **the next poll is the earlier of where the end estimate points and what the
 * coverage schedule allows, and that delay then passes the guards.** Each part is its own module:
 *
 * - End estimate (end-estimate.ts): only an exact reading predicts the end — progress floored (OTC's documented
 *   format) or rounded, on one line through the job's start (or its last 0%), late answers skipped. Anything
 *   else (noise, coarse steps, no progress, a restarted phase) gives no estimate: estimates that are wrong cost
 *   most when they send a waiter to sleep. 99% that lasts past the line is no estimate either.
 * - Aim (poll-aim.ts): from an estimate, the poll that bisects its window on flip times, or its latest end once
 *   narrow; never further ahead than a multiple of the time progress has been moving.
 * - Coverage ({@link coverageLimitMs}, poll-coverage.ts): how far apart polls may be whatever the estimate says,
 *   from the time waited and the duration progress announces, so a failure or an early end is noticed within a
 *   bounded share of the job.
 * - Guards ({@link guardedDelayMs}, poll-guards.ts): gaps between `minDelayMs` and `maxDelayMs`, the first poll
 *   after `firstPollMs`, the per-job call budget ({@link callBudget}), the last poll on the deadline, and
 *   Retry-After always wins.
 * - Options (poll-options.ts): the knobs, their defaults and their checks.
 *
 * The module is pure: no I/O, no timers, no clock. Time and randomness come in through {@link PollContext}, so
 * the same context always yields the same delay. `npm run bench` gates it per duration band × progress model
 * against a fixed-interval poller with the same calls (docs/waiting.md, docs/benchmarks.md).
 */

import type { DurationPrior } from "./duration-prior";
import { currentPhase, exactEndModel, movingSinceMs, progressPoints } from "./end-estimate";
import { aimedPollMs } from "./poll-aim";
import { coverageLimitMs } from "./poll-coverage";
import { callBudget, guardedDelayMs } from "./poll-guards";
import { resolvePollOptions, type PollPolicyOptions, type ResolvedOptions } from "./poll-options";

export { parseProgressPercent } from "./progress-percent";
export type { DurationPrior } from "./duration-prior";
export { DEFAULT_JOB_DURATION_PRIORS_MS, type PollPolicyOptions, type ResolvedOptions } from "./poll-options";
export { fitLine, linearEndWindow, type EndWindow, type ProgressFit, type ProgressPoint } from "./end-estimate";
export { callBudget };

export interface JobObservation {
    /** When the poll answered, ms since the waiter started. */
    atMs: number;
    /** "Pending" | "Running" | "Unknown" (job id not yet known to the API, or an error answer). */
    status: "Pending" | "Running" | "Unknown";
    /** Reported progress 0..100 parsed from "NN%" (`progress` or `process` field); undefined when none reported. */
    progressPercent?: number;
}

export interface PollContext {
    /** Now, ms since the waiter started. */
    nowMs: number;
    /** When waiting stops, ms since the waiter started. */
    deadlineMs: number;
    /** When the job started, ms since the waiter started (≤ 0 when resuming an older job); default 0. */
    jobStartMs?: number;
    /** OTC job name, e.g. "CreateGaussDBV5Instance", for duration priors. */
    jobName?: string;
    /** Every observation so far, oldest first (empty before the first poll). */
    history: readonly JobObservation[];
    /** Retry-After of the last answer, in ms, if any: never poll earlier. */
    retryAfterMs?: number;
    /** Uniform random in [0, 1): injectable for determinism. */
    random: () => number;
    /** How long past jobs of this name took (learned from the task list); preferred over the built-in guesses. */
    durationPrior?: DurationPrior;
}

export interface PollPolicy {
    /** Delay before the next poll, ms (≥ 0). Must never schedule past ctx.deadlineMs except to honour retryAfterMs; the last poll lands at the deadline. */
    nextDelayMs(ctx: PollContext): number;
}

// Coverage gaps are shortened by up to this share at random, so waiters started together drift apart (the
// per-endpoint queue paces any burst that remains). It is paid in polls: 5 % cost jobs without progress 0.7
// calls each in the 2–15 min band (25.6 against 24.9 at 1 %, seed 20240607), where the budget is 25.
const COVERAGE_JITTER = 0.01;

export function createPollPolicy(options: PollPolicyOptions = {}): PollPolicy {
    const resolved = resolvePollOptions(options);
    return { nextDelayMs: (ctx) => nextDelayMs(ctx, resolved) };
}

/** The policy with every default. */
export const defaultPollPolicy: PollPolicy = createPollPolicy();

function nextDelayMs(ctx: PollContext, o: ResolvedOptions): number {
    if (ctx.deadlineMs - ctx.nowMs <= 0) return guardedDelayMs(ctx, 0, o);
    let plannedMs = plannedPollMs(ctx, o);
    // Unreachable with sane inputs; if arithmetic ever goes wrong, the coverage schedule still applies.
    if (Number.isNaN(plannedMs)) plannedMs = ctx.nowMs + coverageLimitMs(ctx);
    return guardedDelayMs(ctx, plannedMs - ctx.nowMs, o);
}

/** The rule: the earlier of the aimed poll and the coverage limit (error answers aside); the guards come after. */
function plannedPollMs(ctx: PollContext, o: ResolvedOptions): number {
    const nowMs = ctx.nowMs;
    const startMs = ctx.jobStartMs ?? 0;
    if (ctx.history.length === 0) return nowMs + o.firstPollMs;

    const { seen, points } = progressPoints(ctx.history);
    // The id may not be registered yet: as quiet as a job without progress, jittered so a burst drifts apart.
    if (seen.length === 0) return nowMs + jittered(ctx, coverageLimitMs(ctx));
    const lastSeenMs = seen[seen.length - 1]!.atMs;

    const model = exactEndModel(points, startMs, lastSeenMs, o.endMarginMs);
    const aimedMs = model === undefined ? undefined : aimedPollMs(model, nowMs, movingSinceMs(points, startMs), o);

    const coveredMs = nowMs + jittered(ctx, coverageLimitMs(ctx));
    // 99% says only that the end is near: a line through it is no reading once the job has outlived it.
    const phase = currentPhase(points);
    const firstTop = phase.find((p) => p.percent >= 99);
    const sitting =
        firstTop !== undefined &&
        phase[phase.length - 1]!.percent >= 99 &&
        lastSeenMs > startMs + ((firstTop.atMs - startMs) * 100) / 99;
    let targetMs = aimedMs !== undefined && !sitting ? Math.min(aimedMs, coveredMs) : coveredMs;

    let trailingErrors = 0;
    for (let i = ctx.history.length - 1; i >= 0 && ctx.history[i]!.status === "Unknown"; i--) trailingErrors++;
    if (trailingErrors > 0) {
        // The job was known, so these are error answers: back off rather than hammer a struggling API.
        const floorMs = ctx.random() * Math.min(o.maxDelayMs, o.minDelayMs * 2 ** trailingErrors);
        targetMs = Math.max(targetMs, nowMs + floorMs);
    }
    return targetMs;
}

/** A coverage gap shortened by up to 1% at random: waiters started together drift apart, no gap grows. */
function jittered(ctx: PollContext, gapMs: number): number {
    return gapMs * (1 - COVERAGE_JITTER * ctx.random());
}
