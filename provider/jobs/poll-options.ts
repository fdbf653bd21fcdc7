/**
 * The poll policy's options: what each knob means, its default, and the check that rejects nonsense when a
 * policy is made (a RangeError naming the option), so a bad value never reaches a delay.
 */

import { DEFAULT_BURST_CALLS, DEFAULT_CALLS_PER_HOUR } from "./poll-guards";

/** Tuning knobs; every field is optional and documented with its default. */
export interface PollPolicyOptions {
    /**
     * The first poll comes this long after the job started (at once for a job that started longer ago).
     * Default 2 000.
     */
    firstPollMs?: number;
    /** Shortest delay between polls (Retry-After and the deadline aside). Default 1 000. */
    minDelayMs?: number;
    /** Longest delay between polls; bounds how late a failure is noticed. Default 300 000 (5 min). */
    maxDelayMs?: number;
    /**
     * Was: typical duration per OTC job name, ms, for jobs without progress. A guess 10× off cost 3–5× the
     * latency; durations learned from the task list replace it.
     * @deprecated Since the coverage schedule (issue 16) this changes no delay; accepted so existing code compiles.
     */
    priorsByJobName?: Record<string, number>;
    /**
     * Was: without progress or any prior, the shortest steady gap.
     * @deprecated Since the coverage schedule (issue 16) this changes no delay; accepted so existing code compiles.
     */
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
    /**
     * Was: without progress, steady polls at most this fraction of the typical duration apart.
     * @deprecated Since the coverage schedule (issue 16) this changes no delay; accepted so existing code compiles.
     */
    noProgressGapFraction?: number;
    /**
     * Was: while progress has been frozen for F ms, wait at least this fraction of F.
     * @deprecated Since the coverage schedule (issue 16) this changes no delay; accepted so existing code compiles.
     */
    stallBackoffFraction?: number;
    /**
     * Was: the longest gap while the end may come any moment and nothing tells when; the coverage schedule
     * (poll-coverage.ts) bounds those gaps now.
     * @deprecated Since the coverage schedule (issue 16) this changes no delay; accepted so existing code compiles.
     */
    fallbackGapMs?: number;
    /**
     * Longest gap between polls aimed at an exact estimate, across the last tenth of its predicted duration
     * (poll-aim.ts). The coverage schedule's near-end gap is shorter for jobs under about 40 min. Default 60 000.
     */
    nearEndGapMs?: number;
    /** Hard call budget per job: this many calls at once (`callBudget`, poll-guards.ts). Default 20. */
    burstCalls?: number;
    /** Hard call budget per job: this many more per hour of waiting. Default 90. */
    callsPerHour?: number;
}

/**
 * Rough typical durations of OTC database jobs, ms. Guesses from the OTC documentation and common experience
 * (UNVERIFIED). Since the coverage schedule (issue 16) they shape no delay: a built-in guess 10× off cost 3–5×
 * the latency, and durations learned from the task list serve better. Kept exported for existing code.
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

export type ResolvedOptions = Required<Omit<PollPolicyOptions, "priorsByJobName">> & {
    priorsByJobName: Readonly<Record<string, number>>;
};

/** The options with every default filled in, checked. */
export function resolvePollOptions(options: PollPolicyOptions): ResolvedOptions {
    const resolved: ResolvedOptions = {
        ...DEFAULT_OPTIONS,
        ...definedOnly(options),
        priorsByJobName: { ...DEFAULT_JOB_DURATION_PRIORS_MS, ...(options.priorsByJobName ?? {}) },
    };
    validate(resolved);
    return resolved;
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
