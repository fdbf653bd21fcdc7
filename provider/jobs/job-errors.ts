import { formatDuration } from "../util/format-duration";
import type { Job } from "./job";

/** What a job error names, so the user can find the job in the OTC console or ask OTC support about it. */
export interface JobIdentity {
    jobId: string;
    jobName?: string | undefined;
    instanceId?: string | undefined;
    instanceName?: string | undefined;
}

function describeJob(identity: JobIdentity): string {
    const name = identity.jobName ? `${identity.jobName} ` : "";
    const instance =
        identity.instanceId || identity.instanceName
            ? ` on instance ${[identity.instanceName, identity.instanceId && `(${identity.instanceId})`].filter(Boolean).join(" ")}`
            : "";
    return `OTC job ${name}${identity.jobId}${instance}`;
}

/**
 * The task center reported `Failed`. The message leads with the job's `fail_reason`, verbatim, so the one line
 * a CI log shows is OTC's own explanation.
 */
export class JobFailedError extends Error {
    override readonly name = "JobFailedError";
    /** OTC's `fail_reason`, verbatim ("" when OTC gave none). */
    readonly failReason: string;
    readonly jobId: string;
    readonly jobName: string | undefined;
    readonly job: Job;

    constructor(job: Job, identity: Partial<JobIdentity> = {}) {
        const failReason = job.failReason ?? "";
        const who: JobIdentity = {
            jobId: job.id,
            jobName: job.name || identity.jobName,
            instanceId: job.instance?.id ?? identity.instanceId,
            instanceName: job.instance?.name ?? identity.instanceName,
        };
        super(`${failReason.trim() === "" ? "OTC gave no failure reason" : failReason}\n(${describeJob(who)} failed)`);
        this.failReason = failReason;
        this.jobId = job.id;
        this.jobName = who.jobName;
        this.job = job;
    }
}

/** The deadline passed while the job was still running. The job itself goes on at OTC. */
export class JobTimeoutError extends Error {
    override readonly name = "JobTimeoutError";
    readonly jobId: string;
    readonly jobName: string | undefined;
    readonly lastProgressPercent: number | undefined;
    readonly lastStatus: string | undefined;
    readonly waitedMs: number;
    /** The last job seen, when any poll succeeded. */
    readonly lastJob: Job | undefined;

    constructor(init: JobIdentity & { waitedMs: number; lastJob?: Job | undefined; lastError?: string | undefined; hint?: string | undefined }) {
        const progress = init.lastJob?.progressPercent;
        const last = init.lastJob
            ? `last seen ${init.lastJob.status}${progress !== undefined ? ` at ${progress}%` : ", no progress reported"}`
            : `never seen${init.lastError ? ` (last error: ${init.lastError})` : ""}`;
        const who = { ...init, jobName: init.jobName ?? init.lastJob?.name, instanceId: init.instanceId ?? init.lastJob?.instance?.id };
        super(
            `Timed out after ${formatDuration(init.waitedMs)} waiting for ${describeJob(who)}: ${last}. ` +
                `The job keeps running at OTC. ${init.hint ?? `Wait for it again with: otc-jobs wait ${init.jobId}`}`,
        );
        this.jobId = init.jobId;
        this.jobName = who.jobName;
        this.lastProgressPercent = progress;
        this.lastStatus = init.lastJob?.rawStatus;
        this.waitedMs = init.waitedMs;
        this.lastJob = init.lastJob;
    }
}

/**
 * The task center does not know the job: still not after the grace period for freshly submitted jobs, or no
 * longer (`seen`: it was shown before; OTC purges ended jobs, and how it then answers is not documented).
 */
export class JobNotFoundError extends Error {
    override readonly name = "JobNotFoundError";
    /** The job was seen before it became unknown. */
    readonly seen: boolean;
    /** The last state seen, when it was. */
    readonly lastJob: Job | undefined;

    constructor(
        readonly jobId: string,
        waitedMs: number,
        lastJob?: Job,
    ) {
        super(
            lastJob
                ? `The task center stopped knowing job ${jobId} after ${formatDuration(waitedMs)} (last seen ${lastJob.status}` +
                      `${lastJob.progressPercent !== undefined ? ` at ${lastJob.progressPercent}%` : ""}): OTC may have purged it`
                : `OTC does not know job ${jobId} (DBS.200543, "The job does not exist.") after ${formatDuration(waitedMs)}: ` +
                      `check the job id, the project id and the endpoint`,
        );
        this.seen = lastJob !== undefined;
        this.lastJob = lastJob;
    }
}
