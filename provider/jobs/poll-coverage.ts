import type { DurationPrior } from "./duration-prior";
import type { PollContext } from "./poll-policy";

/**
 * How far apart polls may be, whatever the end estimate says: polls keep covering the run, so a job that
 * fails, or ends before its progress says it will, is noticed within a bounded share of its duration.
 */
export const COVERAGE = {
    /** No progress field at all: gap ≤ this share of the time waited (noticed within it, at any length). */
    quietShare: 0.26,
    /** ...and at most this long while such a job is young (a short job is noticed within 10 s at p95)... */
    youngCapMs: 10_000,
    /**
     * ...a cap that widens by this many ms per second waited from `youngWidenFromMs` on (16 s at 2 min). Jobs
     * end at a rate that falls as 1/duration, so a wider gap late in the second minute delays the fewest of
     * them, and every job that outlives the second minute spends a poll less in it (with a flat 11 s cap the
     * 2–15 min band spent 25.7–25.9 calls per job, over its budget of 25, on seeds 20240607, 1, 7, 2, 3).
     */
    youngWidenMsPerS: 100,
    youngWidenFromMs: 60_000,
    youngUntilMs: 120_000,
    /** 0% (or Pending) at t says the job needs about 100·t more if it runs linearly: gap ≤ this share of t. */
    zeroShare: 1,
    /** With progress: gap ≤ this share of the time it has been moving... */
    movingShare: 1,
    /** ...and ≤ this share of the duration progress announces (a failure is noticed within it). */
    announcedShare: 0.14,
    /** From this share of the announced duration to its end, where an early end is likeliest... */
    nearStart: 0.55,
    /** ...gap ≤ this share of the announced duration. */
    nearShare: 0.05,
    /** Past the announced duration: gap ≤ this share of the time waited. */
    overdueShare: 0.2,
    /** No progress, learned durations: across [p10, p90] of past jobs, gaps of this many near gaps of their median. */
    learnedGapFactor: 1,
    /** ...over [p10, p90] stretched by this power on a log scale around the median (1.3: p5 to p95 if log-normal). */
    learnedStretch: 1.3,
};

/** The longest the next poll may wait, ms from now. */
export function coverageLimitMs(ctx: PollContext): number {
    const c = COVERAGE;
    const startMs = ctx.jobStartMs ?? 0;
    const waitedMs = Math.max(0, ctx.nowMs - startMs);
    let movingFromMs = startMs;
    // Whether the latest answer still says 0 % or Pending: a job that went on to run without a progress field (as
    // TaurusDB's creates do after `Pending`) is a quiet job from then on, not a queued one.
    let stillZero = false;
    let first: { atMs: number; percent: number } | undefined;
    let latest: { atMs: number; percent: number } | undefined;
    for (const h of ctx.history) {
        if (h.status === "Unknown") continue;
        const p = h.progressPercent;
        if (h.status === "Pending" || p === 0) {
            stillZero = true;
            if (first === undefined) movingFromMs = Math.max(movingFromMs, h.atMs);
            continue;
        }
        stillZero = false;
        if (p === undefined || !Number.isFinite(p) || p < 0) continue;
        const point = { atMs: h.atMs, percent: Math.min(99, p) };
        first ??= point;
        if (latest === undefined || point.atMs >= latest.atMs) latest = point;
    }
    const young = waitedMs < c.youngUntilMs ? youngCapMs(waitedMs) : Number.POSITIVE_INFINITY;
    if (latest === undefined || first === undefined) {
        if (stillZero) return c.zeroShare * waitedMs;
        const prior = ctx.durationPrior;
        if (prior !== undefined) {
            // Past jobs of this name bracket the end. Their 10th and 90th percentiles leave a fifth of the jobs
            // outside, which would set the p95: the window is stretched beyond them (on a log scale, as
            // durations vary) to hold about 95%. Before it, polls approach it half way at a time (an early failure
            // still shows); across it, a steady gap set by the median's scale, as a fixed poller would keep.
            const [fromMs, untilMs] = learnedWindowMs(prior);
            // The window says when the job ends, so its gap keeps the median's own scale, however short: past jobs of a
            // few seconds are not left 3 s late (nearGapMs's floor is for answers that only announce a scale).
            const windowGapMs = c.learnedGapFactor * durationGapMs(prior.medianMs);
            // Past jobs say when this one will end: the young cap, for jobs that may end any moment, waits for it.
            const remainingMs = fromMs - waitedMs;
            if (remainingMs > 0) {
                const approachMs = Math.min(remainingMs, Math.max(0.5 * remainingMs, c.quietShare * waitedMs));
                return Math.max(windowGapMs, approachMs);
            }
            if (waitedMs < untilMs) return Math.min(young, windowGapMs);
            // Past the window the job is late, not unknown: gaps grow from the window's with the overrun.
            return Math.min(young, c.quietShare * waitedMs, Math.max(windowGapMs, c.overdueShare * (waitedMs - untilMs)));
        }
        return Math.min(young, c.quietShare * waitedMs);
    }
    // The duration progress announces: the line from when progress started moving through the latest answer.
    const announcedMs =
        movingFromMs - startMs + Math.max(0, ((latest.atMs - movingFromMs) * 100) / (latest.percent + 0.5));
    const movingMs = Math.max(0, ctx.nowMs - movingFromMs);
    let limitMs = Math.min(c.movingShare * Math.max(movingMs, waitedMs / 4), c.announcedShare * announcedMs);
    // 99% says only that the end is near, not when: poll as densely as before any announced end.
    if (latest.percent >= 99) return Math.min(limitMs, SITTING_GAP_FACTOR * nearGapMs(waitedMs));
    if (waitedMs >= announcedMs) limitMs = Math.min(limitMs, c.overdueShare * waitedMs);
    else if (waitedMs >= c.nearStart * announcedMs) limitMs = Math.min(limitMs, nearGapMs(announcedMs));
    return limitMs;
}

