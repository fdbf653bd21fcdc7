import type { OtcClient } from "../client/otc-client";
import { isJobUnknown } from "../client/otc-api-error";
import { z } from "zod";
import type { Job } from "./job";
import { jobFromApi, jobSchema } from "./job-schema";

// A purged job might also be answered with 200 and no job: the documents do not say, so that reads as unknown too.
const lookupResponseSchema = z.object({ job: jobSchema.nullish() });

/** What one look at a job found: the job, or that the task center does not know the id (yet). */
export type JobLookup =
    | {
          kind: "found";
          job: Job;
          /** When OTC answered (ms since epoch), if earlier than the lookup returned: a shared, slightly old answer. */
          observedAtMs?: number;
      }
    | { kind: "unknown" };

export interface LookupOptions {
    signal?: AbortSignal;
    /** An answer up to this old (ms), fetched for another waiter, is good enough. Default 0. */
    maxStalenessMs?: number;
    /**
     * When the job was created or submitted (ms since epoch, OTC's or this machine's clock), if known: lets a
     * shared task-list read find a job older than this process.
     */
    createdAtMs?: number;
}

/** How one job's lookups were answered. */
export interface JobCallStats {
    /** Lookups the waiter made. */
    lookups: number;
    /** Calls made for this job alone (`GET /jobs?id=`). */
    ownCalls: number;
    /** Lookups answered by a task-list read shared with other jobs. */
    sharedAnswers: number;
    /** Lookups answered, without any call, by a recent answer fetched for another waiter. */
    cachedAnswers: number;
}

/** Where a waiter gets a job's state from: one job per call, or many jobs per call through the task list. */
export interface JobStatusSource {
    lookup(jobId: string, options?: LookupOptions): Promise<JobLookup>;
    /** How this job's lookups were answered so far, when the source keeps count. */
    statsFor?(jobId: string): JobCallStats | undefined;
}

/** `GET /v3/{project_id}/jobs?id={job_id}`, or another task center's path (`/mysql/v3/{project_id}/jobs`). */
export class SingleJobStatusSource implements JobStatusSource {
    constructor(
        private readonly client: OtcClient,
        /** Below the endpoint; `{project_id}` is filled in. Default `/v3/{project_id}/jobs`. */
        private readonly jobsPath?: string,
    ) {}

    async lookup(jobId: string, options: LookupOptions = {}): Promise<JobLookup> {
        try {
            const { body } = await this.client.call(
                {
                    method: "GET",
                    path: this.jobsPath ?? this.client.projectPath("/jobs"),
                    query: { id: jobId },
                    ...(options.signal ? { signal: options.signal } : {}),
                },
                lookupResponseSchema,
            );
            return body.job ? { kind: "found", job: jobFromApi(body.job) } : { kind: "unknown" };
        } catch (error) {
            if (isJobUnknown(error)) return { kind: "unknown" };
            throw error;
        }
    }
}
