import type { OtcClient } from "../client/otc-client";
import { type Clock, raceAbort } from "../util/abortable-sleep";
import type { Job } from "./job";
import { jobFromTask } from "./job-schema";
import { type JobCallStats, type JobLookup, type JobStatusSource, type LookupOptions, SingleJobStatusSource } from "./job-status-source";
import { lenientTaskListSchema, readTaskListPage } from "./task-list-page";

export interface CoalescingOptions {
    /** Lookups arriving within this window share one call. Default 200 ms. */
    batchWindowMs?: number;
    /**
     * Task-list reads start at least this far apart per page the last read took (so paging through many jobs
     * never costs more than about one call per this interval); lookups in between wait for the next read.
     * Default 2 500 ms. The reads share the project's rate limit with the creates and read-backs they wait on:
     * at 1 s, 300 instances at 10 requests/s spent 118 reads and submitted their last create at 158 s; at 2.5 s,
     * 55 reads and 125 s, each job's end seen about a second later (`npm run bench:scale`, docs/benchmarks.md).
     */
    minListIntervalMs?: number;
    /**
     * A read waits until this many lookups per page it will take are waiting (it then costs at most a fifth of
     * answering them one by one), or until the oldest has waited `maxHoldMs`. Default 5.
     */
    minLookupsPerPage?: number;
    /** The longest a lookup waits for others to share a read with. Default 2 500 ms, the read interval. */
    maxHoldMs?: number;
    /** Task-list pages read per batch (100 tasks each) before the rest falls back to single lookups. Default 10. */
    maxPages?: number;
    /** Jobs not looked up for this long are forgotten (their waiter gave up). Default 10 min. */
    forgetAfterMs?: number;
    /** The task-list query spans the batch's creation times widened by this much, for clock skew. Default 10 min. */
    skewMarginMs?: number;
    /** Told once per kind of trouble (the task list failed, did not show a job, had unreadable entries). */
    onNotice?: (message: string) => void;
    now?: Clock;
}

/** Calls made by one source, for the scale benchmark, `otc-jobs wait --verbose` and the provider's debug log. */
export interface CoalescingStats {
    /** Task-list pages read. */
    taskListCalls: number;
    /** Single-job calls (`GET /jobs?id=`). */
    singleCalls: number;
    /** Task-list reads that failed (their waiters were answered by single-job calls). */
    listFailures: number;
    /** Lookups the task list did not answer although it was read for them (answered by single-job calls). */
    notListed: number;
    /** Task-list entries that could not be read and were skipped. */
    skippedTasks: number;
}

interface Tracked {
    firstSeenMs: number;
    lastLookupMs: number;
    /** When OTC created the job (ms since epoch, OTC's clock), once an answer said so. */
    createdMs: number | undefined;
    /** When the caller says the job was submitted (this machine's clock): a hint until OTC's time is known. */
    submittedHintMs: number | undefined;
}

interface Waiting {
    jobId: string;
    resolve: (lookup: JobLookup) => void;
    reject: (error: unknown) => void;
    signal: AbortSignal | undefined;
    sinceMs: number;
}

interface Snapshot {
    atMs: number;
    job: Job;
}

// OTC's task times have seconds precision.
const OTC_TIME_MARGIN_MS = 1_000;

/**
 * Polls many jobs of one project with few calls. Every job a waiter asks about is tracked; lookups arriving
 * close together are answered together by the task list (`GET /v3/{project_id}/tasks`, 100 jobs a page), and
 * the answer is kept, so a waiter that can live with an answer a few seconds old gets it without any call.
 *
 * What keeps it cheaper than one call per job at any scale:
 * - one flush at a time, and task-list reads at least `minListIntervalMs` per page apart: lookups that
 *   arrive meanwhile wait for the next read instead of each starting their own;
 * - a read waits (up to `maxHoldMs`) until `minLookupsPerPage` lookups per page share it, and a lookup that
 *   arrives while a read covering its job is under way joins it if the waiter accepts an answer that old;
 * - a read covers only the creation times of the jobs waiting in it (`start_time`/`end_time`: OTC's own
 *   creation time once known, else widened for clock skew), and stops paging once all of them are found;
 * - when a batch holds fewer jobs than the pages a read would take, the single-job API answers them instead.
 *
 * A job the list does not show, or a list that fails, falls back to the single-job API, and says so once
 * through `onNotice`. A job older than this process (a resumed or adopted wait) is found by its own creation
 * time, which the waiter passes in or the first single-job answer reveals.
 */
