/**
 * When to ask the OTC task center about a job next. DRAFT v1 (documentation follows once tuned).
 */

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
}

export interface PollPolicy {
    /** Delay before the next poll, ms (≥ 0). Must never schedule past ctx.deadlineMs except to honour retryAfterMs; the last poll lands at the deadline. */
    nextDelayMs(ctx: PollContext): number;
}

export interface PollPolicyOptions {
    firstPollMs?: number;
    minDelayMs?: number;
    maxDelayMs?: number;
    priorsByJobName?: Record<string, number>;
    backoffBaseMs?: number;
    finalWindowMs?: number;
    endMarginMs?: number;
    zeroProgressStretch?: number;
    deepFraction?: number;
    outcomesWanted?: number;
    approachFraction?: number;
    noProgressGapFraction?: number;
    noPriorGapFraction?: number;
    horizonFactor?: number;
}

export const DEFAULT_JOB_DURATION_PRIORS_MS: Readonly<Record<string, number>> = {
    CreateGaussDBV5Instance: 25 * 60_000,
    DeleteGaussDBV5Instance: 2 * 60_000,
    ResizeGaussDBV5Flavor: 10 * 60_000,
    EnlargeGaussDBV5Volume: 5 * 60_000,
    BackupSnapshotGaussDBV5InInstance: 3 * 60_000,
    RestoreGaussDBV5InInstance: 20 * 60_000,
    RestoreGaussDBV5InInstanceToExistedInst: 20 * 60_000,
    CloneGaussDBV5NewInstance: 25 * 60_000,
    GaussDBV5ExpandClusterCN: 10 * 60_000,
    GaussDBV5ExpandClusterDN: 30 * 60_000,
    CreateMysqlInstance: 10 * 60_000,
};

type Resolved = Required<Omit<PollPolicyOptions, "priorsByJobName">> & { priorsByJobName: Record<string, number> };

const DEFAULTS: Omit<Resolved, "priorsByJobName"> = {
    firstPollMs: 2_000,
    minDelayMs: 1_000,
    maxDelayMs: 5 * 60_000,
    backoffBaseMs: 2_000,
    finalWindowMs: 2_000,
    endMarginMs: 250,
    zeroProgressStretch: 25,
    deepFraction: 0.85,
    outcomesWanted: 8,
    approachFraction: 0.5,
    noProgressGapFraction: 0.2,
    noPriorGapFraction: 0.5,
    horizonFactor: 3,
};

export function parseProgressPercent(raw: string | null | undefined): number | undefined {
    if (raw === null || raw === undefined) return undefined;
    const m = /^\s*(\d{1,3}(?:\.\d+)?)\s*%?\s*$/.exec(raw);
    if (!m || m[1] === undefined) return undefined;
    const value = Number(m[1]);
    return value >= 0 && value <= 100 ? value : undefined;
}

interface ProgressPoint {
    atMs: number;
    percent: number;
}

export interface EndWindow {
    lowMs: number;
    highMs: number;
}

const TOLERANCE_MS = 0.5;

export function linearEndWindow(points: readonly ProgressPoint[], startMs: number, notBeforeMs: number): EndWindow | undefined {
    let lowMs = notBeforeMs;
    let highMs = Number.POSITIVE_INFINITY;
    for (const p of points) {
        const elapsed = p.atMs - startMs;
        if (elapsed <= 0) continue;
        const k = Math.min(99, Math.floor(p.percent));
        lowMs = Math.max(lowMs, startMs + (100 * elapsed) / (k + 1));
        if (k > 0) highMs = Math.min(highMs, startMs + (100 * elapsed) / k);
    }
    return lowMs <= highMs + TOLERANCE_MS ? { lowMs, highMs: Math.max(lowMs, highMs) } : undefined;
}

/** a·x + b·y ≤ c over x = effective start, y = end. */
type HalfPlane = [number, number, number];

export interface EndModel {
    window: EndWindow;
    /** Effective start (progress 0%) if the job ends at `endMs`. */
    startAt(endMs: number): number;
}

