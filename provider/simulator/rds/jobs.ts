import { instanceBusy, SimulatorApiError } from "../core/api-error";
import { startJob } from "../core/job-submission";
import type { ProjectState, StoredJob } from "../core/model";
import {
    RDS_JOB_DURATIONS_MS,
    RDS_STATUS_WHILE_RUNNING,
    rdsJobName,
    type RdsJobAction,
    type StoredRdsInstance,
    type StoredRdsRecord,
} from "./model";
import type { RouteRequest, SimulatorRuntime } from "../core/runtime";

/** The RDS records (instances and backups) of a project. */
export function rdsProject(runtime: SimulatorRuntime, projectId: string): ProjectState<StoredRdsRecord> {
    return runtime.store.project<StoredRdsRecord>(projectId, "rds");
}

/** The addressed instance, which must exist and have no job running. */
export function idleInstance(request: RouteRequest, runtime: SimulatorRuntime, id = request.instanceId): StoredRdsInstance {
    const record = id === undefined ? undefined : rdsProject(runtime, request.projectId).instances.get(id);
    if (record?.kind !== "instance") throw new SimulatorApiError(404, "DBS.200002", "The DB instance does not exist.");
    if (runtime.store.runningJob(request.projectId, record.id, "rds")) throw instanceBusy();
    return record;
}

/** Starts an RDS job on an instance (for `backup`, on the backed-up instance). */
export function startRdsJob(
    runtime: SimulatorRuntime,
    request: RouteRequest,
    instance: StoredRdsInstance,
    action: Exclude<RdsJobAction, "deleteBackup">,
    data: Record<string, unknown> = {},
): StoredJob {
    return startJob(runtime, request, instance, {
        service: "rds",
        name: rdsJobName(action, instance.datastore.type),
        change: { kind: "service", action, data },
        statusWhileRunning: RDS_STATUS_WHILE_RUNNING[action],
        durationMs: RDS_JOB_DURATIONS_MS[action],
    });
}