export class CoalescingJobStatusSource implements JobStatusSource {
    /** Calls made, by API (kept for existing callers; {@link stats} has more). */
    readonly calls = { taskList: 0, single: 0 };
    private readonly counters = { listFailures: 0, notListed: 0, skippedTasks: 0 };
    private readonly single: SingleJobStatusSource;
    private readonly tracked = new Map<string, Tracked>();
    private readonly snapshots = new Map<string, Snapshot>();
    private readonly perJob = new Map<string, JobCallStats & { lastMs: number }>();
    private readonly noticed = new Set<string>();
    private readonly listeners = new Set<(message: string) => void>();
    private waiting: Waiting[] = [];
    private timer: NodeJS.Timeout | undefined;
    /** The task-list read under way: its span (creation times, ms) and the lookups that joined it late. */
    private reading: { startedMs: number; fromMs: number; toMs: number; joiners: Waiting[] } | undefined;
    private timerDueMs = Number.POSITIVE_INFINITY;
    private flushing = false;
    private lastListStartMs = Number.NEGATIVE_INFINITY;
    /** total_count of the last read, for the cost estimate of the next one. */
    private lastTotalCount: number | undefined;
    /** Pages the last read took. */
    private lastPages = 1;
    private readonly batchWindowMs: number;
    private readonly minListIntervalMs: number;
    private readonly maxPages: number;
    private readonly minLookupsPerPage: number;
    private readonly maxHoldMs: number;
    private readonly forgetAfterMs: number;
    private readonly skewMarginMs: number;
    private readonly now: Clock;

    constructor(
        private readonly client: OtcClient,
        options: CoalescingOptions = {},
    ) {
        this.single = new SingleJobStatusSource(client);
        this.batchWindowMs = options.batchWindowMs ?? 200;
        this.minListIntervalMs = options.minListIntervalMs ?? 2_500;
        this.maxPages = options.maxPages ?? 10;
        this.minLookupsPerPage = options.minLookupsPerPage ?? 5;
        this.maxHoldMs = options.maxHoldMs ?? 2_500;
        this.forgetAfterMs = options.forgetAfterMs ?? 10 * 60_000;
        this.skewMarginMs = options.skewMarginMs ?? 10 * 60_000;
        this.now = options.now ?? Date.now;
        if (options.onNotice) this.listeners.add(options.onNotice);
    }

    lookup(jobId: string, options: LookupOptions = {}): Promise<JobLookup> {
        const now = this.now();
        const tracked = this.tracked.get(jobId);
        if (tracked) tracked.lastLookupMs = now;
        else this.tracked.set(jobId, { firstSeenMs: now, lastLookupMs: now, createdMs: undefined, submittedHintMs: undefined });
        const entry = this.tracked.get(jobId)!;
        if (options.createdAtMs !== undefined && Number.isFinite(options.createdAtMs)) {
            entry.submittedHintMs = Math.min(entry.submittedHintMs ?? Number.POSITIVE_INFINITY, options.createdAtMs);
        }
        const stats = this.statsEntry(jobId, now);
        stats.lookups++;

        const snapshot = this.snapshots.get(jobId);
        if (snapshot && now - snapshot.atMs <= (options.maxStalenessMs ?? 0)) {
            stats.cachedAnswers++;
            this.settle(jobId, snapshot.job);
            return Promise.resolve({ kind: "found", job: snapshot.job, observedAtMs: snapshot.atMs });
        }
        // A read under way that covers this job and started recently enough answers it too: its answer is no
        // older than when it started (it may still be queued behind the rate limit, and then it is newer).
        const reading = this.reading;
        const joins =
            reading !== undefined &&
            now - reading.startedMs <= (options.maxStalenessMs ?? 0) &&
            entry.createdMs !== undefined &&
            entry.createdMs >= reading.fromMs &&
            entry.createdMs <= reading.toMs;
        const answer = new Promise<JobLookup>((resolve, reject) => {
            const waiting = { jobId, resolve, reject, signal: options.signal, sinceMs: now };
            if (joins) {
                reading.joiners.push(waiting);
            } else {
                this.waiting.push(waiting);
                this.schedule();
            }
        });
        // An aborted waiter leaves at once, even while the shared call it joined is still in flight.
        return raceAbort(answer, options.signal);
    }

    /** Calls made for one job's lookups so far (kept for {@link CoalescingOptions.forgetAfterMs} after its last lookup). */
    statsFor(jobId: string): JobCallStats | undefined {
        const s = this.perJob.get(jobId);
        return s ? { lookups: s.lookups, ownCalls: s.ownCalls, sharedAnswers: s.sharedAnswers, cachedAnswers: s.cachedAnswers } : undefined;
    }

