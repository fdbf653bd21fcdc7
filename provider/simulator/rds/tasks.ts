import { invalidParameter } from "../core/api-error";
import { isJobVisible, observeJob, type JobStatus } from "../core/jobs";
import type { StoredRdsRecord } from "./model";
import { integerQuery } from "../core/request-parsing";
import type { JsonAnswer, RouteRequest, SimulatorRuntime } from "../core/runtime";
import { formatOtcTimestamp } from "../core/time";

const STATUSES: readonly JobStatus[] = ["Running", "Completed", "Failed"];

/**
 * `GET /v3/{pid}/tasklist?offset=&limit=&id=&instance_id=&name=&status=&start_time=&end_time=` (RDS API reference,
 * "Querying Instant Tasks"): newest first, `limit` 1–50 (default 10), times in UNIX ms. Jobs the API never names
 * (a backup's deletion) are left out.
 */
export function listRdsTasks(request: RouteRequest, runtime: SimulatorRuntime): JsonAnswer {
    const { query, nowMs } = request;
    const offset = integerQuery(query, "offset", 0, 0, Number.MAX_SAFE_INTEGER);
    const limit = integerQuery(query, "limit", 10, 1, 50);
    const startMs = integerQuery(query, "start_time", 0, 0, Number.MAX_SAFE_INTEGER);
    const endMs = integerQuery(query, "end_time", Number.MAX_SAFE_INTEGER, 0, Number.MAX_SAFE_INTEGER);
    const status = query.get("status") || undefined;
    if (status !== undefined && !(STATUSES as readonly string[]).includes(status)) throw invalidParameter(`status must be one of ${STATUSES.join(", ")}.`);
    const filter = (key: string) => query.get(key) || undefined;
    const [id, instanceId, name] = [filter("id"), filter("instance_id"), filter("name")];
    const project = runtime.store.project<StoredRdsRecord>(request.projectId, "rds");
    const matching = [...project.jobs.values()]
        .filter((job) => !(job.change.kind === "service" && job.change.action === "deleteBackup"))
        .filter((job) => isJobVisible(job, nowMs) && job.createdAtMs >= startMs && job.createdAtMs <= endMs)
        .filter((job) => (id === undefined || job.id === id) && (instanceId === undefined || job.instanceId === instanceId))
        .filter((job) => name === undefined || job.name === name)
        .map((job) => ({ job, observed: observeJob(job, nowMs) }))
        .filter(({ observed }) => status === undefined || observed.status === status)
        .sort((a, b) => b.job.createdAtMs - a.job.createdAtMs || b.job.seq - a.job.seq);
    const tasks = matching.slice(offset, offset + limit).map(({ job, observed }) => {
        const instance = project.instances.get(job.instanceId);
        return {
            id: job.id,
            name: job.name,
            instance_id: job.instanceId,
            instance_name: instance?.name ?? job.instanceName,
            instance_status: instance?.status ?? "",
            order_id: "",
            process: observed.endedAtMs !== undefined || observed.percent === undefined ? "" : `${observed.percent}%`,
            fail_reason: observed.failReason ?? "",
            create_time: formatOtcTimestamp(job.createdAtMs),
            end_time: observed.endedAtMs === undefined ? "" : formatOtcTimestamp(observed.endedAtMs),
            status: observed.status,
        };
    });
    return { status: 200, body: { tasks, actions: [...new Set(matching.map(({ job }) => job.name))], total_count: matching.length } };
}
