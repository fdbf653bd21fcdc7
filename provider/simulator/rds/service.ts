import { randomBytes } from "node:crypto";
import { invalidParameter, SimulatorApiError } from "../core/api-error";
import { requireAvailabilityZones, requireRdsFlavor } from "../core/catalogue";
import { listRdsFlavors } from "../core/flavor-routes";
import { integerQuery, parseJsonObject, requiredString, sha256 } from "../core/request-parsing";
import type { JobObservation } from "../core/jobs";
import type { ProjectState, StoredJob, StoredRecord } from "../core/model";
import { createBackup, deleteBackup, listBackups } from "./backups";
import { idleInstance, rdsProject, startRdsJob } from "./jobs";
import {
    RDS_DEFAULT_PORTS,
    type StoredRdsBackup,
    type StoredRdsInstance,
    type StoredRdsRecord,
} from "./model";
import { listRdsTasks } from "./tasks";
import { validateRdsCreate, validateRdsPassword, validateRdsVolumeSize } from "./validation";
import type { JsonAnswer, RouteRequest, SimulatorRuntime } from "../core/runtime";
import type { SimulatorService } from "../core/service";
import { taskCenterRoutes } from "../core/task-routes";
import { formatOtcTimestamp } from "../core/time";

// RDS v3 (MySQL, PostgreSQL, SQL Server): instances, restores into a new instance, manual backups and the task center,
// under the `rds` host label.


/** `POST /v3/{pid}/instances`: a new instance, or (with `restore_point`) a new instance restored from a backup or a point in time. */
function createInstance(request: RouteRequest, runtime: SimulatorRuntime): JsonAnswer {
    const valid = validateRdsCreate(parseJsonObject(request.body));
    const project = rdsProject(runtime, request.projectId);
    let datastore = valid.datastore;
    let region = valid.region;
    let securityGroupId = valid.securityGroupId;
    let restoredFrom: StoredRdsInstance["restoredFrom"];
    const point = valid.restorePoint;
    if (point) {
        const source = restoreSource(project, point, request.nowMs);
        datastore = source.datastore;
        region ||= source.region;
        securityGroupId ||= source.securityGroupId;
        restoredFrom = { instanceId: point.instanceId, ...(point.type === "backup" ? { backupId: point.backupId } : { restoreTimeMs: point.restoreTimeMs }) };
        if (valid.volume.size < source.volumeSize) {
            throw new SimulatorApiError(400, "RDS.3030", "The storage space of the new DB instance cannot be less than that of the original DB instance.");
        }
    }
    if (!datastore) throw invalidParameter("datastore is required and must be an object.");
    requireRdsFlavor(datastore.type, valid.flavorRef, valid.ha ? "ha" : "single", "flavor_ref");
    requireAvailabilityZones(region, valid.availabilityZones, "availability_zone");
    const instance: StoredRdsInstance = {
        kind: "instance",
        id: `${randomBytes(16).toString("hex")}in03`,
        name: valid.name,
        status: "BUILD",
        datastore,
        ...(valid.ha ? { ha: valid.ha } : {}),
        flavorRef: valid.flavorRef,
        volume: { ...valid.volume },
        region,
        availabilityZones: valid.availabilityZones,
        vpcId: valid.vpcId,
        subnetId: valid.subnetId,
        securityGroupId,
        port: valid.port ?? RDS_DEFAULT_PORTS[datastore.type],
        privateIps: [randomPrivateIp()],
        passwordSha256: sha256(valid.password),
        createdAtMs: request.nowMs,
        updatedAtMs: request.nowMs,
        ...(restoredFrom ? { restoredFrom } : {}),
    };
    project.instances.set(instance.id, instance);
    const job = startRdsJob(runtime, request, instance, point ? "restore" : "create");
    runtime.counters.createRequests++;
    runtime.store.save();
    return { status: 202, body: { instance: createdView(instance), job_id: job.id } };
}