    stats(): CoalescingStats {
        return { taskListCalls: this.calls.taskList, singleCalls: this.calls.single, ...this.counters };
    }

    /** Also tell `listener` about trouble from now on; returns the unsubscribe function. */
    onNotice(listener: (message: string) => void): () => void {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
    }

    private schedule(): void {
        if (this.flushing) return;
        const now = this.now();
        // Enough lookups to share a read (or nothing to share it with): go after the batch window. Otherwise
        // hold the oldest up to maxHoldMs for company.
        const full = this.tracked.size <= 1 || this.waiting.length >= this.minLookupsPerPage * this.estimatedPages();
        const oldestMs = Math.min(...this.waiting.map((w) => w.sinceMs));
        let delayMs = full ? this.batchWindowMs : Math.max(this.batchWindowMs, oldestMs + this.maxHoldMs - now);
        delayMs = Math.max(delayMs, this.lastListStartMs + this.minListIntervalMs * this.lastPages - now);
        const dueMs = now + delayMs;
        if (this.timer !== undefined) {
            if (dueMs >= this.timerDueMs) return;
            clearTimeout(this.timer);
        }
        this.timerDueMs = dueMs;
        this.timer = setTimeout(() => void this.flush(), delayMs);
    }

    private async flush(): Promise<void> {
        this.timer = undefined;
        this.timerDueMs = Number.POSITIVE_INFINITY;
        this.flushing = true;
        try {
            await this.answer();
        } finally {
            this.flushing = false;
            if (this.waiting.length > 0) this.schedule();
        }
    }

    private async answer(): Promise<void> {
        const batch = this.waiting.filter((w) => !w.signal?.aborted);
        for (const w of this.waiting) if (w.signal?.aborted) w.reject(w.signal.reason);
        this.waiting = [];
        this.forgetIdle();
        if (batch.length === 0) return;

        let listed = new Map<string, Job>();
        let listRead = false;
        const wanted = new Set(batch.map((w) => w.jobId));
        // At equal cost the read wins: it also refreshes every other tracked job.
        if (this.tracked.size > 1 && wanted.size >= this.estimatedPages()) {
            try {
                listed = await this.readTaskList(wanted);
                listRead = true;
            } catch (error) {
                this.counters.listFailures++;
                this.notice("list-failed", `the task list could not be read (${describe(error)}); polling each job on its own`);
            }
        }
        const now = this.now();
        // Lookups that joined the read late: answered if it showed their job, else they wait for the next one.
        for (const w of this.reading?.joiners ?? []) {
            const job = listed.get(w.jobId);
            if (job === undefined) {
                this.waiting.push(w);
                continue;
            }
            this.statsEntry(w.jobId, now).sharedAnswers++;
            this.settle(w.jobId, job);
            w.resolve({ kind: "found", job });
        }
        this.reading = undefined;
        await Promise.all(
            batch.map(async (w) => {
                const job = listed.get(w.jobId);
                if (job) {
                    this.statsEntry(w.jobId, now).sharedAnswers++;
                    this.settle(w.jobId, job);
                    w.resolve({ kind: "found", job });
                    return;
                }
                if (listRead) {
                    this.counters.notListed++;
                    this.notice("not-listed", `the task list did not show job ${w.jobId}; asking the job API for it (and any other it misses)`);
                }
                try {
                    this.calls.single++;
                    this.statsEntry(w.jobId, now).ownCalls++;
                    const lookup = await this.single.lookup(w.jobId, w.signal ? { signal: w.signal } : {});
                    if (lookup.kind === "found") {
                        if (lookup.job.created) this.noteCreated(w.jobId, lookup.job.created.getTime());
                        this.settle(w.jobId, lookup.job);
                    }
                    w.resolve(lookup);
                } catch (error) {
                    w.reject(error);
                }
            }),
        );
    }

    /** Pages the last read needed, or what the tracked jobs alone would need before any read. */
    private estimatedPages(): number {
        return Math.max(1, Math.ceil((this.lastTotalCount ?? this.tracked.size) / 100));
    }

