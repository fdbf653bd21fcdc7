// A job as this package hands it out. Kept apart from the zod schemas in ./job-schema: these types are part
// of the published declarations, which must not reference zod (see ResponseSchema in ../client/otc-client).

export type JobStatus = "Pending" | "Running" | "Completed" | "Failed";

/** A job as this package sees it, whichever API and spelling it came from. */
export interface Job {
    id: string;
    /** Trimmed: OTC has been seen to send names with a leading space. */
    name: string;
    status: JobStatus;
    /** The status string as OTC sent it (differs from `status` only for values this package does not know). */
    rawStatus: string;
    /** 0..100 when the job reports progress ("60%"); undefined otherwise. */
    progressPercent?: number;
    failReason?: string;
    instance?: { id: string; name?: string };
    entities?: Record<string, unknown>;
    created?: Date;
    ended?: Date;
}

export function isTerminal(status: JobStatus): status is "Completed" | "Failed" {
    return status === "Completed" || status === "Failed";
}
