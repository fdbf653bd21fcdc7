import type { OtcClient } from "../client/otc-client";
import type { CoalescingStats } from "./coalescing-job-status-source";
import type { JobCallStats } from "./job-status-source";
import { durationHistoryFor, jobStatusSourceFor } from "./job-status-source-registry";

/**
 * One-line accounts of what waiting cost, for `otc-jobs wait --verbose` and the provider's debug log: per job,
 * how its status lookups were answered; per project, the calls every waiter of the process made together.
 */

/** e.g. "12 status lookups: 3 own calls, 7 answered by shared task-list reads, 2 by an answer already in hand". */
export function describeJobCalls(stats: JobCallStats): string {
    return (
        `${stats.lookups} status lookup${stats.lookups === 1 ? "" : "s"}: ${stats.ownCalls} own call${stats.ownCalls === 1 ? "" : "s"}, ` +
        `${stats.sharedAnswers} answered by shared task-list reads, ${stats.cachedAnswers} by an answer already in hand`
    );
}

/** e.g. "task list: 5 calls (0 failed, 1 job not listed, 0 unreadable entries skipped); job API: 3 calls". */
export function describeSourceCalls(stats: CoalescingStats, historyCalls?: { taskList: number; failures: number }): string {
    const history = historyCalls ? `; duration history: ${historyCalls.taskList} calls (${historyCalls.failures} failed)` : "";
    return (
        `task list: ${stats.taskListCalls} calls (${stats.listFailures} failed, ${stats.notListed} lookups not listed, ` +
        `${stats.skippedTasks} unreadable entries skipped); job API: ${stats.singleCalls} calls${history}`
    );
}

/**
 * What the provider should log at debug level once a job's wait ends: the job's own account and the process's
 * totals for the client (endpoint and project) it was polled through. Undefined when that client's shared
 * source never saw the job (polls not coalesced).
 */
export function pollSummaryFor(client: OtcClient, jobId: string): string | undefined {
    const source = jobStatusSourceFor(client);
    const job = source.statsFor(jobId);
    if (job === undefined) return undefined;
    return `job ${jobId}: ${describeJobCalls(job)}. This process so far: ${describeSourceCalls(source.stats(), durationHistoryFor(client).calls)}`;
}
