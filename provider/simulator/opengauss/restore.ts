import { invalidParameter, SimulatorApiError } from "../core/api-error";
import { findBackup } from "./backups";
import { createInstance, newInstance } from "./instances";
import { startJob } from "../core/job-submission";
import type { StoredInstance } from "../core/model";
import { validateCreateInstance } from "./validation";
import { parseJsonObject } from "../core/request-parsing";
import type { JsonAnswer, RouteRequest, SimulatorRuntime } from "../core/runtime";
import { createdInstanceView } from "./views";

// "Restoring Data to a New DB Instance" (GaussDB openGauss API reference): the create request plus `restore_point`
// `{instance_id, backup_id}` (type "backup", the default) or `{instance_id, type: "timestamp", restore_time}`; it
// names no datastore, HA mode or region: the new instance takes the source's. Job CloneGaussDBV5NewInstance.

export const RESTORE_JOB_NAME = "CloneGaussDBV5NewInstance";
/** Unscaled: a create plus the copy of the data. */
export const RESTORE_JOB_DURATION_MS = 15 * 60_000;

/** `POST /v3/{pid}/instances`: a restore when the body has `restore_point`, otherwise a plain create. */
export function createOrRestoreInstance(request: RouteRequest, runtime: SimulatorRuntime): JsonAnswer {
    const body = parseJsonObject(request.body);
    return body["restore_point"] === undefined ? createInstance(request, runtime) : restoreToNewInstance(request, runtime, body);
}

function restoreToNewInstance(request: RouteRequest, runtime: SimulatorRuntime, body: Record<string, unknown>): JsonAnswer {
    const source = restoreSource(request, runtime, body["restore_point"]);
    // The docs' restore body has no datastore, ha or region; one that sends them must not contradict the source
    // ("the DB engine versions and instance types of the original and new instances must be the same").
    const datastore = body["datastore"] as { version?: unknown } | undefined;
    if (datastore?.version !== undefined && datastore.version !== source.datastore.version) {
        throw invalidParameter(`datastore.version must be the source instance's (${source.datastore.version}).`);
    }
    const ha = body["ha"] as { mode?: unknown } | undefined;
    if (ha?.mode !== undefined && ha.mode !== source.ha.mode) throw invalidParameter(`ha.mode must be the source instance's (${source.ha.mode}).`);
    const valid = validateCreateInstance({
        ...body,
        restore_point: undefined,
        datastore: { type: "GaussDB", version: source.datastore.version },
        ha: { mode: source.ha.mode, consistency: source.ha.consistency, replication_mode: source.ha.replication_mode },
        region: body["region"] ?? source.region,
    });
    if (valid.volume.size < source.volume.size) {
        throw invalidParameter(`volume.size must be at least the source instance's (${source.volume.size} GB).`);
    }
    const instance = newInstance(valid, request.nowMs);
    runtime.store.project(request.projectId).instances.set(instance.id, instance);
    const job = startJob(runtime, request, instance, {
        service: "gaussdb",
        name: RESTORE_JOB_NAME,
        change: { kind: "create" },
        statusWhileRunning: "BUILD",
        durationMs: RESTORE_JOB_DURATION_MS,
    });
    runtime.counters.createRequests++;
    runtime.store.save();
    return { status: 202, body: { instance: createdInstanceView(instance), job_id: job.id } };
}

/**
 * The instance a restore point names, once the point is valid: a COMPLETED backup of that instance, or a time
 * between the instance's creation and now. UNVERIFIED: OTC's restorable range comes from its backups and logs
 * (`GET …/instances/{id}/restore-time`); the simulator allows any time the source existed, and answers a backup of
 * another instance as not existing (DBS.201203), a backup not COMPLETED with DBS.301024.
 */
function restoreSource(request: RouteRequest, runtime: SimulatorRuntime, point: unknown): StoredInstance {
    if (typeof point !== "object" || point === null || Array.isArray(point)) throw invalidParameter("restore_point must be an object.");
    const { instance_id: instanceId, backup_id: backupId, type = "backup", restore_time: restoreTime } = point as Record<string, unknown>;
    const source = typeof instanceId === "string" ? runtime.store.project(request.projectId).instances.get(instanceId) : undefined;
    if (!source) throw invalidParameter("restore_point.instance_id: the source DB instance does not exist.");
    if (type === "backup") {
        if (typeof backupId !== "string" || backupId === "") throw invalidParameter("restore_point.backup_id is required to restore a backup.");
        const backup = findBackup(runtime, request, backupId);
        if (!backup || backup.instanceId !== source.id) throw new SimulatorApiError(400, "DBS.201203", "The backup file does not exist.");
        if (backup.status !== "COMPLETED") throw new SimulatorApiError(400, "DBS.301024", "The backup file is not normal.");
        return source;
    }
    if (type !== "timestamp") throw invalidParameter(`restore_point.type must be "backup" or "timestamp".`);
    if (typeof restoreTime !== "number" || !Number.isInteger(restoreTime)) {
        throw invalidParameter("restore_point.restore_time must be a UNIX timestamp in milliseconds.");
    }
    if (restoreTime < source.createdAtMs || restoreTime > request.nowMs) {
        throw invalidParameter("restore_point.restore_time is outside the restorable time range of the source instance.");
    }
    return source;
}
