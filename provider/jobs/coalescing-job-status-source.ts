import type { OtcClient } from "../client/otc-client";
import { type Clock, raceAbort } from "../util/abortable-sleep";
import type { Job } from "./job";
import { jobFromTask, taskListResponseSchema } from "./job-schema";
import { type JobLookup, type JobStatusSource, type LookupOptions, SingleJobStatusSource } from "./job-status-source";

export interface CoalescingOptions {
    /** Lookups arriving within this window share one call. Default 200 ms. */
    batchWindowMs?: number;
    /** Task-list pages read per batch (100 tasks each) before the rest falls back to single lookups. Default 3. */
    maxPages?: number;
    /** Jobs not looked up for this long are forgotten (their waiter gave up). Default 10 min. */
    forgetAfterMs?: number;
    /** Task-list `start_time` lies this far before the oldest tracked job, for clock skew. Default 10 min. */
    skewMarginMs?: number;
    now?: Clock;
}

interface Tracked {
    firstSeenMs: number;
    lastLookupMs: number;
}

interface Waiting {
    jobId: string;
    resolve: (lookup: JobLookup) => void;
    reject: (error: unknown) => void;
    signal: AbortSignal | undefined;
}

interface Snapshot {
    atMs: number;
    job: Job;
}

/**
 * Polls many jobs of one project with one call. Every job a waiter asks about is tracked; when lookups arrive
 * within a short window they are answered together by the task list (`GET /v3/{project_id}/tasks`, 100 jobs a
 * page, from the oldest tracked job on), and the answer is kept, so a waiter that can live with an answer a few
 * seconds old gets it without any call. A job the list does not show falls back to the single-job API; with only
 * one job tracked, the single-job API is used directly.
 */
export class CoalescingJobStatusSource implements JobStatusSource {
    /** Calls made, by API: for the scale benchmark and tests. */
    readonly calls = { taskList: 0, single: 0 };
    private readonly single: SingleJobStatusSource;
    private readonly tracked = new Map<string, Tracked>();
    private readonly snapshots = new Map<string, Snapshot>();
    private waiting: Waiting[] = [];
    private timer: NodeJS.Timeout | undefined;
    private readonly batchWindowMs: number;
    private readonly maxPages: number;
    private readonly forgetAfterMs: number;
    private readonly skewMarginMs: number;
    private readonly now: Clock;

    constructor(
        private readonly client: OtcClient,
        options: CoalescingOptions = {},
    ) {
        this.single = new SingleJobStatusSource(client);
        this.batchWindowMs = options.batchWindowMs ?? 200;
        this.maxPages = options.maxPages ?? 3;
        this.forgetAfterMs = options.forgetAfterMs ?? 10 * 60_000;
        this.skewMarginMs = options.skewMarginMs ?? 10 * 60_000;
        this.now = options.now ?? Date.now;
    }

    lookup(jobId: string, options: LookupOptions = {}): Promise<JobLookup> {
        const now = this.now();
        const tracked = this.tracked.get(jobId);
        if (tracked) tracked.lastLookupMs = now;
        else this.tracked.set(jobId, { firstSeenMs: now, lastLookupMs: now });

        const snapshot = this.snapshots.get(jobId);
        if (snapshot && now - snapshot.atMs <= (options.maxStalenessMs ?? 0)) {
            this.settle(jobId, snapshot.job);
            return Promise.resolve({ kind: "found", job: snapshot.job, observedAtMs: snapshot.atMs });
        }
        const answer = new Promise<JobLookup>((resolve, reject) => {
            this.waiting.push({ jobId, resolve, reject, signal: options.signal });
            this.timer ??= setTimeout(() => void this.flush(), this.batchWindowMs);
        });
        // An aborted waiter leaves at once, even while the shared call it joined is still in flight.
        return raceAbort(answer, options.signal);
    }

    private async flush(): Promise<void> {
        this.timer = undefined;
        const batch = this.waiting.filter((w) => !w.signal?.aborted);
        for (const w of this.waiting) if (w.signal?.aborted) w.reject(w.signal.reason);
        this.waiting = [];
        this.forgetIdle();
        if (batch.length === 0) return;

        let listed = new Map<string, Job>();
        if (this.tracked.size > 1) {
            try {
                listed = await this.readTaskList();
            } catch {
                // The single-job API below answers each waiter; its errors reach the waiter that asked.
            }
        }
        await Promise.all(
            batch.map(async (w) => {
                const job = listed.get(w.jobId);
                if (job) {
                    this.settle(w.jobId, job);
                    w.resolve({ kind: "found", job });
                    return;
                }
                try {
                    this.calls.single++;
                    const lookup = await this.single.lookup(w.jobId, w.signal ? { signal: w.signal } : {});
                    if (lookup.kind === "found") this.settle(w.jobId, lookup.job);
                    w.resolve(lookup);
                } catch (error) {
                    w.reject(error);
                }
            }),
        );
    }

    /** Every task from the oldest tracked job on; a snapshot for each tracked one. */
    private async readTaskList(): Promise<Map<string, Job>> {
        const oldest = Math.min(...[...this.tracked.values()].map((t) => t.firstSeenMs));
        const found = new Map<string, Job>();
        for (let page = 0; page < this.maxPages; page++) {
            this.calls.taskList++;
            const { body } = await this.client.call(
                {
                    method: "GET",
                    path: this.client.projectPath("/tasks"),
                    query: { start_time: Math.max(0, oldest - this.skewMarginMs), offset: page * 100, limit: 100 },
                },
                taskListResponseSchema,
            );
            const atMs = this.now();
            for (const task of body.tasks) {
                if (!this.tracked.has(task.job_id)) continue;
                const job = jobFromTask(task);
                found.set(job.id, job);
                this.snapshots.set(job.id, { atMs, job });
            }
            if (found.size === this.tracked.size || (page + 1) * 100 >= body.total_count) break;
        }
        return found;
    }

    /** A job that ended needs no more tracking; its last answer stays for the waiter that asks next. */
    private settle(jobId: string, job: Job): void {
        if (job.status === "Completed" || job.status === "Failed") this.tracked.delete(jobId);
    }

    private forgetIdle(): void {
        const now = this.now();
        for (const [jobId, t] of this.tracked) {
            if (now - t.lastLookupMs > this.forgetAfterMs) this.tracked.delete(jobId);
        }
        for (const [jobId, s] of this.snapshots) {
            if (now - s.atMs > this.forgetAfterMs) this.snapshots.delete(jobId);
        }
    }
}
