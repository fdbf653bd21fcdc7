import type { GaussDbJobChange, InstanceStatus, JobName, StoredJob } from "./model";

export const JOB_NAMES: Readonly<Record<GaussDbJobChange["kind"], JobName>> = {
    create: "CreateGaussDBV5Instance",
    resize: "ResizeGaussDBV5Flavor",
    enlarge: "EnlargeGaussDBV5Volume",
    // Simulator guess: the OTC task-center docs list no job name for a rename.
    rename: "ModifyGaussDBV5InstanceName",
    restart: "RestartGaussDBV5Instance",
    delete: "DeleteGaussDBV5Instance",
};

const MINUTE_MS = 60_000;

/** Unscaled durations, in the range OTC takes for a small openGauss instance. */
export const DEFAULT_JOB_DURATIONS_MS: Readonly<Record<JobName, number>> = {
    CreateGaussDBV5Instance: 12 * MINUTE_MS,
    ResizeGaussDBV5Flavor: 6 * MINUTE_MS,
    EnlargeGaussDBV5Volume: 4 * MINUTE_MS,
    ModifyGaussDBV5InstanceName: 1 * MINUTE_MS,
    RestartGaussDBV5Instance: 3 * MINUTE_MS,
    DeleteGaussDBV5Instance: 2 * MINUTE_MS,
};

/** Instance status while a job of that kind runs. */
export const INSTANCE_STATUS_WHILE_RUNNING: Readonly<Record<GaussDbJobChange["kind"], InstanceStatus>> = {
    create: "BUILD",
    resize: "MODIFYING",
    enlarge: "MODIFYING",
    rename: "MODIFYING",
    restart: "REBOOTING",
    delete: "DELETING",
};

export type JobStatus = "Pending" | "Running" | "Completed" | "Failed";

/** A job as observed at one instant. */
export interface JobObservation {
    status: JobStatus;
    /** 1..99 while Running; undefined when Pending, ended, or the job reports no progress. */
    percent: number | undefined;
    /** Set once the job has ended. */
    endedAtMs: number | undefined;
    failReason: string | null;
}

/** When the job ends: at its full duration, or at the failure point when it is set to fail. */
export function jobEndMs(job: StoredJob): number {
    const share = job.failure ? job.failure.atPercent / 100 : 1;
    return job.createdAtMs + job.durationMs * share;
}

export function observeJob(job: StoredJob, nowMs: number): JobObservation {
    const endMs = jobEndMs(job);
    if (nowMs >= endMs) {
        return job.failure
            ? { status: "Failed", percent: undefined, endedAtMs: endMs, failReason: job.failure.reason }
            : { status: "Completed", percent: undefined, endedAtMs: endMs, failReason: null };
    }
    const elapsedMs = Math.max(0, nowMs - job.createdAtMs);
    // openGauss's task center documents only Running, Completed and Failed: Pending only where a service sets it.
    if (elapsedMs < job.durationMs * (job.pendingShare ?? 0)) {
        return { status: "Pending", percent: undefined, endedAtMs: undefined, failReason: null };
    }
    const percent = Math.min(99, Math.max(1, Math.floor((100 * elapsedMs) / job.durationMs)));
    return { status: "Running", percent: job.noProgress ? undefined : percent, endedAtMs: undefined, failReason: null };
}

/** False while a `job-unknown` fault hides the job from the task center, and once a `job-purge` fault purged it. */
export function isJobVisible(job: StoredJob, nowMs: number): boolean {
    return (job.unknownUntilMs === undefined || nowMs >= job.unknownUntilMs) && !isJobPurged(job, nowMs);
}

export function isJobPurged(job: StoredJob, nowMs: number): boolean {
    return job.purge !== undefined && nowMs >= jobEndMs(job) + job.purge.afterMs;
}
