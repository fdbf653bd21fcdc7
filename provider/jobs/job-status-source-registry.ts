import type { OtcClient } from "../client/otc-client";
import { CoalescingJobStatusSource } from "./coalescing-job-status-source";

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