    /**
     * Every task created within the span of the wanted jobs' creation times (widened for skew), until all
     * wanted jobs are found; a snapshot for each tracked job seen on the way.
     */
    private async readTaskList(wanted: ReadonlySet<string>): Promise<Map<string, Job>> {
        // A creation time OTC reported is on OTC's clock: a second of margin covers its rounding. Before it is
        // known, a job was created at the latest when it was first looked up or when its waiter says it was
        // submitted, on this machine's clock: widen by the skew margin. A job older than this process whose creation time nobody passed in is missed by this
        // span once; the single-job answer that follows reveals its creation time, and the next read covers it.
        let startMs = Number.POSITIVE_INFINITY;
        let endMs = Number.NEGATIVE_INFINITY;
        for (const id of wanted) {
            const t = this.tracked.get(id);
            const knownMs = t?.createdMs;
            const guessMs = Math.min(t?.firstSeenMs ?? this.now(), t?.submittedHintMs ?? Number.POSITIVE_INFINITY);
            startMs = Math.min(startMs, knownMs !== undefined ? knownMs - OTC_TIME_MARGIN_MS : guessMs - this.skewMarginMs);
            endMs = Math.max(endMs, knownMs !== undefined ? knownMs + OTC_TIME_MARGIN_MS : guessMs + this.skewMarginMs);
        }
        const query = { start_time: Math.max(0, Math.floor(startMs)), end_time: Math.ceil(endMs), limit: 100 };
        this.reading = { startedMs: this.now(), fromMs: query.start_time, toMs: query.end_time, joiners: [] };
        const found = new Map<string, Job>();
        let seenWanted = 0;
        this.lastListStartMs = this.now();
        for (let page = 0; page < this.maxPages; page++) {
            this.calls.taskList++;
            const { body } = await this.client.call(
                // One read answers every waiter: it goes before the creates and single calls queued at the rate limit,
                // or at scale it would wait behind the whole create burst while the jobs it is for end.
                { method: "GET", path: this.client.projectPath("/tasks"), query: { ...query, offset: page * 100 }, priority: "urgent" },
                lenientTaskListSchema,
            );
            const read = readTaskListPage(body);
            if (read.skipped > 0) {
                this.counters.skippedTasks += read.skipped;
                this.notice("skipped", `the task list had ${read.skipped} entr${read.skipped === 1 ? "y" : "ies"} this package cannot read; skipped`);
            }
            const atMs = this.now();
            for (const task of read.tasks) {
                if (!this.tracked.has(task.job_id)) continue;
                const job = jobFromTask(task);
                found.set(job.id, job);
                this.snapshots.set(job.id, { atMs, job });
                if (job.created) this.noteCreated(job.id, job.created.getTime());
                if (wanted.has(job.id)) seenWanted++;
            }
            if (read.totalCount !== undefined) this.lastTotalCount = read.totalCount;
            const exhausted =
                read.totalCount !== undefined ? (page + 1) * 100 >= read.totalCount : body.tasks.length < 100;
            this.lastPages = page + 1;
            if (seenWanted >= wanted.size || exhausted) break;
        }
        return found;
    }

    private noteCreated(jobId: string, createdMs: number): void {
        const t = this.tracked.get(jobId);
        if (t && Number.isFinite(createdMs)) t.createdMs = t.createdMs === undefined ? createdMs : Math.min(t.createdMs, createdMs);
    }

    /** A job that ended needs no more tracking; its last answer stays for the waiter that asks next. */
    private settle(jobId: string, job: Job): void {
        if (job.status === "Completed" || job.status === "Failed") this.tracked.delete(jobId);
    }

    private statsEntry(jobId: string, now: number): JobCallStats & { lastMs: number } {
        let s = this.perJob.get(jobId);
        if (!s) {
            s = { lookups: 0, ownCalls: 0, sharedAnswers: 0, cachedAnswers: 0, lastMs: now };
            this.perJob.set(jobId, s);
        }
        s.lastMs = now;
        return s;
    }

    private notice(kind: string, message: string): void {
        if (this.noticed.has(kind)) return;
        this.noticed.add(kind);
        for (const listener of this.listeners) listener(message);
    }

    private forgetIdle(): void {
        const now = this.now();
        for (const [jobId, t] of this.tracked) {
            if (now - t.lastLookupMs > this.forgetAfterMs) this.tracked.delete(jobId);
        }
        for (const [jobId, s] of this.snapshots) {
            if (now - s.atMs > this.forgetAfterMs) this.snapshots.delete(jobId);
        }
        for (const [jobId, s] of this.perJob) {
            if (now - s.lastMs > this.forgetAfterMs && !this.tracked.has(jobId)) this.perJob.delete(jobId);
        }
    }
}

function describe(error: unknown): string {
    return error instanceof Error ? error.message : String(error);
}