function affineConstraints(
    points: readonly ProgressPoint[],
    notBeforeMs: number,
    horizonMs: number,
    earliestStartMs: number,
): HalfPlane[] {
    const cs: HalfPlane[] = [
        [0, -1, -notBeforeMs],
        [0, 1, horizonMs],
        [-1, 0, -earliestStartMs],
    ];
    for (const p of points) {
        const k = Math.min(99, Math.floor(p.percent));
        cs.push([100 - k, k, 100 * p.atMs]);
        cs.push([-(99 - k), -(k + 1), -100 * p.atMs]);
    }
    return cs;
}

function feasible(cs: readonly HalfPlane[], x: number, y: number): boolean {
    for (const [a, b, c] of cs) if (a * x + b * y > c + TOLERANCE_MS * (Math.abs(a) + Math.abs(b))) return false;
    return true;
}

function endRange(cs: readonly HalfPlane[]): EndWindow | undefined {
    let lowMs = Number.POSITIVE_INFINITY;
    let highMs = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < cs.length; i++) {
        const [a1, b1, c1] = cs[i]!;
        for (let j = i + 1; j < cs.length; j++) {
            const [a2, b2, c2] = cs[j]!;
            const det = a1 * b2 - a2 * b1;
            if (Math.abs(det) < 1e-9) continue;
            const x = (c1 * b2 - c2 * b1) / det;
            const y = (a1 * c2 - a2 * c1) / det;
            if (!feasible(cs, x, y)) continue;
            if (y < lowMs) lowMs = y;
            if (y > highMs) highMs = y;
        }
    }
    return lowMs <= highMs ? { lowMs, highMs } : undefined;
}

function startRangeAt(cs: readonly HalfPlane[], y: number): [number, number] | undefined {
    let lo = Number.NEGATIVE_INFINITY;
    let hi = Number.POSITIVE_INFINITY;
    for (const [a, b, c] of cs) {
        const rhs = c - b * y;
        if (a > 0) hi = Math.min(hi, rhs / a);
        else if (a < 0) lo = Math.max(lo, rhs / a);
    }
    return lo <= hi + TOLERANCE_MS ? [lo, Math.max(lo, hi)] : undefined;
}

export function affineEndModel(
    points: readonly ProgressPoint[],
    notBeforeMs: number,
    horizonMs: number,
    earliestStartMs: number,
): EndModel | undefined {
    const cs = affineConstraints(points, notBeforeMs, horizonMs, earliestStartMs);
    const window = endRange(cs);
    if (window === undefined) return undefined;
    return {
        window,
        startAt(endMs: number): number {
            const y = Math.min(window.highMs, Math.max(window.lowMs, endMs));
            const range = startRangeAt(cs, y);
            return range === undefined ? earliestStartMs : (range[0] + range[1]) / 2;
        },
    };
}

export function createPollPolicy(options: PollPolicyOptions = {}): PollPolicy {
    const o: Resolved = {
        ...DEFAULTS,
        ...stripUndefined(options),
        priorsByJobName: { ...DEFAULT_JOB_DURATION_PRIORS_MS, ...(options.priorsByJobName ?? {}) },
    };
    return {
        nextDelayMs(ctx: PollContext): number {
            const nowMs = ctx.nowMs;
            const untilDeadlineMs = ctx.deadlineMs - nowMs;
            let delayMs: number;
            if (untilDeadlineMs <= 0) delayMs = 0;
            else {
                delayMs = Math.max(o.minDelayMs, planTargetMs(ctx, o) - nowMs);
                if (ctx.history.length === 0) delayMs = Math.min(delayMs, o.firstPollMs);
                delayMs = Math.min(delayMs, o.maxDelayMs);
                if (delayMs >= untilDeadlineMs - o.minDelayMs) delayMs = untilDeadlineMs;
            }
            return Math.max(delayMs, ctx.retryAfterMs ?? 0);
        },
    };
}

