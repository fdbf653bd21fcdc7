// Job records in a resource's outputs. Kept apart from instance-adapter.ts, which imports zod's types: the
// published declarations of GaussDbInstance reference these, and zod's declarations do not compile in a project
// without esModuleInterop and skipLibCheck (Pulumi's TypeScript template).

/** A job this resource submitted and was still waiting for when its deadline passed. */
export interface PendingJob {
    id: string;
    name: string;
    /** ISO time of the submission. */
    submittedAt: string;
}

/** The create job that failed, when the failed instance was kept. */
export interface FailedJob {
    id: string;
    name: string;
    failReason: string;
}
