import { OtcApiError, OtcNetworkError, OtcResponseError } from "../client/otc-api-error";
import { abortableSleep, type Clock, raceAbort, type Sleep } from "../util/abortable-sleep";
import { JobFailedError, type JobIdentity, JobNotFoundError, JobTimeoutError } from "./job-errors";
import type { Job, JobStatus } from "./job";
import type { JobCallStats, JobStatusSource } from "./job-status-source";
import type { DurationPriorSource } from "./duration-history";
import { defaultPollPolicy, type JobObservation, type PollPolicy } from "./poll-policy";

/** Told after every poll. */
export interface JobProgressEvent {
    jobId: string;
    jobName: string | undefined;
    /** "Unknown" while the task center does not know the id yet or the last poll failed. */
    status: JobStatus | "Unknown";
    progressPercent: number | undefined;
    elapsedMs: number;
    polls: number;
    job: Job | undefined;
    /** Why the last poll failed, when it did (the wait goes on). */
    error: string | undefined;
    /** How this job's lookups were answered so far: calls of its own, shared task-list reads, answers in hand. */
    calls: JobCallStats;
}

export interface JobWaitOptions {
    jobId: string;
    /** Give up after this long. Default 60 min. */
    timeoutMs?: number;
    /** Abort the wait (the job goes on at OTC); the promise rejects with the signal's reason. */
    signal?: AbortSignal;
    onProgress?: (event: JobProgressEvent) => void;
    /** The job's name when already known, so the first polls can use duration priors. */
    jobName?: string;
    /** When the job was submitted, if earlier than now (resuming a wait). */
    jobStartedAt?: Date;
    /** How long a job id the task center does not know yet is waited for. Default 60 s. */
    unknownJobGraceMs?: number;
    /** Names for error messages when the job itself does not carry them. */
    identity?: Partial<JobIdentity>;
    /** Replaces the generic "how to resume" advice of a timeout error. */
    timeoutHint?: string;
}

export interface JobWaiterDependencies {
    source: JobStatusSource;
    policy?: PollPolicy;
    /** Wall clock, ms since epoch. */
    now?: Clock;
    sleep?: Sleep;
    random?: () => number;
    /** Learned durations per job name (the task list's history), for jobs that report no progress. */
    durationPriors?: DurationPriorSource;
}

const DEFAULT_TIMEOUT_MS = 60 * 60_000;
const DEFAULT_UNKNOWN_GRACE_MS = 60_000;
// A job whose `created` lies further back than this was not submitted by this wait; closer than this, the
// difference is more likely clock skew between OTC and this machine than a real head start.
const RESUMED_JOB_THRESHOLD_MS = 60_000;
const MAX_SHARED_STALENESS_MS = 15_000;
const POLL_GRACE_MS = 5_000;

/**
 * Polls one job until it is `Completed` (resolves with it), `Failed` (rejects with {@link JobFailedError}), or the
 * deadline passes (rejects with {@link JobTimeoutError}). Failed polls are tolerated until the deadline; only
 * errors that cannot heal (authentication, a wrong endpoint) end the wait early.
 */