/** The instance or backup a restore reads, which must exist and be usable; its engine carries over. */
function restoreSource(
    project: ProjectState<StoredRdsRecord>,
    point: NonNullable<ReturnType<typeof validateRdsCreate>["restorePoint"]>,
    nowMs: number,
): { datastore: StoredRdsInstance["datastore"]; region: string; securityGroupId: string; volumeSize: number } {
    const source = project.instances.get(point.instanceId);
    const sourceInstance = source?.kind === "instance" ? source : undefined;
    if (point.type === "backup") {
        const backup = project.instances.get(point.backupId);
        if (backup?.kind !== "backup" || backup.instanceId !== point.instanceId) {
            throw new SimulatorApiError(404, "DBS.201010", "The backup information does not exist.");
        }
        if (backup.status !== "COMPLETED") throw invalidParameter(`the backup is ${backup.status}, not COMPLETED.`);
        return {
            datastore: backup.datastore,
            region: sourceInstance?.region ?? "",
            securityGroupId: sourceInstance?.securityGroupId ?? "",
            volumeSize: sourceInstance?.volume.size ?? 0,
        };
    }
    if (!sourceInstance || sourceInstance.status === "BUILD" || sourceInstance.status === "CREATE FAIL") {
        throw new SimulatorApiError(404, "DBS.200013", "The original DB instance does not exist.");
    }
    if (point.restoreTimeMs < sourceInstance.createdAtMs || point.restoreTimeMs > nowMs) {
        throw invalidParameter("restore_point.restore_time is outside the restorable time range of the DB instance.");
    }
    return {
        datastore: sourceInstance.datastore,
        region: sourceInstance.region,
        securityGroupId: sourceInstance.securityGroupId,
        volumeSize: sourceInstance.volume.size,
    };
}

/** `GET /v3/{pid}/instances?id=&name=&offset=&limit=`, newest first; `*` at the start of id or name matches a substring. */
function listInstances(request: RouteRequest, runtime: SimulatorRuntime): JsonAnswer {
    const offset = integerQuery(request.query, "offset", 0, 0, Number.MAX_SAFE_INTEGER);
    const limit = integerQuery(request.query, "limit", 100, 1, 100);
    const matches = (filter: string | undefined, value: string) =>
        filter === undefined || (filter.startsWith("*") ? value.includes(filter.slice(1)) : value === filter);
    const id = request.query.get("id") || undefined;
    const name = request.query.get("name") || undefined;
    const matching = [...rdsProject(runtime, request.projectId).instances.values()]
        .filter((r): r is StoredRdsInstance => r.kind === "instance")
        .filter((instance) => matches(id, instance.id) && matches(name, instance.name))
        .sort((a, b) => b.createdAtMs - a.createdAtMs);
    return { status: 200, body: { instances: matching.slice(offset, offset + limit).map(listedView), total_count: matching.length } };
}

/** `DELETE /v3/{pid}/instances/{id}`: 202 with a job; the instance is listed (DELETING) until the job ends. */
function deleteInstance(request: RouteRequest, runtime: SimulatorRuntime): JsonAnswer {
    const instance = idleInstance(request, runtime);
    return jobAnswer(runtime, startRdsJob(runtime, request, instance, "delete"));
}

/** `POST /v3/{pid}/instances/{id}/action` with `resize_flavor {spec_code}` or `enlarge_volume {size}`. */
function instanceAction(request: RouteRequest, runtime: SimulatorRuntime): JsonAnswer {
    const body = parseJsonObject(request.body);
    const resize = body["resize_flavor"];
    const enlarge = body["enlarge_volume"];
    if (isRecord(resize)) {
        const specCode = requiredString(resize, "spec_code", "resize_flavor.spec_code");
        const instance = idleInstance(request, runtime);
        if (!/^rds\.[a-z0-9]+(\.[a-z0-9]+)+$/.test(specCode)) throw new SimulatorApiError(400, "DBS.200053", `The selected specifications do not exist: ${specCode}.`);
        if (specCode === instance.flavorRef) throw invalidParameter("the new specifications must differ from the current ones.");
        if (specCode.endsWith(".ha") !== (instance.ha !== undefined)) {
            throw invalidParameter("the specifications can only change to those of the same DB instance type (single or primary/standby).");
        }
        requireRdsFlavor(instance.datastore.type, specCode, instance.ha ? "ha" : "single", "resize_flavor.spec_code");
        return jobAnswer(runtime, startRdsJob(runtime, request, instance, "resize", { flavorRef: specCode }));
    }
    if (isRecord(enlarge)) {
        const size = enlarge["size"];
        validateRdsVolumeSize(size, "enlarge_volume.size", 10);
        const instance = idleInstance(request, runtime);
        if (size <= instance.volume.size) {
            throw new SimulatorApiError(400, "DBS.200306", `The new storage space must be greater than the original storage space (${instance.volume.size} GB).`);
        }
        return jobAnswer(runtime, startRdsJob(runtime, request, instance, "enlarge", { size }));
    }
    throw invalidParameter("the action must be resize_flavor or enlarge_volume (the actions the OTC simulator supports).");
}