/** The longest gap of a young job without progress, `waitedMs` into its wait. */
export function youngCapMs(waitedMs: number): number {
    const c = COVERAGE;
    return c.youngCapMs + (c.youngWidenMsPerS * Math.max(0, waitedMs - c.youngWidenFromMs)) / 1_000;
}

/** Where past jobs of a name say about 95% of them end: p10 and p90 stretched away from the median. */
export function learnedWindowMs(prior: DurationPrior): [number, number] {
    const median = Math.max(1, prior.medianMs);
    const stretch = COVERAGE.learnedStretch;
    return [median * (Math.min(prior.lowMs, median) / median) ** stretch, median * (Math.max(prior.highMs, median) / median) ** stretch];
}

/**
 * The gap before an announced end. Not a fixed share of the duration: a fixed poller's latency is the same on
 * long and short jobs, so gaps growing as fast as the duration lose to it on the long jobs of any mix. Growing
 * as its 3/4 power spends a few more calls on long jobs and keeps their p95 in line.
 *
 * Under a minute the gap stays at a one-minute job's (3 s) instead of shrinking towards `minDelayMs`. The
 * shorter gaps bought under a second each on the shortest jobs, where a fixed poller with the same calls asks
 * about every 3 s, and spent the calls the short band runs out of (cells passing on seeds 20240607, 1, 7, 2, 3:
 * 35, 33, 35, 33, 33 → 35, 33, 37, 33, 34; none lost; docs/benchmarks.md). The 14 % failure coverage still
 * keeps a short job's gaps under its own scale before the announced end. It also ends a trap of coarse
 * progress: a step that announces too early an end (70 % at 8 s of a 45 s job) was approached, and then
 * overrun, at 1 s a poll, which spent the per-job burst and left one call per 40 s for the real end.
 */
export function nearGapMs(announcedMs: number): number {
    return durationGapMs(Math.max(announcedMs, NEAR_SCALE_MS));
}

/** The near-end gap's curve without its floor: 5 %·D^0.75·(1 min)^0.25. */
function durationGapMs(durationMs: number): number {
    return COVERAGE.nearShare * durationMs ** 0.75 * NEAR_SCALE_MS ** 0.25;
}
const NEAR_SCALE_MS = 60_000;
// At 99% the end may be as far off as the job has run: denser than this spends more calls than the bands allow.
const SITTING_GAP_FACTOR = 1;
