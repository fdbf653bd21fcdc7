import type { Job, JobStatus } from "../../jobs/job-schema";
import type { JobLookup, JobStatusSource } from "../../jobs/job-status-source";
import type { InstancePhase, ManagedInstance } from "./instance-adapter";

/** What waiting on an instance's status waits for. */
export type InstanceTarget = "ready" | "gone";

/**
 * Waits on an instance's status as if it were a job, when no job can be waited for: the task center no longer
 * shows the create job of an adopted instance, or it stopped knowing a job it had shown (purged once ended).
 * Gone is success when waiting for a delete and a failure otherwise; a FAILED instance is a failure, except while
 * waiting for it to be gone: a failed instance (or backup) being deleted may show FAILED until it disappears.
 */
export class InstanceStatusSource<A extends ManagedInstance> implements JobStatusSource {
    constructor(
        private readonly read: (signal?: AbortSignal) => Promise<A | undefined>,
        private readonly phaseOf: (instance: A) => InstancePhase,
        private readonly target: InstanceTarget,
        private readonly jobName: string,
    ) {}

    async lookup(jobId: string, options: { signal?: AbortSignal } = {}): Promise<JobLookup> {
        const instance = await this.read(options.signal);
        const phase = instance ? this.phaseOf(instance) : "gone";
        const status: JobStatus =
            phase === this.target ? "Completed" : this.target === "ready" && (phase === "failed" || phase === "gone") ? "Failed" : "Running";
        const job: Job = { id: jobId, name: this.jobName, status, rawStatus: instance?.status ?? "GONE" };
        if (instance) job.instance = { id: instance.id, name: instance.name };
        if (status === "Failed") {
            job.failReason = instance ? `The instance is in status ${instance.status}` : `The instance no longer exists`;
        }
        return { kind: "found", job };
    }
}
