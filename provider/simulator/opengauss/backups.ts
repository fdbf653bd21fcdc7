import { randomBytes } from "node:crypto";
import { instanceBusy, instanceNotFound, SimulatorApiError } from "../core/api-error";
import type { JobOutcomeApplier } from "../core/service";
import { applyGaussDbJobOutcome } from "./job-outcomes";
import { startJob } from "../core/job-submission";
import type { ProjectState, StoredBackup, StoredInstance } from "../core/model";
import { integerQuery, parseJsonObject } from "../core/request-parsing";
import type { JsonAnswer, RouteRequest, SimulatorRuntime } from "../core/runtime";
import { formatOtcTimestamp } from "../core/time";

// GaussDB (openGauss) manual backups, as the API reference describes them ("Creating a Manual Backup", "Querying
// Backups", "Deleting a Manual Backup"): a create answers 202 with the backup BUILDING and a
// BackupSnapshotGaussDBV5InInstance job; a delete answers 202 `{}` with no job.

export const BACKUP_JOB_NAME = "BackupSnapshotGaussDBV5InInstance";
const MINUTE_MS = 60_000;
/** Unscaled: a manual full backup of a small instance. */
export const BACKUP_JOB_DURATION_MS = 5 * MINUTE_MS;
/**
 * UNVERIFIED: how long a deleted backup stays listed. The docs answer a delete with 202 `{}` and no job; the
 * simulator lists the backup as DELETING (a status the docs do not name) for this long (unscaled), then forgets it.
 */
export const BACKUP_DELETE_MS = 30_000;
/** The instance's status while its backup job runs (one of the documented instance statuses). */
const BACKING_UP = "BACKING UP";

const NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{3,63}$/;
const DESCRIPTION_FORBIDDEN = /[>!<"&'=]/;

/** A project's backups, without those whose deletion has finished (forgotten now, as no timer runs). */
function liveBackups(runtime: SimulatorRuntime, request: RouteRequest): Map<string, StoredBackup> {
    const project = runtime.store.project(request.projectId);
    project.backups ??= new Map();
    let forgot = false;
    for (const [id, backup] of project.backups) {
        if (backup.goneAtMs !== undefined && backup.goneAtMs <= request.nowMs) forgot = project.backups.delete(id);
    }
    if (forgot) runtime.store.save();
    return project.backups;
}

/** One backup of the project, as it is now (a restore reads it). */
export function findBackup(runtime: SimulatorRuntime, request: RouteRequest, backupId: string): StoredBackup | undefined {
    return liveBackups(runtime, request).get(backupId);
}

/** `POST /v3/{pid}/backups` `{instance_id, name, description?}`. */
export function createBackup(request: RouteRequest, runtime: SimulatorRuntime): JsonAnswer {
    const body = parseJsonObject(request.body);
    const name = body["name"];
    if (typeof name !== "string" || !NAME_PATTERN.test(name)) throw new SimulatorApiError(400, "DBS.201210", "Invalid backup name.");
    const description = body["description"];
    if (description !== undefined && description !== null) {
        if (typeof description !== "string" || description.length > 256 || DESCRIPTION_FORBIDDEN.test(description)) {
            throw new SimulatorApiError(400, "DBS.280127", "Invalid backup description.");
        }
    }
    const instanceId = body["instance_id"];
    const instance = typeof instanceId === "string" ? runtime.store.project(request.projectId).instances.get(instanceId) : undefined;
    if (!instance) throw instanceNotFound();
    const running = runtime.store.runningJob(request.projectId, instance.id);
    if (running?.name === BACKUP_JOB_NAME) throw new SimulatorApiError(409, "DBS.201205", "Backup is in progress, please wait.");
    if (running) throw instanceBusy();
    if (instance.status !== "ACTIVE") throw new SimulatorApiError(400, "DBS.200086", "This operation is not allowed by the DB instance status.");
    const backups = liveBackups(runtime, request);
    if ([...backups.values()].some((b) => b.name === name)) throw new SimulatorApiError(409, "DBS.201201", "The backup name already exists.");

    const backup: StoredBackup = {
        id: `${randomBytes(16).toString("hex")}br14`,
        name,
        description: typeof description === "string" ? description : null,
        instanceId: instance.id,
        status: "BUILDING",
        datastore: { ...instance.datastore },
        sizeMb: 0,
        beginAtMs: request.nowMs,
    };
    backups.set(backup.id, backup);
    const job = startJob(runtime, request, instance, {
        service: "gaussdb",
        name: BACKUP_JOB_NAME,
        change: { kind: "service", action: "backup", data: { backupId: backup.id } },
        statusWhileRunning: BACKING_UP,
        durationMs: BACKUP_JOB_DURATION_MS,
    });
    runtime.store.save();
    const { end_time: _end, size: _size, datastore: _datastore, ...created } = backupView(backup);
    return { status: 202, body: { backup: created, job_id: job.id } };
}

/** `GET /v3/{pid}/backups?instance_id=&backup_id=&backup_type=&offset=&limit=&begin_time=&end_time=`, newest first. */
export function listBackups(request: RouteRequest, runtime: SimulatorRuntime): JsonAnswer {
    const { query } = request;
    const offset = integerQuery(query, "offset", 0, 0, Number.MAX_SAFE_INTEGER);
    const limit = integerQuery(query, "limit", 100, 1, 100);
    const instanceId = query.get("instance_id") || undefined;
    const backupId = query.get("backup_id") || undefined;
    const type = query.get("backup_type") || undefined;
    if (type !== undefined && type !== "auto" && type !== "manual") throw new SimulatorApiError(400, "DBS.201004", "The backup type does not exist.");
    const begin = query.get("begin_time") || undefined;
    const end = query.get("end_time") || undefined;
    if ((begin === undefined) !== (end === undefined)) {
        throw new SimulatorApiError(400, "DBS.200001", "Invalid parameter: begin_time and end_time must be used together.");
    }
    const [fromMs, toMs] = [begin, end].map((t) => (t === undefined ? undefined : Date.parse(t)));
    if (Number.isNaN(fromMs) || Number.isNaN(toMs)) throw new SimulatorApiError(400, "DBS.280416", "Invalid backup end time.");
    const backups = liveBackups(runtime, request);
    const matching = [...backups.values()]
        .filter((b) => (instanceId === undefined || b.instanceId === instanceId) && (backupId === undefined || b.id === backupId))
        // Only manual backups exist here: the simulator makes no automated ones.
        .filter(() => type === undefined || type === "manual")
        .filter((b) => fromMs === undefined || toMs === undefined || (b.beginAtMs >= fromMs && b.beginAtMs <= toMs))
        .sort((a, b) => b.beginAtMs - a.beginAtMs);
    return { status: 200, body: { backups: matching.slice(offset, offset + limit).map(backupView), total_count: matching.length } };
}

/**
 * `DELETE /v3/{pid}/backups/{id}`: 202 `{}`, no job. UNVERIFIED: a backup still BUILDING is refused with 409
 * DBS.201205 ("Backup is in progress"), the docs' code for a running backup; a second delete answers 202 again.
 */
export function deleteBackup(request: RouteRequest, runtime: SimulatorRuntime): JsonAnswer {
    const backup = request.instanceId === undefined ? undefined : liveBackups(runtime, request).get(request.instanceId);
    if (!backup) throw new SimulatorApiError(404, "DBS.201010", "The backup file does not exist.");
    if (backup.status === "BUILDING") throw new SimulatorApiError(409, "DBS.201205", "Backup is in progress, please wait.");
    if (backup.status !== "DELETING") {
        backup.status = "DELETING";
        backup.goneAtMs = request.nowMs + BACKUP_DELETE_MS / runtime.timeScale;
    }
    runtime.store.save();
    return { status: 202, body: {} };
}

/** GaussDB's job outcomes: a backup job completes or fails its backup and gives the instance its status back. */
export const applyGaussDbServiceJobOutcome: JobOutcomeApplier = (project, job, outcome, atMs) => {
    if (job.change.kind !== "service" || job.change.action !== "backup") return applyGaussDbJobOutcome(project, job, outcome, atMs);
    const state = project as ProjectState<StoredInstance>;
    const instance = state.instances.get(job.instanceId);
    if (instance) {
        instance.status = job.instanceStatusBefore as StoredInstance["status"];
        instance.updatedAtMs = atMs;
    }
    const backup = state.backups?.get(String(job.change.data["backupId"]));
    if (!backup || backup.status !== "BUILDING") return;
    backup.status = outcome === "Completed" ? "COMPLETED" : "FAILED";
    backup.endAtMs = atMs;
    // A stand-in for the data's size: an eighth of a GB per 40 GB of volume.
    if (outcome === "Completed") backup.sizeMb = ((instance?.volume.size ?? 40) / 40) * 128.5;
};

/** One element of the backup list (the create answer shows the same fields but size, end_time and datastore). */
export function backupView(backup: StoredBackup): Record<string, unknown> {
    return {
        id: backup.id,
        name: backup.name,
        description: backup.description,
        begin_time: formatOtcTimestamp(backup.beginAtMs),
        end_time: backup.endAtMs === undefined ? null : formatOtcTimestamp(backup.endAtMs),
        status: backup.status,
        size: backup.sizeMb,
        type: "manual",
        datastore: { ...backup.datastore },
        instance_id: backup.instanceId,
    };
}
