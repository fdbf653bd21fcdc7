/**
 * When to ask the OTC task center (`GET /v3/{project_id}/jobs?id=`) about a job again.
 *
 * The rule, in one place: **the next poll is the earlier of where the end estimate points and what the
 * coverage schedule allows, and that delay then passes the guards.**
 *
 * - End estimate (this file): only an exact reading aims at the end — progress floored (OTC's documented format)
 *   or rounded, on one line through the job's start (or its last 0%), late answers skipped. Its window is
 *   bisected on flip times, and polled at its latest end once narrow. Anything else (noise, coarse steps, no
 *   progress, 99% that lasts) gets no aim: estimates that are wrong cost most when they send a waiter to sleep.
 * - Coverage ({@link coverageLimitMs}, poll-coverage.ts): how far apart polls may be whatever the estimate says,
 *   from the time waited and the duration progress announces, so a failure or an early end is noticed within a
 *   bounded share of the job.
 * - Guards ({@link guardedDelayMs}, poll-guards.ts): gaps between `minDelayMs` and `maxDelayMs`, the first poll
 *   after `firstPollMs`, the per-job call budget ({@link callBudget}), the last poll on the deadline, and
 *   Retry-After always wins.
 *
 * The module is pure: no I/O, no timers, no clock. Time and randomness come in through {@link PollContext}, so
 * the same context always yields the same delay. `npm run bench` gates it per duration band × progress model
 * against a fixed-interval poller with the same calls (docs/waiting.md, docs/benchmarks.md).
 */

import type { DurationPrior } from "./duration-prior";
import { coverageLimitMs } from "./poll-coverage";
import { callBudget, DEFAULT_BURST_CALLS, DEFAULT_CALLS_PER_HOUR, guardedDelayMs } from "./poll-guards";

export { parseProgressPercent } from "./progress-percent";
export type { DurationPrior } from "./duration-prior";
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

/** Tuning knobs; every field is optional and documented with its default. */
export interface PollPolicyOptions {
    /** Delay before the first poll. Default 2 000. */
    firstPollMs?: number;
    /** Shortest delay between polls (Retry-After and the deadline aside). Default 1 000. */
    minDelayMs?: number;
    /** Longest delay between polls; bounds how late a failure is noticed. Default 300 000 (5 min). */
    maxDelayMs?: number;
    /**
     * Typical duration per OTC job name, ms, used when the job reports no progress. Merged over
     * {@link DEFAULT_JOB_DURATION_PRIORS_MS}.
     */
    /** @deprecated Since the coverage schedule (issue 16) this no longer changes any delay; accepted so existing code compiles. */
    priorsByJobName?: Record<string, number>;
    /** Without progress or any prior: the shortest steady gap (it grows with the elapsed time). Default 2 000. */
    /** @deprecated Since the coverage schedule (issue 16) this no longer changes any delay; accepted so existing code compiles. */
    backoffBaseMs?: number;
    /**
     * Stop narrowing the predicted end once it is known this precisely, and poll at its latest moment. Roughly
     * the worst detection latency on a job with linear progress. Default 2 000.
     */
    endWindowMs?: number;
    /** Added to a predicted end, for rounding and clock skew between the API and the waiter. Default 250. */
    endMarginMs?: number;
    /** Never sleep longer than this many times the time the job (or its current phase) has run. Default 4. */
    horizonFactor?: number;
    /** Without progress, steady polls are at most this fraction of the typical duration apart. Default 0.2. */
    /** @deprecated Since the coverage schedule (issue 16) this no longer changes any delay; accepted so existing code compiles. */
    noProgressGapFraction?: number;
    /** While progress has been frozen for F ms (non-linear jobs), wait at least this fraction of F. Default 0.2. */
    /** @deprecated Since the coverage schedule (issue 16) this no longer changes any delay; accepted so existing code compiles. */
    stallBackoffFraction?: number;
    /**
     * Longest gap while the end may come any moment and nothing tells when: past every predicted end, progress
     * that fits no line, no progress once the job is old enough to end. Bounds the latency in exactly the cases
     * where prediction has failed. Default 48 000 (at most 75 calls an hour).
     */
    /** @deprecated Since the coverage schedule (issue 16) this no longer changes any delay; accepted so existing code compiles. */
    fallbackGapMs?: number;
    /** Longest gap across the last tenth of a job's predicted duration, where an early end is likeliest. Default 60 000. */
    /** @deprecated Since the coverage schedule (issue 16) this no longer changes any delay; accepted so existing code compiles. */
    nearEndGapMs?: number;
    /** Hard call budget per job: this many calls at once ({@link callBudget}). Default 12. */
    burstCalls?: number;
    /** Hard call budget per job: this many more per hour of waiting. Default 40. */
    callsPerHour?: number;
}

