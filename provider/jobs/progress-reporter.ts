import type { Clock } from "../util/abortable-sleep";
import { formatDuration } from "../util/format-duration";
import type { JobProgressEvent } from "./job-waiter";

export interface ProgressReporterOptions {
    /** Where lines go. Default: stdout, which the Pulumi engine shows as info diagnostics. */
    write?: (line: string) => void;
    now?: Clock;
    /** The longest the output stays silent while any job runs. Default 60 s. */
    heartbeatMs?: number;
    /** Progress lines allowed per minute across all jobs, beyond a burst of the same size. Default 30. */
    linesPerMinute?: number;
    /** With more jobs than this running, heartbeats become one summary line. Default 5. */
    summarizeAbove?: number;
    /** Start the heartbeat timer (tests drive `tick()` themselves). Default true. */
    timer?: boolean;
}

interface Tracked {
    label: string;
    jobName: string;
    startedAtMs: number;
    progressPercent: number | undefined;
    status: string;
    lastPrintedAtMs: number;
    lastPrintedText: string;
}

/**
 * Prints job progress the way a CI log wants it: a line when progress changes (within a shared line budget, so a
 * hundred waiting resources do not flood the log), a heartbeat at least every minute while anything runs (so
 * pipelines that kill silent jobs never do), and always the final outcome.
 */
export class ProgressReporter {
    private readonly write: (line: string) => void;
    private readonly now: Clock;
    private readonly heartbeatMs: number;
    private readonly summarizeAbove: number;
    private readonly linesPerMs: number;
    private readonly burst: number;
    private readonly useTimer: boolean;
    private budget: number;
    private budgetAtMs: number;
    private lastOutputAtMs: number;
    private readonly jobs = new Map<string, Tracked>();
    private timer: NodeJS.Timeout | undefined;

    constructor(options: ProgressReporterOptions = {}) {
        this.write = options.write ?? ((line) => process.stdout.write(`${line}\n`));
        this.now = options.now ?? Date.now;
        this.heartbeatMs = options.heartbeatMs ?? 60_000;
        this.summarizeAbove = options.summarizeAbove ?? 5;
        const perMinute = options.linesPerMinute ?? 30;
        this.linesPerMs = perMinute / 60_000;
        this.burst = perMinute;
        this.budget = perMinute;
        this.budgetAtMs = this.now();
        this.lastOutputAtMs = this.now();
        this.useTimer = options.timer ?? true;
    }

    /**
     * Starts following one job; `key` must be unique among running jobs (the job id is). `state` is what the first
     * line says: "submitted" for a new job, "resumed" for one a previous run left behind.
     */
    start(key: string, label: string, jobName: string, startedAtMs: number = this.now(), state = "submitted"): void {
        this.jobs.set(key, {
            label,
            jobName,
            startedAtMs,
            progressPercent: undefined,
            status: state,
            // A start line the budget dropped still counts as news: the first heartbeat comes a minute later.
            lastPrintedAtMs: this.now(),
            lastPrintedText: "",
        });
        // Within the line budget: a hundred resources starting at once must not flood the log either.
        this.emit(this.jobs.get(key)!, false);
        this.schedule();
    }

    /** A poll answered. Prints when something changed and the budget allows. */
    update(key: string, event: Pick<JobProgressEvent, "status" | "progressPercent" | "jobName">): void {
        const job = this.jobs.get(key);
        if (!job) return;
        if (event.jobName) job.jobName = event.jobName;
        // The outcome is finish()'s to print, once.
        if (event.status === "Completed" || event.status === "Failed") return;
        if (event.status !== "Unknown") job.status = event.status;
        if (event.progressPercent !== undefined) job.progressPercent = event.progressPercent;
        if (this.describe(job) !== job.lastPrintedText) this.emit(job, false);
    }

    /** The wait ended; the outcome is always printed. */
    finish(key: string, outcome: string): void {
        const job = this.jobs.get(key);
        if (!job) return;
        this.jobs.delete(key);
        this.print(`${job.label}: ${job.jobName} ${outcome} (${formatDuration(this.now() - job.startedAtMs)})`);
    }

    /** A line about no job in particular (a retry, an adoption); dropped when over the line budget. */
    note(line: string): void {
        if (this.take(this.now())) this.print(line);
    }

    /** A line that must not be dropped (what happened to an instance). */
    announce(line: string): void {
        this.print(line);
    }

    /** Heartbeat check: the timer calls it when the next heartbeat is due. */
    tick(): void {
        const now = this.now();
        if (this.jobs.size === 0) return;
        if (this.jobs.size > this.summarizeAbove) {
            if (now - this.lastOutputAtMs >= this.heartbeatMs) this.print(this.summary());
            return;
        }
        for (const job of this.jobs.values()) {
            if (now - job.lastPrintedAtMs >= this.heartbeatMs) this.emit(job, true);
        }
    }

    /** When the next heartbeat is due (ms since epoch), if anything runs. */
    private nextHeartbeatMs(): number | undefined {
        if (this.jobs.size === 0) return undefined;
        if (this.jobs.size > this.summarizeAbove) return this.lastOutputAtMs + this.heartbeatMs;
        return Math.min(...[...this.jobs.values()].map((j) => j.lastPrintedAtMs)) + this.heartbeatMs;
    }

    get running(): number {
        return this.jobs.size;
    }

    private emit(job: Tracked, force: boolean): void {
        const now = this.now();
        if (!force && !this.take(now)) return;
        const text = this.describe(job);
        job.lastPrintedAtMs = now;
        job.lastPrintedText = text;
        this.print(`${job.label}: ${text} (${formatDuration(now - job.startedAtMs)})`);
    }

    private describe(job: Tracked): string {
        return job.progressPercent !== undefined && (job.status === "Running" || job.status === "Pending")
            ? `${job.jobName} ${job.progressPercent}%`
            : `${job.jobName} ${job.status.toLowerCase()}`;
    }

    private summary(): string {
        const now = this.now();
        const jobs = [...this.jobs.values()];
        const slowest = jobs
            .sort((a, b) => (a.progressPercent ?? -1) - (b.progressPercent ?? -1) || a.startedAtMs - b.startedAtMs)
            .slice(0, 3)
            .map((j) => `${j.label} ${this.describe(j)} (${formatDuration(now - j.startedAtMs)})`);
        return `waiting for ${jobs.length} OTC jobs; least advanced: ${slowest.join(", ")}`;
    }

    private take(now: number): boolean {
        this.budget = Math.min(this.burst, this.budget + (now - this.budgetAtMs) * this.linesPerMs);
        this.budgetAtMs = now;
        if (this.budget < 1) return false;
        this.budget -= 1;
        return true;
    }

    private print(line: string): void {
        this.lastOutputAtMs = this.now();
        this.write(line);
        this.schedule();
    }

    /** One timer, set for exactly when the next heartbeat is due; none while nothing runs. */
    private schedule(): void {
        if (!this.useTimer) return;
        if (this.timer) clearTimeout(this.timer);
        this.timer = undefined;
        const due = this.nextHeartbeatMs();
        if (due === undefined) return;
        this.timer = setTimeout(() => {
            this.timer = undefined;
            this.tick();
            this.schedule();
        }, Math.max(0, due - this.now()));
        this.timer.unref();
    }
}
