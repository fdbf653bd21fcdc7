import { randomBytes } from "node:crypto";
import { instanceBusy, instanceNotFound, SimulatorApiError } from "./api-error";
import { startJob } from "./job-submission";
import type { ProjectState, SimulatorServiceName, StoredBackup, StoredJob, StoredRecord } from "./model";
import { integerQuery, parseJsonObject } from "./request-parsing";
import type { JsonAnswer, RouteRequest, SimulatorRuntime } from "./runtime";
import { formatOtcTimestamp } from "./time";

// Manual backups as GaussDB (openGauss) and TaurusDB document them alike ("Creating a Manual Backup", "Querying
// Backups", "Deleting a Manual Backup"): a create answers the backup BUILDING and a job id, the list filters by
// instance, backup id, type and time, a delete answers at once with no job. The services differ only in what the
// rules below say. Backups live in the service's project state (`ProjectState.backups`), so the state file keeps them.

/**
 * UNVERIFIED: how long a deleted backup stays listed. Neither reference gives a delete job; the simulator lists the
 * backup as DELETING (a status the docs do not name) for this long (unscaled), then forgets it.
 */
export const BACKUP_DELETE_MS = 30_000;
/** The instance's status while its backup job runs (one of the documented instance statuses of both services). */
const BACKING_UP = "BACKING UP";
const NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{3,63}$/;
const DESCRIPTION_FORBIDDEN = /[>!<"&'=]/;

/** What one service's manual backups are like. */
export interface ManualBackupRules<I extends StoredRecord> {
    service: SimulatorServiceName;
    jobName: string;
    /** Unscaled. */
    jobDurationMs: number;
    /** The service's id suffix (`br14` openGauss, `br07` TaurusDB). */
    idSuffix: string;
    /** The create's documented status: 202 (openGauss) or 201 (TaurusDB). */
    createdStatus: number;
    /** The backed-up instance's engine, as the backup list shows it. */
    datastoreOf(instance: I): { type: string; version: string };
    /** A stand-in for the backed-up data's size, in MB. */
    sizeMbOf(instance: I | undefined): number;
    /** One element of the backup list. */
    listView(backup: StoredBackup): Record<string, unknown>;
    /** The delete's documented answer. */
    deletedAnswer(backup: StoredBackup): JsonAnswer;
}

export interface ManualBackupRoutes {
    create(request: RouteRequest, runtime: SimulatorRuntime): JsonAnswer;
    list(request: RouteRequest, runtime: SimulatorRuntime): JsonAnswer;
    delete(request: RouteRequest, runtime: SimulatorRuntime): JsonAnswer;
    /** A backup of the project, as it is now (a restore reads it). */
    find(runtime: SimulatorRuntime, request: RouteRequest, backupId: string): StoredBackup | undefined;
    /** Applies an ended backup job to its backup; false for any other job. The caller sets the instance's status. */
    applyOutcome(project: ProjectState<StoredRecord>, job: StoredJob, outcome: "Completed" | "Failed", atMs: number): boolean;
}

export function manualBackupRoutes<I extends StoredRecord>(rules: ManualBackupRules<I>): ManualBackupRoutes {
    /** A project's backups, without those whose deletion has finished (forgotten now, as no timer runs). */
    const liveBackups = (runtime: SimulatorRuntime, request: RouteRequest): Map<string, StoredBackup> => {
        const project = runtime.store.project<I>(request.projectId, rules.service);
        project.backups ??= new Map();
        let forgot = false;
        for (const [id, backup] of project.backups) {
            if (backup.goneAtMs !== undefined && backup.goneAtMs <= request.nowMs) forgot = project.backups.delete(id);
        }
        if (forgot) runtime.store.save();
        return project.backups;
    };

    return {
        find: (runtime, request, backupId) => liveBackups(runtime, request).get(backupId),

        /** `{instance_id, name, description?}` */
        create(request, runtime) {
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
            const project = runtime.store.project<I>(request.projectId, rules.service);
            const instance = typeof instanceId === "string" ? project.instances.get(instanceId) : undefined;
            if (!instance) throw instanceNotFound();
            const running = runtime.store.runningJob(request.projectId, instance.id, rules.service);
            if (running?.name === rules.jobName) throw new SimulatorApiError(409, "DBS.201205", "Backup is in progress, please wait.");
            if (running) throw instanceBusy();
            if (instance.status !== "ACTIVE") throw new SimulatorApiError(400, "DBS.200086", "This operation is not allowed by the DB instance status.");
            const backups = liveBackups(runtime, request);
            if ([...backups.values()].some((b) => b.name === name)) throw new SimulatorApiError(409, "DBS.201201", "The backup name already exists.");

            const backup: StoredBackup = {
                id: `${randomBytes(16).toString("hex")}${rules.idSuffix}`,
                name,
                description: typeof description === "string" ? description : null,
                instanceId: instance.id,
                status: "BUILDING",
                datastore: rules.datastoreOf(instance),
                sizeMb: 0,
                beginAtMs: request.nowMs,
            };
            backups.set(backup.id, backup);
            const job = startJob(runtime, request, instance, {
                service: rules.service,
                name: rules.jobName,
                change: { kind: "service", action: "backup", data: { backupId: backup.id } },
                statusWhileRunning: BACKING_UP,
                durationMs: rules.jobDurationMs,
            });
            runtime.store.save();
            return { status: rules.createdStatus, body: { backup: createdView(backup), job_id: job.id } };
        },

        /** `?instance_id=&backup_id=&backup_type=&offset=&limit=&begin_time=&end_time=`, newest first. */
        list(request, runtime) {
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
            const matching = [...liveBackups(runtime, request).values()]
                .filter((b) => (instanceId === undefined || b.instanceId === instanceId) && (backupId === undefined || b.id === backupId))
                // Only manual backups exist here: the simulator makes no automated ones.
                .filter(() => type === undefined || type === "manual")
                .filter((b) => fromMs === undefined || toMs === undefined || (b.beginAtMs >= fromMs && b.beginAtMs <= toMs))
                .sort((a, b) => b.beginAtMs - a.beginAtMs);
            return { status: 200, body: { backups: matching.slice(offset, offset + limit).map(rules.listView), total_count: matching.length } };
        },

        /**
         * No job. UNVERIFIED: a backup still BUILDING is refused with 409 DBS.201205 ("Backup is in progress"), the
         * docs' code for a running backup; a second delete answers as the first.
         */
        delete(request, runtime) {
            const backup = request.instanceId === undefined ? undefined : liveBackups(runtime, request).get(request.instanceId);
            if (!backup) throw new SimulatorApiError(404, "DBS.201010", "The backup file does not exist.");
            if (backup.status === "BUILDING") throw new SimulatorApiError(409, "DBS.201205", "Backup is in progress, please wait.");
            if (backup.status !== "DELETING") {
                backup.status = "DELETING";
                backup.goneAtMs = request.nowMs + BACKUP_DELETE_MS / runtime.timeScale;
            }
            runtime.store.save();
            return rules.deletedAnswer(backup);
        },

        applyOutcome(project, job, outcome, atMs) {
            if (job.change.kind !== "service" || job.change.action !== "backup") return false;
            const backup = project.backups?.get(String(job.change.data["backupId"]));
            if (!backup || backup.status !== "BUILDING") return true;
            backup.status = outcome === "Completed" ? "COMPLETED" : "FAILED";
            backup.endAtMs = atMs;
            if (outcome === "Completed") backup.sizeMb = rules.sizeMbOf(project.instances.get(job.instanceId) as I | undefined);
            return true;
        },
    };
}

/** The create answer's backup: the documented fields of both services' "Creating a Manual Backup". */
function createdView(backup: StoredBackup): Record<string, unknown> {
    return {
        id: backup.id,
        name: backup.name,
        description: backup.description,
        begin_time: formatOtcTimestamp(backup.beginAtMs),
        status: backup.status,
        type: "manual",
        instance_id: backup.instanceId,
    };
}