/**
 * Rough typical durations of OTC database jobs, ms. Guesses from the OTC documentation and common experience
 * (UNVERIFIED): they only shape polling for jobs that report no progress, so being off by ×2 costs a few calls
 * or seconds, not correctness. Override per deployment with {@link PollPolicyOptions.priorsByJobName}.
 */
export const DEFAULT_JOB_DURATION_PRIORS_MS: Readonly<Record<string, number>> = {
    CreateGaussDBV5Instance: 25 * 60_000,
    CloneGaussDBV5NewInstance: 25 * 60_000,
    RestoreGaussDBV5InInstance: 20 * 60_000,
    RestoreGaussDBV5InInstanceToExistedInst: 20 * 60_000,
    GaussDBV5ExpandClusterDN: 30 * 60_000,
    GaussDBV5ExpandClusterCN: 10 * 60_000,
    ResizeGaussDBV5Flavor: 10 * 60_000,
    EnlargeGaussDBV5Volume: 5 * 60_000,
    BackupSnapshotGaussDBV5InInstance: 3 * 60_000,
    DeleteGaussDBV5Instance: 2 * 60_000,
    CreateMysqlInstance: 10 * 60_000,
};

const DEFAULT_OPTIONS: Required<Omit<PollPolicyOptions, "priorsByJobName">> = {
    firstPollMs: 2_000,
    minDelayMs: 1_000,
    maxDelayMs: 5 * 60_000,
    backoffBaseMs: 2_000,
    endWindowMs: 2_000,
    endMarginMs: 250,
    horizonFactor: 4,
    noProgressGapFraction: 0.2,
    stallBackoffFraction: 0.2,
    fallbackGapMs: 48_000,
    nearEndGapMs: 60_000,
    burstCalls: DEFAULT_BURST_CALLS,
    callsPerHour: DEFAULT_CALLS_PER_HOUR,
};

// Coverage gaps are shortened by up to this share at random: enough to drift apart, little added to calls.
const COVERAGE_JITTER = 0.05;
// How far towards the earliest possible end a multi-way poll may go: leaves room for bisection afterwards.
const DEEP_FRACTION = 0.85;
// A poll is pushed later until one answer can land in about this many sub-windows.
const OUTCOMES_WANTED = 8;
// Progress falling by more than this many points starts a new phase; less is noise or a stale answer.
const RESET_DROP_PERCENT = 20;
/** How answers relate to the true progress q (unfloored percent). */
interface Fit {
    /** Answers show floor(q + offset): 0 floored (OTC's documented format), 0.5 rounded. */
    offset: number;
    /** Points an answer may show above q (noise). */
    above: number;
    /** Points an answer may show below q (noise, a lagging replica, a stall). */
    below: number;
}

/** The readings that aim at the end, tried in this order: floored (OTC's documented format), then rounded. */
const EXACT_FITS: readonly Fit[] = [
    { offset: 0, above: 0, below: 0 },
    { offset: 0.5, above: 0, below: 0 },
];
// The stretch before a predicted end where polls are at most nearEndGapMs apart, as a share of the duration.
const NEAR_END_SHARE = 0.1;
// Progress reported only in multiples of this many points is read as phases.
const COARSE_STEP_PERCENT = 5;
// Share of the horizon granted to a reading made of a single answer above 0%.
const SINGLE_ANSWER_HORIZON_SHARE = 0.5;
// Slack when comparing bounds: polls land exactly on flip times, and floating point must not call that a conflict.
const TOLERANCE_MS = 0.5;