function planTargetMs(ctx: PollContext, o: Resolved): number {
    const nowMs = ctx.nowMs;
    const startMs = ctx.jobStartMs ?? 0;
    const history = ctx.history;
    if (history.length === 0) return nowMs + o.firstPollMs;
    const seen = history.filter((h) => h.status !== "Unknown");
    if (seen.length === 0) {
        const capMs = Math.min(o.maxDelayMs, o.firstPollMs * 2 ** history.length);
        return nowMs + ctx.random() * capMs;
    }
    let trailingUnknown = 0;
    for (let i = history.length - 1; i >= 0 && history[i]!.status === "Unknown"; i--) trailingUnknown++;
    const lastSeenMs = seen[seen.length - 1]!.atMs;
    const points: ProgressPoint[] = [];
    for (const h of seen) if (h.progressPercent !== undefined) points.push({ atMs: h.atMs, percent: h.progressPercent });
    let targetMs: number;
    if (points.length === 0) targetMs = noProgressTargetMs(ctx, o, seen.length, startMs);
    else {
        targetMs = progressTargetMs(ctx, o, points, startMs, lastSeenMs);
        const horizonMs = Math.max(o.minDelayMs, o.horizonFactor * (nowMs - startMs));
        targetMs = Math.min(targetMs, nowMs + horizonMs);
    }
    if (trailingUnknown > 0) {
        const floorMs = ctx.random() * Math.min(o.maxDelayMs, o.minDelayMs * 2 ** trailingUnknown);
        targetMs = Math.max(targetMs, nowMs + floorMs);
    }
    return targetMs;
}

function noProgressTargetMs(ctx: PollContext, o: Resolved, polls: number, startMs: number): number {
    const elapsedMs = Math.max(0, ctx.nowMs - startMs);
    const priorMs = ctx.jobName === undefined ? undefined : o.priorsByJobName[ctx.jobName];
    const expCapMs = o.backoffBaseMs * 2 ** polls;
    const gapCapMs =
        priorMs === undefined
            ? o.noPriorGapFraction * elapsedMs
            : o.noProgressGapFraction * Math.max(priorMs, elapsedMs);
    const capMs = Math.min(o.maxDelayMs, expCapMs, Math.max(o.minDelayMs, gapCapMs));
    return ctx.nowMs + ctx.random() * capMs;
}

