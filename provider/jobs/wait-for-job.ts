import { isCredentialsProvider, type OtcCredentials } from "../client/credentials";
import { OtcClient } from "../client/otc-client";
import { DEFAULT_RATE_PER_SECOND, sharedRateLimiter } from "../client/rate-limiter";
import type { Job } from "./job";
import { durationHistoryFor, jobStatusSourceFor } from "./job-status-source-registry";
import { SingleJobStatusSource } from "./job-status-source";
import { FallbackJobStatusSource } from "./fallback-job-status-source";
import { sharedHttpDispatcher } from "../client/http-dispatcher";
import { type JobProgressEvent, waitForJobWith } from "./job-waiter";
import type { PollPolicy } from "./poll-policy";
import { createHash } from "node:crypto";

export interface WaitForJobOptions {
    /** Service endpoint, e.g. `https://gaussdb.eu-de.otc.t-systems.com`; the job URL is `{endpoint}/v3/{projectId}/jobs?id={jobId}`. */
    endpoint: string;
    /** May be omitted when `credentials` resolves the project (an `IamSession` scoped by project name). */
    projectId?: string;
    jobId: string;
    /**
     * `{ accessKey, secretKey }` (AK/SK signing), `{ token }` (sent as `X-Auth-Token`), or the `credentials` of
     * `resolveOtcSettings` (IAM password, project by name, clouds.yaml: the same settings as the provider's).
     */
    credentials: OtcCredentials;
    /** Default 60 min. */
    timeoutMs?: number;
    /** Aborting stops the wait (not the job); the promise rejects with the signal's reason. */
    signal?: AbortSignal;
    /** Called after every poll. */
    onProgress?: (event: JobProgressEvent) => void;
    /** How long an id the task center does not know yet is waited for. Default 60 s. */
    unknownJobGraceMs?: number;
    /** Replaces the default poll policy (see `createPollPolicy`). */
    pollPolicy?: PollPolicy;
    /** Requests per second to this endpoint, shared by every wait in the process. Default 5. */
    maxRequestsPerSecond?: number;
    /**
     * Poll concurrent waits of one project together through the task list. Default true; only openGauss documents a
     * task list, so turn it off for RDS and TaurusDB jobs.
     */
    coalescePolls?: boolean;
    /**
     * Path prefixes under which the single-job query is tried, in order, each dropped for good once the gateway
     * answers 404 for it: `["", "/mysql"]` for TaurusDB regions that serve only the legacy `/mysql/v3/…` path. Implies
     * no task list.
     */
    jobPathPrefixes?: readonly string[];
    /** PEM bundle to trust (what `OS_CACERT` names). */
    caCertPath?: string;
    /** Skip TLS verification (`OS_INSECURE`); for test clouds only. */
    insecure?: boolean;
    /** When the job was submitted, if before this wait (resuming): a shared task-list read then looks back for it. */
    jobStartedAt?: Date;
    /**
     * Told, once per kind and process, when waiting degrades: the task list fails or misses a job (its polls fall
     * back to the job API), has entries this package cannot read, or past durations cannot be learned.
     */
    onNotice?: (message: string) => void;
}

/**
 * Waits for one OTC job. Resolves with the completed job; rejects with `JobFailedError` (carrying OTC's
 * `fail_reason` as `.failReason`), `JobTimeoutError`, `JobNotFoundError`, or an `OtcApiError` that cannot heal
 * (authentication, a wrong endpoint). Concurrent waits on one endpoint and project share their polls.
 */
export async function waitForJob(options: WaitForJobOptions): Promise<Job> {
    const client = sharedClient(options);
    const prefixes = options.jobPathPrefixes;
    const coalesce = options.coalescePolls !== false && prefixes === undefined;
    const source = prefixes
        ? new FallbackJobStatusSource(client, prefixes, options.onNotice)
        : coalesce
          ? jobStatusSourceFor(client)
          : new SingleJobStatusSource(client);
    // Learned durations come from the task list too: not used when the caller turned task-list reads off.
    const history = coalesce ? durationHistoryFor(client) : undefined;
    const unsubscribe = options.onNotice && coalesce
        ? [jobStatusSourceFor(client).onNotice(options.onNotice), durationHistoryFor(client).onNotice(options.onNotice)]
        : [];
    try {
        return await waitForJobWith(
            {
                source,
                ...(options.pollPolicy ? { policy: options.pollPolicy } : {}),
                ...(history ? { durationPriors: history } : {}),
            },
            {
                jobId: options.jobId,
                ...(options.jobStartedAt ? { jobStartedAt: options.jobStartedAt } : {}),
                ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
                ...(options.signal ? { signal: options.signal } : {}),
                ...(options.onProgress ? { onProgress: options.onProgress } : {}),
                ...(options.unknownJobGraceMs !== undefined ? { unknownJobGraceMs: options.unknownJobGraceMs } : {}),
            },
        );
    } finally {
        for (const stop of unsubscribe) stop();
    }
}

const clients = new Map<string, OtcClient>();

// One client per endpoint, project and identity, so that concurrent waits share one coalescing source. The key
// holds a hash of the credentials, never the credentials.
function sharedClient(options: WaitForJobOptions): OtcClient {
    // A credentials provider serializes without its secrets, so it is told apart by its own key.
    const identity = isCredentialsProvider(options.credentials)
        ? options.credentials.cacheKey
        : createHash("sha256").update(JSON.stringify(options.credentials)).digest("hex");
    const tls = { insecure: options.insecure ?? false, ...(options.caCertPath ? { caCertPath: options.caCertPath } : {}) };
    const key = `${options.endpoint}|${options.projectId ?? ""}|${identity}|${JSON.stringify(tls)}`;
    let client = clients.get(key);
    if (!client) {
        client = new OtcClient({
            endpoint: options.endpoint,
            projectId: options.projectId ?? "",
            credentials: options.credentials,
            dispatcher: sharedHttpDispatcher(tls),
            rateLimiter: sharedRateLimiter(new URL(options.endpoint).origin, {
                ratePerSecond: options.maxRequestsPerSecond ?? DEFAULT_RATE_PER_SECOND,
            }),
        });
        clients.set(key, client);
    }
    return client;
}