export type ResolvedOptions = Required<Omit<PollPolicyOptions, "priorsByJobName">> & {
    priorsByJobName: Readonly<Record<string, number>>;
};


export function createPollPolicy(options: PollPolicyOptions = {}): PollPolicy {
    const resolved: ResolvedOptions = {
        ...DEFAULT_OPTIONS,
        ...definedOnly(options),
        priorsByJobName: { ...DEFAULT_JOB_DURATION_PRIORS_MS, ...(options.priorsByJobName ?? {}) },
    };
    validate(resolved);
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

/** One progress answer: when, and the integer percent (0..99 while running). */
export interface ProgressPoint {
    atMs: number;
    percent: number;
}

/** Where the job's end lies: `(lowMs, highMs]`, absolute ms on the waiter's clock. */
export interface EndWindow {
    lowMs: number;
    highMs: number;
}

/** An end window plus how to place flip times inside it. */
interface EndModel {
    window: EndWindow;
    /** When progress was 0% if the job ends at `endMs` (the job start for the linear reading). */
    startAt(endMs: number): number;
    /** Answers show floor(progress + offset): 0 when floored (OTC's format), 0.5 when rounded. */
    offset?: number;
}

function plannedPollMs(ctx: PollContext, o: ResolvedOptions): number {
    const nowMs = ctx.nowMs;
    const startMs = ctx.jobStartMs ?? 0;
    if (ctx.history.length === 0) return nowMs + o.firstPollMs;

    const seen = ctx.history.filter((h) => h.status !== "Unknown");
    if (seen.length === 0) {
        // The id may not be registered yet: as quiet as a job without progress, jittered so a burst drifts apart.
        return nowMs + jittered(ctx, coverageLimitMs(ctx));
    }

    // Answers shared between waiters may carry an older atMs than this waiter's previous poll: order by time.
    const ordered = isSortedByTime(seen) ? seen : [...seen].sort((a, b) => a.atMs - b.atMs);
    const lastSeenMs = ordered[ordered.length - 1]!.atMs;
    let points: ProgressPoint[] = [];
    for (const h of ordered) {
        if (h.progressPercent !== undefined && Number.isFinite(h.progressPercent)) {
            points.push({ atMs: h.atMs, percent: Math.min(99, Math.max(0, Math.floor(h.progressPercent))) });
        }
    }

    // Only an exact reading (floored or rounded progress on one line) predicts the end well enough to aim at it;
    // every other case polls on the coverage schedule, and every case stays within it.
    let aimedMs: number | undefined;
    // Nothing but 0% says as little about the end as no progress at all (the job may be queued): no estimate.
    if (!points.every((p) => p.percent === 0)) {
        // Progress that goes down starts a new phase: only its answers say anything about its end. It started
        // somewhere between the last answer of the previous phase and the first of this one, so its start is
        // unknown and no line through it is exact.
        let phase: Phase = { startMs, known: true };
        const resetIndex = lastProgressReset(points);
        if (resetIndex > 0) {
            phase = { startMs: points[resetIndex]!.atMs, known: false };
            points = points.slice(resetIndex);
        }
        const exactMs = exactReadingPollMs(ctx, o, points, phase, lastSeenMs);
        if (exactMs !== undefined) {
            // Progress has only been seen moving since the last leading 0% (a job may start late): extrapolate
            // from that span, not from the whole wait.
            const movingSinceMs = Math.max(phase.startMs, lastLeadingZero(points)?.atMs ?? phase.startMs);
            // A line through the start and one answer always fits: until a second answer confirms it, trust it less.
            const moving = points.filter((p) => p.percent > 0).length;
            const horizon = moving >= 2 ? o.horizonFactor : SINGLE_ANSWER_HORIZON_SHARE * o.horizonFactor;
            aimedMs = Math.min(exactMs, nowMs + Math.max(o.minDelayMs, horizon * (nowMs - movingSinceMs)));
        }
    }

    const coveredMs = nowMs + jittered(ctx, coverageLimitMs(ctx));
    // 99% says only that the end is near: a line through it is no reading (it would poll at 1% steps).
    const firstTop = points.find((p) => p.percent >= 99);
    const sitting =
        firstTop !== undefined &&
        points[points.length - 1]!.percent >= 99 &&
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

/** A coverage gap shortened by up to 5% at random: waiters started together drift apart, no gap grows. */
function jittered(ctx: PollContext, gapMs: number): number {
    return gapMs * (1 - COVERAGE_JITTER * ctx.random());
}

/** When the progress being reported started counting from 0%. */
interface Phase {
    /** The job start, or for a restarted phase the first answer that showed it. */
    startMs: number;
    /** False for a restarted phase: its start is only bracketed, so no reading assumes it. */
    known: boolean;
}

/**
 * The next poll aimed at the end an exact reading predicts, or undefined when there is none. The first reading
 * that fits every answer decides: floored as documented, then rounded, then the answers on one line with some
 * late ones skipped (a stall that caught up, a lagging replica). A job that showed 0% for a while may have
 * started late (queued): its line may also start at its last 0%. A reading the job has outlived is no reading.
 */
function exactReadingPollMs(
    ctx: PollContext,
    o: ResolvedOptions,
    points: readonly ProgressPoint[],
    phase: Phase,
    lastSeenMs: number,
): number | undefined {
    // Progress in steps of 5 or 10 points resolves the end no better than a step: no exact reading.
    if (!phase.known || isCoarse(points)) return undefined;
    const startMs = phase.startMs;
    const starts = [startMs];
    const lastZero = lastLeadingZero(points);
    if (lastZero !== undefined && lastZero.atMs > startMs) starts.push(lastZero.atMs);
    for (const fit of EXACT_FITS) {
        for (const lineStartMs of starts) {
            const w = fitLine(points, lineStartMs, fit);
            if (w === undefined || w.highMs + o.endMarginMs < lastSeenMs) continue;
            const window = { lowMs: Math.max(w.lowMs, lastSeenMs), highMs: w.highMs };
            if (!Number.isFinite(window.highMs)) return undefined;
            return bisectionPollMs({ window, startAt: () => lineStartMs, offset: fit.offset }, ctx.nowMs, o);
        }
    }
    const w = laggingLineWindow(points, startMs);
    if (w === undefined || w.highMs + o.endMarginMs < lastSeenMs || !Number.isFinite(w.highMs)) return undefined;
    return bisectionPollMs({ window: { lowMs: Math.max(w.lowMs, lastSeenMs), highMs: w.highMs }, startAt: () => startMs }, ctx.nowMs, o);
}

/**
 * Picks the next poll from an end window. Narrow window: its latest end (the poll that sees the job done).
 * Otherwise a flip time of the hypothesis "the job ends at the midpoint", as late as useful so one answer splits
 * the window many ways, but not past {@link DEEP_FRACTION} of the earliest end, and never before `minDelayMs`
 * from now.
 */
function bisectionPollMs(model: EndModel, nowMs: number, o: ResolvedOptions): number {
    return nearEndCap(bisectionTargetMs(model, nowMs, o), nowMs, model, o);
}

/**
 * A job that ends earlier than its progress predicts (it completes at 95%, or its last phase is quicker) most
 * likely ends shortly before the prediction. So across the last {@link NEAR_END_SHARE} of the predicted
 * duration, polls are at most `nearEndGapMs` apart, and the first such poll lands where that stretch begins.
 */
function nearEndCap(targetMs: number, nowMs: number, model: EndModel, o: ResolvedOptions): number {
    const w = model.window;
    const startMs = model.startAt(w.lowMs);
    const nearMs = startMs + (1 - NEAR_END_SHARE) * (w.lowMs - startMs);
    if (targetMs <= nearMs || targetMs - nowMs <= o.nearEndGapMs) return targetMs;
    return Math.max(nowMs + o.nearEndGapMs, Math.min(targetMs, nearMs));
}

function bisectionTargetMs(model: EndModel, nowMs: number, o: ResolvedOptions): number {
    const w = model.window;
    const widthMs = width(w);
    if (widthMs <= o.endWindowMs) return w.highMs + o.endMarginMs;
    const midMs = (w.lowMs + w.highMs) / 2;
    const startMs = model.startAt(midMs);
    if (!(midMs - startMs > 0)) return Math.max(nowMs + o.minDelayMs, midMs);
    const lowElapsedMs = Math.max(1, w.lowMs - startMs);
    const highElapsedMs = Math.max(1, w.highMs - startMs);
    // At elapsed e the answer can take about 100·e·width/(low·high) + 1 values.
    const informativeMs = startMs + ((OUTCOMES_WANTED - 1) * lowElapsedMs * highElapsedMs) / (100 * widthMs);
    const latestMs = startMs + DEEP_FRACTION * lowElapsedMs;
    const wantedMs = Math.max(nowMs + o.minDelayMs, Math.min(informativeMs, latestMs));
    const offset = model.offset ?? 0;
    // The shown value flips where the true progress crosses k − offset.
    const flip = Math.ceil((100 * (wantedMs - startMs)) / (midMs - startMs) + offset - 1e-9);
    // Flip 100 is the end itself: poll at the midpoint and either see the job done or halve the window.
    if (flip - offset >= 100 || flip >= 100) return Math.max(nowMs + o.minDelayMs, midMs);
    return startMs + ((flip - offset) * (midMs - startMs)) / 100;
}

/**
 * The end window implied by `points` if progress grows linearly from `startMs` and the job was still running
 * at `notBeforeMs`; undefined when the points contradict each other. `highMs` is Infinity while only 0% was seen.
 */
export function linearEndWindow(
    points: readonly ProgressPoint[],
    startMs: number,
    notBeforeMs: number,
    offset = 0,
): EndWindow | undefined {
    const bounds = { lowMs: notBeforeMs, highMs: Number.POSITIVE_INFINITY };
    for (const p of points) if (!narrowLinear(bounds, p, startMs, offset)) return undefined;
    return bounds;
}

/**
 * Tightens `bounds` with one point; false (bounds untouched) when the point contradicts them. An answer p
 * means true progress in [p − offset, p + 1 − offset), except 99, which a running job shows up to the end.
 */
function narrowLinear(bounds: EndWindow, p: ProgressPoint, startMs: number, offset = 0): boolean {
    const elapsedMs = p.atMs - startMs;
    if (elapsedMs <= 0) return true;
    const upper = p.percent >= 99 ? 100 : p.percent + 1 - offset;
    const lower = p.percent - offset;
    const lowMs = Math.max(bounds.lowMs, startMs + (100 * elapsedMs) / upper);
    const highMs = lower > 0 ? Math.min(bounds.highMs, startMs + (100 * elapsedMs) / lower) : bounds.highMs;
    if (lowMs > highMs + TOLERANCE_MS) return false;
    bounds.lowMs = lowMs;
    bounds.highMs = Math.max(lowMs, highMs);
    return true;
}

/**
 * The end window the answers alone imply under `fit`, if progress grows linearly from `startMs`; undefined
 * when they contradict each other. "Still running at t" is left out (the caller compares it with the window:
 * a job that outlived it was mispredicted, which is not the same as noise). An answer of 99 only says the job
 * runs, except to an exact fit.
 */
export type { Fit as ProgressFit };

export function fitLine(points: readonly ProgressPoint[], startMs: number, fit: Fit): EndWindow | undefined {
    const exact = fit.above === 0 && fit.below === 0;
    let lowMs = Number.NEGATIVE_INFINITY;
    let highMs = Number.POSITIVE_INFINITY;
    for (const p of points) {
        const elapsedMs = p.atMs - startMs;
        if (elapsedMs <= 0) continue;
        // True progress q lies in [p − offset − above, p + 1 − offset + below); the end is where q reaches 100.
        if (p.percent < 99 && Number.isFinite(fit.below)) {
            lowMs = Math.max(lowMs, startMs + (100 * elapsedMs) / (p.percent + 1 - fit.offset + fit.below));
        }
        const lower = p.percent - fit.offset - fit.above;
        if (lower > 0 && (p.percent < 99 || exact)) highMs = Math.min(highMs, startMs + (100 * elapsedMs) / lower);
    }
    return lowMs <= highMs + TOLERANCE_MS ? { lowMs, highMs: Math.max(lowMs, highMs) } : undefined;
}

/** a·x + b·y ≤ c, over x = when progress was 0%, y = when it reaches 100%. */
type HalfPlane = readonly [number, number, number];

/**
 * The end window if progress grows linearly from an unknown start: each point (t, k) says
 * k ≤ 100·(t − x)/(y − x) < k + 1, which is linear in (x, y). The window is the range of y over that polygon,
 * found by visiting its vertices (a few dozen constraints at most). Undefined when the points contradict a line.
 */
export function affineEndWindow(
    points: readonly ProgressPoint[],
    notBeforeMs: number,
    farMs: number,
    earliestStartMs: number,
): EndWindow | undefined {
    return affineEndModel(points, notBeforeMs, farMs, earliestStartMs)?.window;
}

function affineEndModel(
    points: readonly ProgressPoint[],
    notBeforeMs: number,
    farMs: number,
    earliestStartMs: number,
): EndModel | undefined {
    const constraints: HalfPlane[] = [
        [0, -1, -notBeforeMs],
        [0, 1, farMs],
        [-1, 0, -earliestStartMs],
    ];
    for (const p of points) {
        constraints.push([100 - p.percent, p.percent, 100 * p.atMs]);
        constraints.push([-(99 - p.percent), -(p.percent + 1), -100 * p.atMs]);
    }
    const window = endRange(constraints);
    if (window === undefined) return undefined;
    return {
        window,
        startAt(endMs: number): number {
            const range = startRangeAt(constraints, Math.min(window.highMs, Math.max(window.lowMs, endMs)));
            return range === undefined ? earliestStartMs : (range[0] + range[1]) / 2;
        },
    };
}

function endRange(constraints: readonly HalfPlane[]): EndWindow | undefined {
    let lowMs = Number.POSITIVE_INFINITY;
    let highMs = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < constraints.length; i++) {
        const [a1, b1, c1] = constraints[i]!;
        for (let j = i + 1; j < constraints.length; j++) {
            const [a2, b2, c2] = constraints[j]!;
            const det = a1 * b2 - a2 * b1;
            if (Math.abs(det) < 1e-9) continue;
            const x = (c1 * b2 - c2 * b1) / det;
            const y = (a1 * c2 - a2 * c1) / det;
            if (!satisfiesAll(constraints, x, y)) continue;
            lowMs = Math.min(lowMs, y);
            highMs = Math.max(highMs, y);
        }
    }
    return lowMs <= highMs ? { lowMs, highMs } : undefined;
}

function satisfiesAll(constraints: readonly HalfPlane[], x: number, y: number): boolean {
    for (const [a, b, c] of constraints) {
        if (a * x + b * y > c + TOLERANCE_MS * (Math.abs(a) + Math.abs(b))) return false;
    }
    return true;
}

/** The feasible starts x for a given end y. */
function startRangeAt(constraints: readonly HalfPlane[], y: number): [number, number] | undefined {
    let low = Number.NEGATIVE_INFINITY;
    let high = Number.POSITIVE_INFINITY;
    for (const [a, b, c] of constraints) {
        if (a > 0) high = Math.min(high, (c - b * y) / a);
        else if (a < 0) low = Math.max(low, (c - b * y) / a);
    }
    return low <= high + TOLERANCE_MS ? [low, Math.max(low, high)] : undefined;
}

/**
 * Index of the last point where progress fell by more than {@link RESET_DROP_PERCENT} below everything before
 * it; 0 when it never did. Smaller drops are noise or a lagging replica, not a new phase.
 */
function lastProgressReset(points: readonly ProgressPoint[]): number {
    let reset = 0;
    let highest = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < points.length; i++) {
        if (i > 0 && points[i]!.percent < highest - RESET_DROP_PERCENT) {
            reset = i;
            highest = Number.NEGATIVE_INFINITY;
        }
        highest = Math.max(highest, points[i]!.percent);
    }
    return reset;
}

