import type { OtcClient } from "../../client/otc-client";
import { JobFailedError, type JobIdentity, JobNotFoundError, JobTimeoutError } from "../../jobs/job-errors";
import type { Job } from "../../jobs/job-schema";
import type { JobStatusSource } from "../../jobs/job-status-source";
import { waitForJobWith } from "../../jobs/job-waiter";
import { formatDuration } from "../../util/format-duration";
import type { RuntimeContext } from "../runtime-context";
import { type Operation, type OperationTimeouts, timeoutMsFor } from "./operation-timeouts";
import { submitWhenIdle } from "./wait-while-busy";

/** A job one resource operation submitted. */
export interface SubmittedJob {
    id: string;
    /** "" when not known before the first poll (a job of an arbitrary call): the task center's name is shown then. */
    name: string;
    submittedAt: Date;
}

/** How to wait for one job. */
export interface JobWaitPlan {
    identity: Partial<JobIdentity>;
    /** Said when the deadline passes: how the user continues. */
    timeoutHint: string;
    /** The job was submitted by an earlier run (adopted, or left pending at its deadline). */
    resumed?: boolean;
    /**
     * Decides from the resource itself when the task center does not know the job (never, or no longer: OTC purges
     * ended jobs): resolves when the job's effect is there, throws otherwise. Without it, that is an error.
     */
    whenJobUnknown?: (error: JobNotFoundError) => Promise<void>;
}

/**
 * One create, update or delete of one resource: its deadline (from `customTimeouts`), its label in the progress
 * output, and the waits it does, all against that one deadline.
 */
export class ResourceOperation {
    readonly deadlineMs: number;
    readonly timeoutMs: number;
    readonly statusSource: JobStatusSource;

    constructor(
        readonly runtime: RuntimeContext,
        readonly client: OtcClient,
        /** The Pulumi resource name, which leads every progress line. */
        readonly label: string,
        readonly operation: Operation,
        timeouts: OperationTimeouts | undefined,
        /** Where job states come from. Default: the runtime's source for the client (the service's task center). */
        statusSource?: JobStatusSource,
    ) {
        this.timeoutMs = timeoutMsFor(operation, timeouts);
        this.deadlineMs = Date.now() + this.timeoutMs;
        this.statusSource = statusSource ?? runtime.statusSource(client);
    }

    get remainingMs(): number {
        return Math.max(0, this.deadlineMs - Date.now());
    }

    /** Waits for a job within the operation's deadline, printing its progress. */
    async waitForJob(job: SubmittedJob, plan: JobWaitPlan): Promise<Job | undefined> {
        try {
            return await this.waitWithProgress(this.statusSource, job, plan.identity, plan.timeoutHint, plan.resumed ?? false);
        } catch (error) {
            if (!(error instanceof JobNotFoundError) || !plan.whenJobUnknown) throw error;
            this.announce(
                `the task center ${error.seen ? "no longer knows" : "does not know"} ${job.name} job ${job.id}; ` +
                    `deciding from the instance itself`,
            );
            await plan.whenJobUnknown(error);
            return undefined;
        }
    }

    /** Waits on something that is not a task-center job (an instance's status), with the same progress lines. */
    waitOnSource(source: JobStatusSource, job: SubmittedJob, identity: Partial<JobIdentity>, timeoutHint: string): Promise<Job> {
        return this.waitWithProgress(source, job, identity, timeoutHint, true);
    }

    /** Submits a mutation, waiting while OTC says the instance is busy with another operation. */
    submitWhenIdle<T>(submit: () => Promise<T>): Promise<T> {
        return submitWhenIdle(submit, {
            deadlineMs: this.deadlineMs,
            onBusy: (waitedMs, nextMs) =>
                this.runtime.reporter.note(
                    `${this.label}: instance busy with another operation for ${formatDuration(waitedMs)}; trying again in ${formatDuration(nextMs)}`,
                ),
        });
    }

    /** A line that must reach the user (what happened to an instance). */
    announce(message: string): void {
        this.runtime.reporter.announce(`${this.label}: ${message}`);
    }

    private async waitWithProgress(
        source: JobStatusSource,
        job: SubmittedJob,
        identity: Partial<JobIdentity>,
        timeoutHint: string,
        resumed: boolean,
    ): Promise<Job> {
        const reporter = this.runtime.reporter;
        reporter.start(job.id, this.label, job.name || `job ${job.id}`, job.submittedAt.getTime(), resumed ? "resumed" : "submitted");
        try {
            const priors = this.runtime.durationPriors(this.client);
            const done = await waitForJobWith(
                { source, ...(priors ? { durationPriors: priors } : {}) },
                {
                    jobId: job.id,
                    ...(job.name ? { jobName: job.name } : {}),
                    jobStartedAt: job.submittedAt,
                    timeoutMs: this.remainingMs,
                    identity,
                    timeoutHint,
                    onProgress: (event) => reporter.update(job.id, event),
                },
            );
            reporter.finish(job.id, "completed");
            return done;
        } catch (error) {
            reporter.finish(job.id, outcomeOf(error));
            throw error;
        }
    }
}

function outcomeOf(error: unknown): string {
    if (error instanceof JobFailedError) return `FAILED: ${error.failReason.split("\n")[0] ?? ""}`;
    if (error instanceof JobTimeoutError) {
        return `still running at the deadline${error.lastProgressPercent !== undefined ? ` (${error.lastProgressPercent}%)` : ""}`;
    }
    if (error instanceof JobNotFoundError) return error.seen ? "no longer known to the task center" : "unknown to the task center";
    return `wait ended: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`;
}