export async function waitForJobWith(deps: JobWaiterDependencies, options: JobWaitOptions): Promise<Job> {
    const now = deps.now ?? Date.now;
    const sleep = deps.sleep ?? abortableSleep;
    const policy = deps.policy ?? defaultPollPolicy;
    const random = deps.random ?? Math.random;
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const graceMs = options.unknownJobGraceMs ?? DEFAULT_UNKNOWN_GRACE_MS;
    const startedAt = now();
    const history: JobObservation[] = [];
    let jobName = options.jobName;
    let jobStartMs = options.jobStartedAt ? Math.min(0, options.jobStartedAt.getTime() - startedAt) : undefined;
    let lastJob: Job | undefined;
    let lastError: string | undefined;
    let retryAfterMs: number | undefined;
    let polls = 0;
    let answered = false;
    // Answers in a row saying the task center does not know a job it has shown before.
    let unknownAfterSeen = 0;
    // The task center has answered that it does not know the id, and never shown it.
    let neverKnown = false;

    for (;;) {
        options.signal?.throwIfAborted();
        const elapsedMs = now() - startedAt;
        const durationPrior = jobName === undefined ? undefined : deps.durationPriors?.priorFor(jobName);
        const planned = policy.nextDelayMs({
            nowMs: elapsedMs,
            deadlineMs: timeoutMs,
            ...(jobStartMs !== undefined ? { jobStartMs } : {}),
            ...(jobName !== undefined ? { jobName } : {}),
            history,
            ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
            ...(durationPrior !== undefined ? { durationPrior } : {}),
            random,
        });
        // The policy owns the schedule, but the deadline is the waiter's contract whatever the policy says. So is
        // the unknown-job grace: an id never shown is asked about again when its grace ends, not whenever the
        // schedule next polls (that made a 60 s grace answer "not found" after 78-143 s), unless OTC said to wait.
        const graceLeftMs = neverKnown && retryAfterMs === undefined && elapsedMs < graceMs ? graceMs - elapsedMs : Infinity;
        await sleep(Math.max(0, Math.min(planned, timeoutMs - elapsedMs, graceLeftMs)), options.signal);

        polls++;
        retryAfterMs = undefined;
        let status: JobStatus | "Unknown" = "Unknown";
        let unknownToApi = false;
        let observedAtMs: number | undefined;
        // A poll that hangs must not hold the wait past its deadline (plus a grace for the answer in flight).
        const graceForAnswerMs = Math.min(POLL_GRACE_MS, timeoutMs / 4);
        const pollDeadline = AbortSignal.timeout(Math.ceil(Math.max(0, timeoutMs - (now() - startedAt)) + graceForAnswerMs));
        const pollSignal = options.signal ? AbortSignal.any([options.signal, pollDeadline]) : pollDeadline;
        const createdAtMs = lastJob?.created?.getTime() ?? options.jobStartedAt?.getTime();
        try {
            const lookup = await raceAbort(
                deps.source.lookup(options.jobId, {
                    signal: pollSignal,
                    // A poll far from the predicted end may reuse another waiter's answer; one close to it may not.
                    maxStalenessMs: Math.min(planned / 4, MAX_SHARED_STALENESS_MS),
                    // A resumed or adopted job is older than this process: a shared read must look back for it.
                    ...(createdAtMs !== undefined ? { createdAtMs } : {}),
                }),
                pollSignal,
            );
            answered = true;
            if (lookup.kind === "found") {
                observedAtMs = lookup.observedAtMs;
                lastJob = lookup.job;
                lastError = undefined;
                status = lookup.job.status;
                jobName ??= lookup.job.name;
                if (lookup.job.created) {
                    const offset = lookup.job.created.getTime() - startedAt;
                    const fromCreated = offset < -RESUMED_JOB_THRESHOLD_MS ? offset : 0;
                    // The caller's start is a claim, OTC's creation time a fact: a claim taken well before the job
                    // existed (the request queued at a rate limit, or waited while the instance was busy) would make
                    // the job look slow and push every poll late.
                    if (jobStartMs === undefined || fromCreated - jobStartMs > RESUMED_JOB_THRESHOLD_MS) jobStartMs = fromCreated;
                }
            } else {
                unknownToApi = true;
                lastError = lastJob ? "the task center no longer knows the job" : "the task center does not know the job yet (DBS.200543)";
            }
        } catch (error) {
            if (options.signal?.aborted) throw options.signal.reason;
            if (pollDeadline.aborted) {
                lastError = "the last poll got no answer before the deadline";
            } else {
                if (!isTransient(error)) throw error;
                if (error instanceof OtcApiError) answered = true;
                // An endpoint that was never reached (wrong host, refused connections) is not worth the whole deadline.
                if (!answered && error instanceof OtcNetworkError && now() - startedAt >= graceMs) throw error;
                lastError = error instanceof Error ? error.message : String(error);
                if (error instanceof OtcApiError) retryAfterMs = error.retryAfterMs;
            }
        }

        const atMs = (observedAtMs ?? now()) - startedAt;
        const observed: JobObservation = { atMs, status: status === "Unknown" || status === "Pending" ? status : "Running" };
        if (lastJob && status !== "Unknown" && lastJob.progressPercent !== undefined) observed.progressPercent = lastJob.progressPercent;
        history.push(observed);
        options.onProgress?.({
            jobId: options.jobId,
            jobName,
            status,
            progressPercent: status === "Unknown" ? undefined : lastJob?.progressPercent,
            elapsedMs: atMs,
            polls,
            job: lastJob,
            error: lastError,
            calls: deps.source.statsFor?.(options.jobId) ?? { lookups: polls, ownCalls: polls, sharedAnswers: 0, cachedAnswers: 0 },
        });

        if (status === "Completed" && lastJob) return lastJob;
        if (status === "Failed" && lastJob) throw new JobFailedError(lastJob, options.identity);
        if (!lastJob && unknownToApi && atMs >= graceMs) {
            throw new JobNotFoundError(options.jobId, atMs);
        }
        // Once shown, a job the task center forgets again (OTC purges ended jobs) will not come back: two answers
        // in a row, so that one lagging replica does not end the wait, then the caller decides from the resource.
        neverKnown = !lastJob && unknownToApi;
        unknownAfterSeen = lastJob && unknownToApi ? unknownAfterSeen + 1 : 0;
        if (lastJob && unknownAfterSeen >= 2) throw new JobNotFoundError(options.jobId, atMs, lastJob);
        if (now() - startedAt >= timeoutMs) {
            throw new JobTimeoutError({
                jobId: options.jobId,
                jobName,
                instanceId: options.identity?.instanceId,
                instanceName: options.identity?.instanceName,
                waitedMs: atMs,
                lastJob,
                lastError,
                hint: options.timeoutHint,
            });
        }
    }
}

/** Worth another poll: the API or the network hiccuped; the job itself is unaffected. */
function isTransient(error: unknown): boolean {
    if (error instanceof OtcNetworkError) return true;
    if (error instanceof OtcResponseError) return error.transient;
    if (error instanceof OtcApiError) return error.status === 429 || error.status >= 500;
    return false;
}