/**
 * True when at least two answers above 0% were seen and all of them are multiples of
 * {@link COARSE_STEP_PERCENT}: a service reporting phases, not a measure of time (linear answers do this by
 * chance 4% of the time, and then only lose some sharpness).
 */
function isCoarse(points: readonly ProgressPoint[]): boolean {
    const moving = points.filter((p) => p.percent > 0 && p.percent < 99);
    return moving.length >= 2 && moving.every((p) => p.percent % COARSE_STEP_PERCENT === 0);
}

/**
 * The exact (floored) window of the answers that set a new high, when some answers did not: answers that are
 * late (a frozen stall, a replica that lags) only ever lie behind the truth, so the new highs carry it.
 * Undefined when no answer was skipped (the plain exact fit covers that) or when the new highs do not fit one
 * line (noise, whose new highs are just the luckiest draws).
 */
function laggingLineWindow(points: readonly ProgressPoint[], startMs: number): EndWindow | undefined {
    const highs: ProgressPoint[] = [];
    let best = Number.NEGATIVE_INFINITY;
    for (const p of points) {
        if (p.percent > best) highs.push(p);
        best = Math.max(best, p.percent);
    }
    if (highs.length === points.length) return undefined;
    // A new high can still be late (the first answer of a stall): walking back from the newest, skip those
    // behind the line the newer ones draw; one ahead of it is noise, and ends the reading.
    const bounds = { lowMs: Number.NEGATIVE_INFINITY, highMs: Number.POSITIVE_INFINITY };
    let onLine = 0;
    for (let i = highs.length - 1; i >= 0; i--) {
        const p = highs[i]!;
        const elapsedMs = p.atMs - startMs;
        if (elapsedMs <= 0) continue;
        const pointLowMs = startMs + (100 * elapsedMs) / (p.percent >= 99 ? 100 : p.percent + 1);
        const pointHighMs = p.percent > 0 ? startMs + (100 * elapsedMs) / p.percent : Number.POSITIVE_INFINITY;
        if (pointLowMs > bounds.highMs + TOLERANCE_MS) continue;
        if (pointHighMs + TOLERANCE_MS < bounds.lowMs) return undefined;
        bounds.lowMs = Math.max(bounds.lowMs, pointLowMs);
        bounds.highMs = Math.max(bounds.lowMs, Math.min(bounds.highMs, pointHighMs));
        onLine++;
    }
    // Two points always fit some line; it takes a third to call it one.
    return onLine >= 3 ? bounds : undefined;
}

