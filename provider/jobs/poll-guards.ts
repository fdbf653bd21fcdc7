import type { PollContext } from "./poll-policy";
import type { PollPolicyOptions, ResolvedOptions } from "./poll-options";

/** The hard call budget per job: this many calls at once, plus this many per hour of waiting. */
export const DEFAULT_BURST_CALLS = 20;
export const DEFAULT_CALLS_PER_HOUR = 90;

/**
 * The guards every delay passes through, whatever the estimate and the coverage schedule made of the answers,
 * in this order: between `minDelayMs` and `maxDelayMs`; the first poll no later than `firstPollMs` after the job
 * started; no call before the per-job budget allows it; the last poll on the deadline, never past it; and
 * Retry-After wins over all of them, even the deadline.
 */
export function guardedDelayMs(ctx: PollContext, plannedDelayMs: number, o: ResolvedOptions): number {
    const untilDeadlineMs = ctx.deadlineMs - ctx.nowMs;
    let delayMs = 0;
    if (untilDeadlineMs > 0) {
        delayMs = Math.min(o.maxDelayMs, Math.max(o.minDelayMs, plannedDelayMs));
        // The first poll comes `firstPollMs` after the job started, not after the waiter did: a job found in the task
        // list or resumed by a later run has been running a while, and may already have ended.
        const sinceJobStartMs = ctx.nowMs - (ctx.jobStartMs ?? 0);
        if (ctx.history.length === 0) delayMs = Math.min(delayMs, Math.max(0, o.firstPollMs - sinceJobStartMs));
        delayMs = Math.max(delayMs, budgetAllowsAtMs(ctx.history.length + 1, o) - ctx.nowMs);
        // A poll just before the deadline would only be followed by another at it; one at the deadline suffices.
        if (delayMs >= untilDeadlineMs - o.minDelayMs) delayMs = untilDeadlineMs;
    }
    return Math.max(delayMs, ctx.retryAfterMs ?? 0);
}

/**
 * The most calls a waiter following this policy makes on one job it has waited on for `waitedMs`: a burst for
 * the first minutes (unknown ids, the first estimates, a short job's end) plus a steady rate. Holds whatever the
 * task center answers; Retry-After and the final poll at the deadline aside.
 */
export function callBudget(waitedMs: number, options: Pick<PollPolicyOptions, "burstCalls" | "callsPerHour"> = {}): number {
    const burst = options.burstCalls ?? DEFAULT_BURST_CALLS;
    const perHour = options.callsPerHour ?? DEFAULT_CALLS_PER_HOUR;
    return burst + Math.floor((perHour * Math.max(0, waitedMs)) / 3_600_000);
}

/** When (ms of waiting) the budget first allows call number `call` (1-based). */
function budgetAllowsAtMs(call: number, o: ResolvedOptions): number {
    if (call <= o.burstCalls) return 0;
    return Math.ceil(((call - o.burstCalls) * 3_600_000) / o.callsPerHour);
}
