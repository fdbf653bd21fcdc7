import { mulberry32 } from "./bench-random";

/**
 * The synthetic workload of the poll-policy benchmark: jobs as the OTC task center would report them, on a
 * virtual clock (ms since the job was submitted, which is also when its waiter starts).
 *
 * Model, chosen to be plausible rather than flattering:
 * - duration log-uniform in [30 s, 60 min];
 * - 60% report progress linearly (`floor(100·t/duration)`), 20% report progress that stalls, 20% report none;
 * - a stall freezes the reported progress for 10–30% of the duration, starting between 10% and 70% of it;
 *   the job still ends on time, so afterwards progress catches up: half the stalled jobs jump straight back
 *   to the linear value ("jump"), half climb faster until they reach 100% at the end ("gradual");
 * - 10% of all jobs (of every progress kind) end `Failed` at a uniformly random point of their planned
 *   duration, reporting progress as usual until then;
 * - half the jobs are unknown to the API (answer "job does not exist") for up to 5 s after submission;
 * - job names correlate with duration: each job gets the name whose typical duration (below) is nearest, on
 *   a log scale, to its own duration perturbed by up to ×/÷ 2. The policy's built-in priors are separate
 *   rough guesses and are not read from this table.
 */
export type ProgressKind = "linear" | "stalled" | "none";

export interface StallShape {
    /** Where the freeze starts, as a fraction of the duration. */
    startFraction: number;
    /** How long it lasts, as a fraction of the duration. */
    lengthFraction: number;
    /** How progress catches up after the freeze. */
    catchUp: "jump" | "gradual";
}

export interface BenchJob {
    index: number;
    name: string;
    /** Planned duration: when the job reports `Completed` unless it fails first. */
    durationMs: number;
    progressKind: ProgressKind;
    stall?: StallShape;
    /** Set for jobs that end `Failed`: when they do. */
    failAtMs?: number;
    /** The API does not know the job id before this. */
    unknownUntilMs: number;
}

/** What one status call returns, already reduced to what a waiter uses. */
export interface JobAnswer {
    status: "Unknown" | "Pending" | "Running" | "Completed" | "Failed";
    /** Integer percent, as parsed from the `progress` field; undefined when the field is empty. */
    progressPercent?: number;
}

export interface WorkloadOptions {
    seed: number;
    jobCount: number;
}

export const MIN_DURATION_MS = 30_000;
export const MAX_DURATION_MS = 60 * 60_000;
export const FAILURE_SHARE = 0.1;

/** Typical durations the workload uses to name jobs (its own assumption, not the policy's priors). */
export const WORKLOAD_TYPICAL_DURATIONS_MS: Readonly<Record<string, number>> = {
    DeleteGaussDBV5Instance: 60_000,
    BackupSnapshotGaussDBV5InInstance: 150_000,
    EnlargeGaussDBV5Volume: 240_000,
    GaussDBV5ExpandClusterCN: 420_000,
    ResizeGaussDBV5Flavor: 600_000,
    CreateMysqlInstance: 720_000,
    RestoreGaussDBV5InInstance: 1_080_000,
    CloneGaussDBV5NewInstance: 1_500_000,
    CreateGaussDBV5Instance: 1_800_000,
    GaussDBV5ExpandClusterDN: 2_700_000,
};

export function generateWorkload(options: WorkloadOptions): BenchJob[] {
    const random = mulberry32(options.seed);
    const jobs: BenchJob[] = [];
    for (let index = 0; index < options.jobCount; index++) {
        // Every draw happens for every job, in a fixed order, so one job's shape never shifts another's.
        const durationMs = Math.exp(
            Math.log(MIN_DURATION_MS) + random() * (Math.log(MAX_DURATION_MS) - Math.log(MIN_DURATION_MS)),
        );
        const kindDraw = random();
        const progressKind: ProgressKind = kindDraw < 0.6 ? "linear" : kindDraw < 0.8 ? "stalled" : "none";
        const stall: StallShape = {
            startFraction: 0.1 + random() * 0.6,
            lengthFraction: 0.1 + random() * 0.2,
            catchUp: random() < 0.5 ? "jump" : "gradual",
        };
        const fails = random() < FAILURE_SHARE;
        const failAtMs = random() * durationMs;
        const unknownDraw = random();
        const unknownForMs = random() * 5_000;
        const unknownUntilMs = unknownDraw < 0.5 ? unknownForMs : 0;
        const name = nameFor(durationMs * Math.exp((random() * 2 - 1) * Math.LN2));
        jobs.push({
            index,
            name,
            durationMs,
            progressKind,
            ...(progressKind === "stalled" ? { stall } : {}),
            ...(fails ? { failAtMs } : {}),
            unknownUntilMs,
        });
    }
    return jobs;
}

/** When the job reaches its final state (Completed or Failed). */
export function jobEndMs(job: BenchJob): number {
    return job.failAtMs ?? job.durationMs;
}

/** The task center's answer for `job` at virtual time `atMs`. */
export function observeJob(job: BenchJob, atMs: number): JobAnswer {
    if (job.failAtMs !== undefined && atMs >= job.failAtMs) return { status: "Failed" };
    if (atMs >= job.durationMs) return { status: "Completed" };
    if (atMs < job.unknownUntilMs) return { status: "Unknown" };
    const exact = exactProgress(job, atMs);
    if (exact === undefined) return { status: "Running" };
    return { status: "Running", progressPercent: Math.min(99, Math.max(0, Math.floor(exact))) };
}

/** The unrounded progress the job would report at `atMs` (before the API floors it); undefined for "none". */
export function exactProgress(job: BenchJob, atMs: number): number | undefined {
    const d = job.durationMs;
    const linear = (100 * atMs) / d;
    if (job.progressKind === "none") return undefined;
    if (job.progressKind === "linear" || job.stall === undefined) return linear;
    const freezeAt = job.stall.startFraction * d;
    const resumeAt = (job.stall.startFraction + job.stall.lengthFraction) * d;
    const frozen = (100 * freezeAt) / d;
    if (atMs < freezeAt) return linear;
    if (atMs < resumeAt) return frozen;
    if (job.stall.catchUp === "jump") return linear;
    return frozen + ((100 - frozen) * (atMs - resumeAt)) / (d - resumeAt);
}

function nameFor(perturbedDurationMs: number): string {
    let best = "";
    let bestDistance = Number.POSITIVE_INFINITY;
    for (const [name, typicalMs] of Object.entries(WORKLOAD_TYPICAL_DURATIONS_MS)) {
        const distance = Math.abs(Math.log(perturbedDurationMs / typicalMs));
        if (distance < bestDistance) {
            best = name;
            bestDistance = distance;
        }
    }
    return best;
}
