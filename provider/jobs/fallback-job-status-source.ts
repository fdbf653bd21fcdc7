import { isJobUnknown, OtcApiError } from "../client/otc-api-error";
import type { OtcClient } from "../client/otc-client";
import { z } from "zod";
import { jobFromApi, jobSchema } from "./job-schema";
import type { JobLookup, JobStatusSource, LookupOptions } from "./job-status-source";

const lookupResponseSchema = z.object({ job: jobSchema.nullish() });

/**
 * `GET {prefix}/v3/{project_id}/jobs?id=` for a service whose single-job query lives under more than one path
 * (TaurusDB: `/v3/…`, and the legacy `/mysql/v3/…` that some regions still serve alone). The prefixes are tried in
 * order; a prefix whose path does not exist at the gateway (404 without a service error code, e.g. APIGW.0101) is
 * dropped for good, for every job of this client, and said once. A 404 with a service code (DBS.200543) is a job
 * the task center does not know, never a missing path.
 */
export class FallbackJobStatusSource implements JobStatusSource {
    private active = 0;

    constructor(
        private readonly client: OtcClient,
        private readonly prefixes: readonly string[],
        private readonly onNotice: (message: string) => void = () => {},
    ) {
        if (prefixes.length === 0) throw new Error("FallbackJobStatusSource needs at least one path prefix");
    }

    /** The path prefix in use now (`""` for `/v3/…`). */
    get prefix(): string {
        return this.prefixes[this.active] ?? "";
    }

    async lookup(jobId: string, options: LookupOptions = {}): Promise<JobLookup> {
        for (;;) {
            const index = this.active;
            const path = `${this.prefixes[index] ?? ""}${this.client.projectPath("/jobs")}`;
            try {
                const { body } = await this.client.call(
                    { method: "GET", path, query: { id: jobId }, ...(options.signal ? { signal: options.signal } : {}) },
                    lookupResponseSchema,
                );
                return body.job ? { kind: "found", job: jobFromApi(body.job) } : { kind: "unknown" };
            } catch (error) {
                if (isJobUnknown(error)) return { kind: "unknown" };
                if (!isMissingPath(error) || index >= this.prefixes.length - 1) throw error;
                // Concurrent lookups may all fail on the same prefix: move on once.
                if (this.active === index) {
                    this.active = index + 1;
                    this.onNotice(
                        `${path.replace(/\?.*$/, "")} does not exist at ${this.client.endpoint} (${(error as OtcApiError).errorCode ?? "404"}); ` +
                            `using ${this.prefixes[this.active]}${this.client.projectPath("/jobs")} for job queries from now on`,
                    );
                }
            }
        }
    }
}

/** 404 from the gateway itself (no such API), as opposed to a service's own 404 about a resource. */
export function isMissingPath(error: unknown): boolean {
    return error instanceof OtcApiError && error.status === 404 && (error.errorCode === undefined || error.errorCode.startsWith("APIGW."));
}