/** The last of the answers showing 0% before any other value, if progress started at 0%. */
function lastLeadingZero(points: readonly ProgressPoint[]): ProgressPoint | undefined {
    let last: ProgressPoint | undefined;
    for (const p of points) {
        if (p.percent !== 0) break;
        last = p;
    }
    return last;
}

function isSortedByTime(observations: readonly JobObservation[]): boolean {
    for (let i = 1; i < observations.length; i++) if (observations[i]!.atMs < observations[i - 1]!.atMs) return false;
    return true;
}

function width(w: EndWindow): number {
    return w.highMs - w.lowMs;
}

function definedOnly<T extends object>(value: T): Partial<T> {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function validate(o: ResolvedOptions): void {
    const positive: (keyof typeof DEFAULT_OPTIONS)[] = [
        "firstPollMs",
        "minDelayMs",
        "maxDelayMs",
        "backoffBaseMs",
        "endWindowMs",
        "horizonFactor",
        "noProgressGapFraction",
        "fallbackGapMs",
        "nearEndGapMs",
        "burstCalls",
        "callsPerHour",
    ];
    for (const key of positive) {
        if (!(o[key] > 0) || !Number.isFinite(o[key])) throw new RangeError(`${key} must be a positive number, got ${o[key]}`);
    }
    for (const key of ["endMarginMs", "stallBackoffFraction"] as const) {
        if (!(o[key] >= 0) || !Number.isFinite(o[key])) throw new RangeError(`${key} must be ≥ 0, got ${o[key]}`);
    }
    if (o.minDelayMs > o.maxDelayMs) throw new RangeError("minDelayMs must not exceed maxDelayMs");
    for (const [name, ms] of Object.entries(o.priorsByJobName)) {
        if (!(ms > 0)) throw new RangeError(`prior for ${name} must be a positive duration, got ${ms}`);
    }
}
