import type { JobProgressEvent } from "../jobs/job-waiter";
import { linearEndWindow, type ProgressPoint } from "../jobs/poll-policy";
import { ProgressReporter } from "../jobs/progress-reporter";
import { formatDuration } from "../util/format-duration";

export interface ProgressDisplay {
    update: (event: JobProgressEvent) => void;
    done: (outcome: string, elapsedMs: number) => void;
}

export interface ProgressDisplayOptions {
    write: (text: string) => void;
    isTty: boolean;
    jobId: string;
    now?: () => number;
    /** How often the terminal bar is redrawn between polls. Default 1 s. */
    redrawMs?: number;
}

const BAR_WIDTH = 30;

/**
 * A bar redrawn every second on a terminal, so elapsed time (and the estimate, once progress gives one) moves
 * between polls that may be minutes apart; throttled plain lines with a heartbeat in a CI log.
 */
export function progressDisplay(options: ProgressDisplayOptions): ProgressDisplay {
    return options.isTty ? terminalBar(options) : plainLines(options);
}

function terminalBar(options: ProgressDisplayOptions): ProgressDisplay {
    const now = options.now ?? Date.now;
    const startedAt = now();
    let last: JobProgressEvent | undefined;
    const points: ProgressPoint[] = [];
    let jobStartMs = startedAt;
    const draw = () => {
        const t = now();
        // A completed job may answer without progress (RDS, TaurusDB) or with its last running figure: it is 100%.
        const pct = last?.status === "Completed" ? 100 : last?.progressPercent;
        const filled = pct === undefined ? 0 : Math.round((pct / 100) * BAR_WIDTH);
        const bar = `[${"#".repeat(filled)}${"-".repeat(BAR_WIDTH - filled)}]`;
        const label = pct !== undefined ? `${pct}%` : last ? describeStatus(last.status) : "waiting";
        const name = last?.jobName ?? "job";
        const left = estimateLeftMs(points, jobStartMs, t);
        const eta = left === undefined ? "" : `, ~${wholeSeconds(left)} left`;
        const retrying = last?.error ? " (retrying)" : "";
        options.write(`\r${bar} ${label.padEnd(8)} ${name} ${wholeSeconds(t - startedAt)}${eta}${retrying}\x1b[K`);
    };
    draw();
    const timer = setInterval(draw, options.redrawMs ?? 1_000);
    timer.unref();
    return {
        update: (event) => {
            last = event;
            const created = event.job?.created?.getTime();
            if (created !== undefined && created < jobStartMs) jobStartMs = created;
            if (event.progressPercent !== undefined && (event.status === "Running" || event.status === "Pending")) {
                points.push({ atMs: now(), percent: event.progressPercent });
            }
            draw();
        },
        done: (outcome, elapsedMs) => {
            clearInterval(timer);
            options.write(`\r${last?.jobName ?? "job"} ${options.jobId}: ${outcome} (${formatDuration(elapsedMs)})\x1b[K\n`);
        },
    };
}

/**
 * Time left by the poll policy's linear reading of the progress seen so far: the middle of the window in which the
 * job should end. Undefined until progress above 0% gives the window an upper bound.
 */
export function estimateLeftMs(points: readonly ProgressPoint[], jobStartMs: number, nowMs: number): number | undefined {
    if (points.length === 0) return undefined;
    const window = linearEndWindow(points, jobStartMs, nowMs);
    if (!window || !Number.isFinite(window.highMs)) return undefined;
    return Math.max(0, (window.lowMs + window.highMs) / 2 - nowMs);
}

/** A redrawn clock ticks in whole seconds: "0s", "1s", … (never "800ms" then "1s"). */
function wholeSeconds(ms: number): string {
    return ms < 1000 ? "0s" : formatDuration(Math.floor(ms / 1000) * 1000);
}

function describeStatus(status: JobProgressEvent["status"]): string {
    return status === "Unknown" ? "unknown" : status.toLowerCase();
}

function plainLines(options: ProgressDisplayOptions): ProgressDisplay {
    const reporter = new ProgressReporter({ write: (line) => options.write(`${line}\n`) });
    let started = false;
    return {
        update: (e) => {
            if (!started) {
                // This command submitted nothing: say what the task center says, "not known yet" included.
                // With progress already, the first line shows it (and the update below then has nothing new to print).
                const state = !e.job
                    ? "not known to the task center yet"
                    : e.progressPercent !== undefined && (e.status === "Running" || e.status === "Pending")
                      ? `${e.progressPercent}%`
                      : describeStatus(e.status);
                reporter.start(options.jobId, options.jobId, e.jobName ?? "job", Date.now() - e.elapsedMs, state);
                started = true;
            }
            reporter.update(options.jobId, e);
        },
        done: (outcome) => {
            if (started) reporter.finish(options.jobId, outcome);
        },
    };
}
