/**
 * Estimating a job's end from the task center's answers: where the end lies, if the answers say so exactly.
 *
 * Only an exact reading counts: progress floored (OTC's documented format) or rounded, on one straight line
 * from the job's start (or from its last leading 0%, for a job that started late), and, when some answers lag
 * (a stall that caught up, a replica behind), the line the new highs draw. Anything else (noise, coarse steps,
 * a restarted phase whose start is unknown) gives no estimate: an estimate that is wrong costs most when it
 * sends a waiter to sleep. What to do with an estimate is poll-aim.ts's concern.
 */

import type { JobObservation } from "./poll-policy";

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
export interface EndModel {
    window: EndWindow;
    /** When progress was 0% on the line that predicts the end (the job start, or its last leading 0%). */
    startMs: number;
    /** Answers show floor(progress + offset): 0 when floored (OTC's format), 0.5 when rounded. */
    offset: number;
    /** Answers above 0% on the line: a line through the start and one answer always fits, so it is trusted less. */
    moving: number;
}

/** How answers relate to the true progress q (unfloored percent). */
export interface ProgressFit {
    /** Answers show floor(q + offset): 0 floored (OTC's documented format), 0.5 rounded. */
    offset: number;
    /** Points an answer may show above q (noise). */
    above: number;
    /** Points an answer may show below q (noise, a lagging replica, a stall). */
    below: number;
}

/** The readings that aim at the end, tried in this order: floored (OTC's documented format), then rounded. */
const EXACT_FITS: readonly ProgressFit[] = [
    { offset: 0, above: 0, below: 0 },
    { offset: 0.5, above: 0, below: 0 },
];
// Progress falling by more than this many points starts a new phase; less is noise or a stale answer.
const RESET_DROP_PERCENT = 20;
// Progress reported only in multiples of this many points is read as phases.
const COARSE_STEP_PERCENT = 5;
// Slack when comparing bounds: polls land exactly on flip times, and floating point must not call that a conflict.
const TOLERANCE_MS = 0.5;

/** The answers seen so far (not "Unknown"), oldest first, and their progress as integer percents 0..99. */
export function progressPoints(history: readonly JobObservation[]): { seen: JobObservation[]; points: ProgressPoint[] } {
    const known = history.filter((h) => h.status !== "Unknown");
    // Answers shared between waiters may carry an older atMs than this waiter's previous poll: order by time.
    const seen = isSortedByTime(known) ? known : [...known].sort((a, b) => a.atMs - b.atMs);
    const points: ProgressPoint[] = [];
    for (const h of seen) {
        if (h.progressPercent !== undefined && Number.isFinite(h.progressPercent)) {
            points.push({ atMs: h.atMs, percent: Math.min(99, Math.max(0, Math.floor(h.progressPercent))) });
        }
    }
    return { seen, points };
}

/**
 * The end an exact reading of `points` predicts, or undefined when there is none. Nothing but 0% says nothing
 * (the job may be queued). Progress that falls by more than {@link RESET_DROP_PERCENT} points starts a new
 * phase whose start is only bracketed, so no line through it is exact. Then the first reading that fits every
 * answer decides: floored, then rounded, each from the job start or its last leading 0%, then the new highs'
 * line when some answers lag. A reading the job has outlived (by more than `marginMs`) is no reading.
 */
export function exactEndModel(
    points: readonly ProgressPoint[],
    jobStartMs: number,
    lastSeenMs: number,
    marginMs: number,
): EndModel | undefined {
    if (points.every((p) => p.percent === 0)) return undefined;
    if (lastProgressReset(points) > 0) return undefined;
    // Progress in steps of 5 or 10 points resolves the end no better than a step.
    if (isCoarse(points)) return undefined;
    const moving = points.filter((p) => p.percent > 0).length;
    const starts = [jobStartMs];
    const lastZero = lastLeadingZero(points);
    if (lastZero !== undefined && lastZero.atMs > jobStartMs) starts.push(lastZero.atMs);
    for (const fit of EXACT_FITS) {
        for (const startMs of starts) {
            const w = fitLine(points, startMs, fit);
            if (w === undefined || w.highMs + marginMs < lastSeenMs) continue;
            if (!Number.isFinite(w.highMs)) return undefined;
            return { window: { lowMs: Math.max(w.lowMs, lastSeenMs), highMs: w.highMs }, startMs, offset: fit.offset, moving };
        }
    }
    const w = laggingLineWindow(points, jobStartMs);
    if (w === undefined || w.highMs + marginMs < lastSeenMs || !Number.isFinite(w.highMs)) return undefined;
    return { window: { lowMs: Math.max(w.lowMs, lastSeenMs), highMs: w.highMs }, startMs: jobStartMs, offset: 0, moving };
}

/** The answers of the current phase: those from the last fall of more than {@link RESET_DROP_PERCENT} points on. */
export function currentPhase(points: readonly ProgressPoint[]): readonly ProgressPoint[] {
    const reset = lastProgressReset(points);
    return reset > 0 ? points.slice(reset) : points;
}

/** Since when progress has been seen moving: the last leading 0% if progress started at 0%, else the job start. */
export function movingSinceMs(points: readonly ProgressPoint[], jobStartMs: number): number {
    return Math.max(jobStartMs, lastLeadingZero(points)?.atMs ?? jobStartMs);
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
export function fitLine(points: readonly ProgressPoint[], startMs: number, fit: ProgressFit): EndWindow | undefined {
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
    const window = lineOfHighs(highs, startMs);
    if (window !== undefined) return window;
    // The newest high may itself be late: the first answer of the stall every answer since has repeated. With
    // no newer high to show it, it reads as the line and the older highs as noise; read the line without it.
    const newest = highs[highs.length - 1]!;
    const stalled = points[points.length - 1]!.percent === newest.percent && points[points.length - 1] !== newest;
    return stalled ? lineOfHighs(highs.slice(0, -1), startMs) : undefined;
}

/**
 * The exact (floored) window the highs draw, walking back from the newest: a high behind the line the newer
 * ones draw is late (the first answer of a stall) and skipped; one ahead of it is noise, and ends the reading.
 */
function lineOfHighs(highs: readonly ProgressPoint[], startMs: number): EndWindow | undefined {
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
