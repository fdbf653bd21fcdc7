/**
 * Choosing the next poll from an end estimate (end-estimate.ts): narrow the window by bisection on the times
 * the shown percent flips, and poll at its latest end once it is narrow. Never further ahead than a multiple
 * of the time progress has been moving (the horizon), and, across the last tenth of the predicted duration,
 * not more than `nearEndGapMs` apart. The coverage schedule and the guards (poll-policy.ts) still apply.
 */

import type { EndModel } from "./end-estimate";
import type { ResolvedOptions } from "./poll-options";

// How far towards the earliest possible end a multi-way poll may go: leaves room for bisection afterwards.
const DEEP_FRACTION = 0.85;
// A poll is pushed later until one answer can land in about this many sub-windows.
const OUTCOMES_WANTED = 8;
// The stretch before a predicted end where polls are at most nearEndGapMs apart, as a share of the duration.
const NEAR_END_SHARE = 0.1;
// Share of the horizon granted to a reading made of a single answer above 0%.
const SINGLE_ANSWER_HORIZON_SHARE = 0.5;

/**
 * When to poll, from `model`, at `nowMs`, for progress seen moving since `movingSinceMs`: the bisection poll,
 * but never more than the horizon ahead (a line through the start and one answer always fits: until a second
 * answer confirms it, half the horizon).
 */
export function aimedPollMs(model: EndModel, nowMs: number, movingSinceMs: number, o: ResolvedOptions): number {
    const horizon = model.moving >= 2 ? o.horizonFactor : SINGLE_ANSWER_HORIZON_SHARE * o.horizonFactor;
    return Math.min(bisectionPollMs(model, nowMs, o), nowMs + Math.max(o.minDelayMs, horizon * (nowMs - movingSinceMs)));
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
    const nearMs = model.startMs + (1 - NEAR_END_SHARE) * (w.lowMs - model.startMs);
    if (targetMs <= nearMs || targetMs - nowMs <= o.nearEndGapMs) return targetMs;
    return Math.max(nowMs + o.nearEndGapMs, Math.min(targetMs, nearMs));
}

function bisectionTargetMs(model: EndModel, nowMs: number, o: ResolvedOptions): number {
    const w = model.window;
    const widthMs = w.highMs - w.lowMs;
    if (widthMs <= o.endWindowMs) return w.highMs + o.endMarginMs;
    const midMs = (w.lowMs + w.highMs) / 2;
    const startMs = model.startMs;
    if (!(midMs - startMs > 0)) return Math.max(nowMs + o.minDelayMs, midMs);
    const lowElapsedMs = Math.max(1, w.lowMs - startMs);
    const highElapsedMs = Math.max(1, w.highMs - startMs);
    // At elapsed e the answer can take about 100·e·width/(low·high) + 1 values.
    const informativeMs = startMs + ((OUTCOMES_WANTED - 1) * lowElapsedMs * highElapsedMs) / (100 * widthMs);
    const latestMs = startMs + DEEP_FRACTION * lowElapsedMs;
    const wantedMs = Math.max(nowMs + o.minDelayMs, Math.min(informativeMs, latestMs));
    const offset = model.offset;
    // The shown value flips where the true progress crosses k − offset.
    const flip = Math.ceil((100 * (wantedMs - startMs)) / (midMs - startMs) + offset - 1e-9);
    // Flip 100 is the end itself: poll at the midpoint and either see the job done or halve the window.
    if (flip - offset >= 100 || flip >= 100) return Math.max(nowMs + o.minDelayMs, midMs);
    return startMs + ((flip - offset) * (midMs - startMs)) / 100;
}