/** `POST /v3/{pid}/instances/{id}/password` `{"db_user_pwd"}`: 200 `{}`, effective at once. */
function resetPassword(request: RouteRequest, runtime: SimulatorRuntime): JsonAnswer {
    const password = validateRdsPassword(parseJsonObject(request.body)["db_user_pwd"]);
    const instance = idleInstance(request, runtime);
    instance.passwordSha256 = sha256(password);
    instance.updatedAtMs = request.nowMs;
    runtime.store.save();
    return { status: 200, body: {} };
}

function jobAnswer(runtime: SimulatorRuntime, job: StoredJob): JsonAnswer {
    runtime.store.save();
    return { status: 202, body: { job_id: job.id } };
}

/**
 * Applies an ended RDS job. A failed create or restore leaves a "CREATE FAIL" instance behind (the user deletes it); a
 * failed change leaves the instance as it was; a backup job completes or fails its backup.
 */
function applyRdsJobOutcome(project: ProjectState<StoredRecord>, job: StoredJob, outcome: "Completed" | "Failed", atMs: number): void {
    const records = (project as unknown as ProjectState<StoredRdsRecord>).instances;
    const record = records.get(job.instanceId);
    if (!record || job.change.kind !== "service") return;
    const { action, data } = job.change;
    record.updatedAtMs = atMs;
    if (record.kind === "backup") {
        // Deleting a backup (no job on the wire): it is gone at the end.
        if (outcome === "Completed") records.delete(record.id);
        else record.status = job.instanceStatusBefore;
        return;
    }
    if (action === "backup") {
        const backup = records.get(String(data["backupId"]));
        if (backup?.kind === "backup") {
            backup.status = outcome === "Completed" ? "COMPLETED" : "FAILED";
            backup.endedAtMs = atMs;
            backup.updatedAtMs = atMs;
            if (outcome === "Completed") backup.sizeKb = 1024 * (64 + Math.floor(record.volume.size / 10));
        }
        record.status = job.instanceStatusBefore;
        return;
    }
    if (outcome === "Failed") {
        record.status = action === "create" || action === "restore" ? "CREATE FAIL" : job.instanceStatusBefore;
        return;
    }
    switch (action) {
        case "create":
        case "restore":
            record.status = "ACTIVE";
            return;
        case "delete":
            records.delete(record.id);
            return;
        case "resize":
            record.flavorRef = String(data["flavorRef"]);
            break;
        case "enlarge":
            record.volume = { ...record.volume, size: Number(data["size"]) };
            break;
    }
    record.status = job.instanceStatusBefore;
}

/** The `job` of `GET /v3/{pid}/jobs?id=`: progress spelled `process`, plus `entities` (seed 003). */
function rdsJobView(job: StoredJob, observed: JobObservation, record: StoredRecord | undefined): Record<string, unknown> {
    const instance = (record as StoredRdsRecord | undefined)?.kind === "instance" ? (record as StoredRdsInstance) : undefined;
    const view: Record<string, unknown> = { id: job.id, name: job.name, status: observed.status, created: formatOtcTimestamp(job.createdAtMs) };
    if (observed.endedAtMs !== undefined) view["ended"] = formatOtcTimestamp(observed.endedAtMs);
    view["process"] = observed.percent === undefined ? "" : `${observed.percent}%`;
    view["instance"] = { id: job.instanceId, name: record?.name ?? job.instanceName };
    const action = job.change.kind === "service" ? job.change.action : "";
    const entities: Record<string, unknown> = {};
    if (instance && (action === "create" || action === "restore")) {
        entities["instance"] = {
            endpoint: `${instance.privateIps[0] ?? ""}:${instance.port}`,
            type: instance.ha ? "Ha" : "Single",
            datastore: { type: instance.datastore.type.toLowerCase(), version: instance.datastore.version },
        };
        entities["resource_ids"] = [`${instance.id}.vm`, `${instance.id}.volume`];
    }
    if (action === "enlarge" && instance && job.change.kind === "service") {
        entities["volume"] = { type: instance.volume.type, original_size: String(instance.volume.size), target_size: String(job.change.data["size"]) };
    }
    view["entities"] = entities;
    view["fail_reason"] = observed.failReason;
    return view;
}