function progressTargetMs(
    ctx: PollContext,
    o: Resolved,
    points: readonly ProgressPoint[],
    startMs: number,
    lastSeenMs: number,
): number {
    const nowMs = ctx.nowMs;
    const linear = (w: EndWindow): EndModel => ({ window: w, startAt: () => startMs });
    const full = linearEndWindow(points, startMs, lastSeenMs);
    if (full !== undefined) {
        if (!Number.isFinite(full.highMs)) {
            const elapsedMs = Math.max(o.minDelayMs, nowMs - startMs);
            return startMs + o.zeroProgressStretch * elapsedMs;
        }
        return bisect(linear(full), nowMs, o);
    }
    // Non-linear: candidate readings.
    const horizonMs = Math.max(ctx.deadlineMs, nowMs) + (nowMs - startMs);
    let suffix1D: EndWindow | undefined;
    for (let i = points.length - 1; i >= 0; i--) {
        const w = linearEndWindow(points.slice(i), startMs, lastSeenMs);
        if (w === undefined) break;
        suffix1D = w;
    }
    let suffix2D: EndModel | undefined;
    const maxPoints = 10;
    for (let i = points.length - 1; i >= Math.max(0, points.length - maxPoints); i--) {
        const m = affineEndModel(points.slice(i), lastSeenMs, horizonMs, startMs - (horizonMs - startMs));
        if (m === undefined) break;
        suffix2D = m;
    }
    const greedy = greedyLinearWindow(points, startMs, lastSeenMs);
    const bounded2D = suffix2D !== undefined && suffix2D.window.highMs < horizonMs ? suffix2D : undefined;
    let model: EndModel | undefined = bounded2D;
    if (bounded2D !== undefined && greedy !== undefined) {
        const both = intersect(bounded2D.window, greedy);
        if (both !== undefined) {
            const greedyNarrower = greedy.highMs - greedy.lowMs < bounded2D.window.highMs - bounded2D.window.lowMs;
            model = { window: both, startAt: greedyNarrower ? () => startMs : bounded2D.startAt };
        }
    }
    if (model === undefined && suffix1D !== undefined && Number.isFinite(suffix1D.highMs)) model = linear(suffix1D);
    let targetMs: number;
    if (model !== undefined) targetMs = bisect(model, nowMs, o);
    else {
        const lows = [suffix1D, greedy].filter((w): w is EndWindow => w !== undefined).map((w) => w.lowMs);
        const lowSafeMs = lows.length > 0 ? Math.min(...lows) : nowMs + (nowMs - startMs);
        targetMs = nowMs + o.approachFraction * (lowSafeMs - nowMs);
    }
    for (const w of [greedy, suffix1D]) {
        if (w !== undefined && Number.isFinite(w.highMs) && w.highMs + o.endMarginMs > nowMs) {
            targetMs = Math.min(targetMs, w.highMs + o.endMarginMs);
            const widthMs = w.highMs - w.lowMs;
            if (w.lowMs - nowMs > widthMs) targetMs = Math.min(targetMs, nowMs + o.approachFraction * (w.lowMs - nowMs));
        }
    }
    const last = points[points.length - 1]!;
    let runStart = points.length - 1;
    while (runStart > 0 && points[runStart - 1]!.percent === last.percent) runStart--;
    if (runStart < points.length - 1) {
        const frozenMs = nowMs - points[runStart]!.atMs;
        const x = o as unknown as { stallFloor?: number; stallCap?: number };
        if (x.stallCap !== undefined) targetMs = Math.min(targetMs, nowMs + Math.max(o.minDelayMs, x.stallCap * frozenMs));
        if (x.stallFloor !== undefined) targetMs = Math.max(targetMs, nowMs + x.stallFloor * frozenMs);
    }
    return targetMs;
}

/** 1D window over the points that agree with the oldest ones, skipping those that do not. */
function greedyLinearWindow(points: readonly ProgressPoint[], startMs: number, notBeforeMs: number): EndWindow | undefined {
    const kept: ProgressPoint[] = [];
    for (const p of points) {
        kept.push(p);
        if (linearEndWindow(kept, startMs, Number.NEGATIVE_INFINITY) === undefined) kept.pop();
    }
    const w = linearEndWindow(kept, startMs, notBeforeMs);
    return w !== undefined && Number.isFinite(w.highMs) ? w : undefined;
}

function intersect(a: EndWindow, b: EndWindow): EndWindow | undefined {
    const lowMs = Math.max(a.lowMs, b.lowMs);
    const highMs = Math.min(a.highMs, b.highMs);
    return lowMs <= highMs ? { lowMs, highMs } : undefined;
}

function bisect(model: EndModel, nowMs: number, o: Resolved): number {
    const w = model.window;
    const widthMs = w.highMs - w.lowMs;
    if (widthMs <= o.finalWindowMs) return w.highMs + o.endMarginMs;
    const midMs = (w.lowMs + w.highMs) / 2;
    const startMs = model.startAt(midMs);
    const lowElapsed = Math.max(1, w.lowMs - startMs);
    const highElapsed = Math.max(1, w.highMs - startMs);
    const neededMs = startMs + ((o.outcomesWanted - 1) * lowElapsed * highElapsed) / (100 * widthMs);
    const capMs = startMs + o.deepFraction * lowElapsed;
    const wantedMs = Math.max(nowMs + o.minDelayMs, Math.min(neededMs, capMs));
    const k = Math.ceil((100 * (wantedMs - startMs)) / (midMs - startMs) - 1e-9);
    if (k >= 100) return Math.max(nowMs + o.minDelayMs, midMs);
    return startMs + (k * (midMs - startMs)) / 100;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export const defaultPollPolicy: PollPolicy = createPollPolicy();

