import type { OtcClient } from "../../client/otc-client";
import { JobFailedError, type JobIdentity, JobTimeoutError } from "../../jobs/job-errors";
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
    name: string;
    submittedAt: Date;
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
    ) {
        this.timeoutMs = timeoutMsFor(operation, timeouts);
        this.deadlineMs = Date.now() + this.timeoutMs;
        this.statusSource = runtime.statusSource(client);
    }

    /**
     * Waits for a job within the operation's deadline, printing its progress. `resumed`: the job was submitted by
     * an earlier run (adopted, or left pending at its deadline).
     */
    async waitForJob(job: SubmittedJob, identity: Partial<JobIdentity>, timeoutHint: string, resumed = false): Promise<Job> {
        const reporter = this.runtime.reporter;
        reporter.start(job.id, this.label, job.name, job.submittedAt.getTime(), resumed ? "resumed" : "submitted");
        try {
            const done = await waitForJobWith(
                { source: this.statusSource },
                {
                    jobId: job.id,
                    jobName: job.name,
                    jobStartedAt: job.submittedAt,
                    timeoutMs: Math.max(0, this.deadlineMs - Date.now()),
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

    /** Submits a mutation, waiting while OTC answers 409 because another job runs on the instance. */
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
}

function outcomeOf(error: unknown): string {
    if (error instanceof JobFailedError) return `FAILED: ${error.failReason.split("\n")[0] ?? ""}`;
    if (error instanceof JobTimeoutError) {
        return `still running at the deadline${error.lastProgressPercent !== undefined ? ` (${error.lastProgressPercent}%)` : ""}`;
    }
    return `wait ended: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`;
}
