import type { OtcClient } from "../../client/otc-client";
import type { Job, JobStatus } from "../../jobs/job-schema";
import type { JobLookup, JobStatusSource } from "../../jobs/job-status-source";
import { findGaussDbInstances } from "./gaussdb-api";

const FINAL: Record<string, JobStatus> = { ACTIVE: "Completed", FAILED: "Failed" };

/**
 * Waits on an instance's status as if it were a job: for an adopted instance whose create job the task list
 * no longer shows. BUILD is running; ACTIVE is done; FAILED or gone is a failure.
 */
export class GaussDbInstanceStatusSource implements JobStatusSource {
    constructor(
        private readonly client: OtcClient,
        private readonly instanceId: string,
        private readonly jobName: string,
    ) {}

    async lookup(jobId: string, options: { signal?: AbortSignal } = {}): Promise<JobLookup> {
        const [instance] = await findGaussDbInstances(this.client, { id: this.instanceId }, options.signal);
        const status: JobStatus = instance ? (FINAL[instance.status] ?? "Running") : "Failed";
        const job: Job = { id: jobId, name: this.jobName, status, rawStatus: instance?.status ?? "GONE" };
        if (instance) job.instance = { id: instance.id, name: instance.name };
        if (status === "Failed") {
            job.failReason = instance
                ? `The instance is in status FAILED (no create job of it is left in the task list)`
                : `The instance ${this.instanceId} no longer exists`;
        }
        return { kind: "found", job };
    }
}
