import type { OtcClient } from "../client/otc-client";
import { CoalescingJobStatusSource } from "./coalescing-job-status-source";
import { DurationHistory } from "./duration-history";

const sources = new WeakMap<OtcClient, CoalescingJobStatusSource>();

/** The coalescing source of one client (one endpoint and project), shared by every waiter in the process. */
export function jobStatusSourceFor(client: OtcClient): CoalescingJobStatusSource {
    let source = sources.get(client);
    if (!source) {
        source = new CoalescingJobStatusSource(client);
        sources.set(client, source);
    }
    return source;
}

const histories = new WeakMap<OtcClient, DurationHistory>();

/** The learned job durations of one client's project, shared by every waiter in the process. */
export function durationHistoryFor(client: OtcClient): DurationHistory {
    let history = histories.get(client);
    if (!history) {
        history = new DurationHistory(client);
        histories.set(client, history);
    }
    return history;
}
