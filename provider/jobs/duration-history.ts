import type { OtcClient } from "../client/otc-client";
import type { Clock } from "../util/abortable-sleep";
import { type DurationPrior, durationPriorFrom } from "./duration-prior";
import { parseOtcTime } from "./job-schema";
import { lenientTaskListSchema, readTaskListPage } from "./task-list-page";

/** Where a waiter finds how long past jobs of a name took. */
export interface DurationPriorSource {
    /** The prior for this job name if already known; may start learning it (never blocks, never throws). */
    priorFor(jobName: string): DurationPrior | undefined;
}

export interface DurationHistoryOptions {
    /** How far back past jobs count. Default 30 days (what the task list keeps). */
    lookbackMs?: number;
    /** Told once when the history cannot be read. */
    onNotice?: (message: string) => void;
    now?: Clock;
}

/**
 * Learns typical durations from the task list: the first time a job name is asked about, one call
 * (`GET /tasks?name=…&status=Completed&start_time=…`, the newest 100) turns `created_at` → `ended_at` of this
 * project's completed jobs of that name into a {@link DurationPrior}, kept for the life of the process. Until
 * the answer is in (or when it fails, or holds too few jobs) the policy keeps its built-in guesses.
 */
export class DurationHistory implements DurationPriorSource {
    /** Calls made and how many failed, for the debug output. */
    readonly calls = { taskList: 0, failures: 0 };
    private readonly learned = new Map<string, DurationPrior | undefined>();
    private readonly lookbackMs: number;
    private readonly now: Clock;
    private readonly listeners = new Set<(message: string) => void>();
    private noticed = false;

    constructor(
        private readonly client: OtcClient,
        options: DurationHistoryOptions = {},
    ) {
        this.lookbackMs = options.lookbackMs ?? 30 * 24 * 3_600_000;
        this.now = options.now ?? Date.now;
        if (options.onNotice) this.listeners.add(options.onNotice);
    }

    /** Also tell `listener` when the history cannot be read; returns the unsubscribe function. */
    onNotice(listener: (message: string) => void): () => void {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
    }

    priorFor(jobName: string): DurationPrior | undefined {
        if (!this.learned.has(jobName)) {
            // Marked at once, so concurrent waiters of one name share the single call.
            this.learned.set(jobName, undefined);
            void this.learn(jobName);
        }
        return this.learned.get(jobName);
    }

    /** Resolves once the call for `jobName` (started by {@link priorFor}) has been answered; for tests. */
    async learn(jobName: string): Promise<DurationPrior | undefined> {
        this.learned.set(jobName, undefined);
        try {
            this.calls.taskList++;
            const { body } = await this.client.call(
                {
                    method: "GET",
                    path: this.client.projectPath("/tasks"),
                    query: {
                        name: jobName,
                        status: "Completed",
                        start_time: Math.max(0, this.now() - this.lookbackMs),
                        offset: 0,
                        limit: 100,
                    },
                },
                lenientTaskListSchema,
            );
            const durations: number[] = [];
            for (const task of readTaskListPage(body).tasks) {
                if (task.name.trim() !== jobName || task.status.trim().toLowerCase() !== "completed") continue;
                const created = parseOtcTime(task.created_at)?.getTime();
                const ended = parseOtcTime(task.ended_at)?.getTime();
                if (created !== undefined && ended !== undefined && ended > created) durations.push(ended - created);
            }
            const prior = durationPriorFrom(durations);
            this.learned.set(jobName, prior);
            return prior;
        } catch (error) {
            this.calls.failures++;
            if (!this.noticed) {
                this.noticed = true;
                const reason = error instanceof Error ? error.message : String(error);
                const message = `past job durations could not be read from the task list (${reason}); using built-in guesses`;
                for (const listener of this.listeners) listener(message);
            }
            return undefined;
        }
    }
}
