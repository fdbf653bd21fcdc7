import { randomUUID } from "node:crypto";
import { invalidParameter, SimulatorApiError } from "../core/api-error";
import { startJob } from "../core/job-submission";
import { RDS_JOB_DURATIONS_MS, RDS_STATUS_WHILE_RUNNING, type StoredRdsBackup } from "./model";
import { idleInstance, rdsProject, startRdsJob } from "./jobs";
import { integerQuery, parseJsonObject, requiredString } from "../core/request-parsing";
import type { JsonAnswer, RouteRequest, SimulatorRuntime } from "../core/runtime";
import { formatOtcTimestamp } from "../core/time";

// RDS manual backups (API reference: "Creating a Manual Backup", "Obtaining Details About Backups", "Deleting a Manual
// Backup"). Neither the create nor the delete answer carries a job id; the simulator still runs each as a job (so job
// faults apply and the instance is BACKING UP meanwhile), and the backup's status tells the client how it went.

const BACKUP_NAME = /^[A-Za-z][A-Za-z0-9_-]{3,63}$/;
const FORBIDDEN_IN_DESCRIPTION = /[>!<"&'=]/;
/** Simulator name of the job that deletes a backup; it is never shown (the API has no job for it). */
const DELETE_BACKUP_JOB = "DeleteManualBackup";

/** `POST /v3/{pid}/backups` `{instance_id, name, description?}`: 200 `{backup}` with status BUILDING. */
export function createBackup(request: RouteRequest, runtime: SimulatorRuntime): JsonAnswer {
    const body = parseJsonObject(request.body);
    const instanceId = requiredString(body, "instance_id");
    const name = body["name"];
    if (typeof name !== "string" || !BACKUP_NAME.test(name)) {
        throw invalidParameter("name must be 4 to 64 characters, start with a letter and contain only letters, digits, hyphens (-) and underscores (_).");
    }
    const description = body["description"] ?? "";
    if (typeof description !== "string" || description.length > 256 || FORBIDDEN_IN_DESCRIPTION.test(description)) {
        throw invalidParameter(`description must be at most 256 characters without any of >!<"&'=.`);
    }
    const instance = idleInstance(request, runtime, instanceId);
    if (instance.status !== "ACTIVE") throw invalidParameter(`the DB instance is ${instance.status}; only an ACTIVE instance can be backed up.`);
    const project = rdsProject(runtime, request.projectId);
    const taken = [...project.instances.values()].some((r) => r.kind === "backup" && r.name === name);
    if (taken) throw new SimulatorApiError(409, "DBS.201201", "The object already exists: the backup name must be unique.");
    const backup: StoredRdsBackup = {
        kind: "backup",
        id: `${randomUUID().replace(/-/g, "")}br03`,
        name,
        status: "BUILDING",
        instanceId,
        description,
        datastore: { ...instance.datastore },
        sizeKb: 0,
        createdAtMs: request.nowMs,
        updatedAtMs: request.nowMs,
    };
    project.instances.set(backup.id, backup);
    startRdsJob(runtime, request, instance, "backup", { backupId: backup.id });
    runtime.store.save();
    return {
        status: 200,
        body: {
            backup: {
                id: backup.id,
                instance_id: instanceId,
                name,
                description,
                begin_time: formatOtcTimestamp(backup.createdAtMs),
                status: backup.status,
                type: "manual",
            },
        },
    };
}

/** `GET /v3/{pid}/backups?instance_id=&backup_id=&backup_type=&offset=&limit=`: `instance_id` is mandatory. */
export function listBackups(request: RouteRequest, runtime: SimulatorRuntime): JsonAnswer {
    const instanceId = request.query.get("instance_id");
    if (!instanceId) throw invalidParameter("instance_id is required.");
    const backupId = request.query.get("backup_id") || undefined;
    const type = request.query.get("backup_type") || undefined;
    const offset = integerQuery(request.query, "offset", 0, 0, Number.MAX_SAFE_INTEGER);
    const limit = integerQuery(request.query, "limit", 100, 1, 100);
    const matching = [...rdsProject(runtime, request.projectId).instances.values()]
        .filter((r): r is StoredRdsBackup => r.kind === "backup" && r.instanceId === instanceId)
        .filter((b) => (backupId === undefined || b.id === backupId) && (type === undefined || type === "manual"))
        .sort((a, b) => b.createdAtMs - a.createdAtMs);
    return { status: 200, body: { backups: matching.slice(offset, offset + limit).map(backupView), total_count: matching.length } };
}

/** `DELETE /v3/{pid}/backups/{id}`: 200 with no body; the backup is DELETING, then gone from the list. */
export function deleteBackup(request: RouteRequest, runtime: SimulatorRuntime): JsonAnswer {
    const record = request.instanceId === undefined ? undefined : rdsProject(runtime, request.projectId).instances.get(request.instanceId);
    if (record?.kind !== "backup") throw new SimulatorApiError(404, "DBS.201010", "The backup information does not exist.");
    if (record.status === "BUILDING" || runtime.store.runningJob(request.projectId, record.id, "rds")) {
        throw new SimulatorApiError(409, "DBS.201205", "Backup is in progress, please wait.");
    }
    startJob(runtime, request, record, {
        service: "rds",
        name: DELETE_BACKUP_JOB,
        change: { kind: "service", action: "deleteBackup", data: {} },
        statusWhileRunning: RDS_STATUS_WHILE_RUNNING.deleteBackup,
        durationMs: RDS_JOB_DURATIONS_MS.deleteBackup,
    });
    runtime.store.save();
    return { status: 200, body: {} };
}

function backupView(backup: StoredRdsBackup): Record<string, unknown> {
    return {
        id: backup.id,
        name: backup.name,
        description: backup.description,
        type: "manual",
        size: backup.sizeKb,
        status: backup.status,
        begin_time: formatOtcTimestamp(backup.createdAtMs),
        end_time: backup.endedAtMs === undefined ? "" : formatOtcTimestamp(backup.endedAtMs),
        datastore: { ...backup.datastore },
        databases: [],
        instance_id: backup.instanceId,
    };
}