function createdView(instance: StoredRdsInstance): Record<string, unknown> {
    return {
        id: instance.id,
        name: instance.name,
        status: instance.status,
        datastore: { ...instance.datastore },
        ...(instance.ha ? { ha: { mode: "ha", replication_mode: instance.ha.replication_mode } } : {}),
        port: String(instance.port),
        flavor_ref: instance.flavorRef,
        volume: { ...instance.volume },
        region: instance.region,
        availability_zone: instance.availabilityZones.join(","),
        vpc_id: instance.vpcId,
        subnet_id: instance.subnetId,
        security_group_id: instance.securityGroupId,
        charge_info: { charge_mode: "postPaid" },
    };
}

/** One element of the instance list. `created`/`updated` are empty while the instance is being created, as documented. */
function listedView(instance: StoredRdsInstance): Record<string, unknown> {
    const building = instance.status === "BUILD";
    const roles = instance.ha ? ["master", "slave"] : ["master"];
    return {
        id: instance.id,
        name: instance.name,
        status: instance.status,
        private_ips: [...instance.privateIps],
        public_ips: [],
        port: instance.port,
        type: instance.ha ? "Ha" : "Single",
        ...(instance.ha ? { ha: { replication_mode: instance.ha.replication_mode } } : {}),
        region: instance.region,
        datastore: { ...instance.datastore },
        created: building ? "" : formatOtcTimestamp(instance.createdAtMs),
        updated: building ? "" : formatOtcTimestamp(instance.updatedAtMs),
        db_user_name: instance.datastore.type === "SQLServer" ? "rdsuser" : "root",
        vpc_id: instance.vpcId,
        subnet_id: instance.subnetId,
        security_group_id: instance.securityGroupId,
        flavor_ref: instance.flavorRef,
        volume: { ...instance.volume },
        nodes: roles.map((role, i) => ({
            id: `${instance.id.slice(0, 32)}no0${i + 1}`,
            name: `${instance.name}_node${i}`,
            role,
            status: instance.status === "ACTIVE" ? "ACTIVE" : instance.status,
            availability_zone: instance.availabilityZones[i] ?? instance.availabilityZones[0],
        })),
        related_instance: [],
        charge_info: { charge_mode: "postPaid" },
        tags: [],
    };
}

function randomPrivateIp(): string {
    const [third = 0, fourth = 0] = randomBytes(2);
    return `192.168.${third}.${1 + (fourth % 254)}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

export type { StoredRdsBackup };

const taskCenter = taskCenterRoutes("rds", { job: rdsJobView });

/** RDS, served under `/rds` (the host label of `rds.{region}.otc.t-systems.com`). */
export const RDS_SIMULATOR_SERVICE: SimulatorService = {
    name: "rds",
    prefixes: ["/rds"],
    hostLabels: ["rds"],
    statsPrefix: "/rds",
    applyJobOutcome: applyRdsJobOutcome,
    routes: [
        { method: "POST", template: "/v3/{pid}/instances", handler: createInstance },
        { method: "GET", template: "/v3/{pid}/instances", handler: listInstances },
        { method: "DELETE", template: "/v3/{pid}/instances/{id}", handler: deleteInstance },
        { method: "POST", template: "/v3/{pid}/instances/{id}/action", handler: instanceAction },
        { method: "POST", template: "/v3/{pid}/instances/{id}/password", handler: resetPassword },
        { method: "GET", template: "/v3/{pid}/jobs", handler: taskCenter.getJob },
        { method: "GET", template: "/v3/{pid}/tasklist", handler: listRdsTasks },
        { method: "GET", template: "/v3/{pid}/flavors/{id}", handler: listRdsFlavors },
        { method: "POST", template: "/v3/{pid}/backups", handler: createBackup },
        { method: "GET", template: "/v3/{pid}/backups", handler: listBackups },
        { method: "DELETE", template: "/v3/{pid}/backups/{id}", handler: deleteBackup },
    ],
};
