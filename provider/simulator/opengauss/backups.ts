import type { JobOutcomeApplier } from "../core/service";
import { applyGaussDbJobOutcome } from "./job-outcomes";
import { manualBackupRoutes } from "../core/manual-backups";
import type { ProjectState, StoredBackup, StoredInstance } from "../core/model";
import type { RouteRequest, SimulatorRuntime } from "../core/runtime";
import { formatOtcTimestamp } from "../core/time";

// GaussDB (openGauss) manual backups, as the API reference describes them ("Creating a Manual Backup", "Querying
// Backups", "Deleting a Manual Backup"): a create answers 202 with the backup BUILDING and a
// BackupSnapshotGaussDBV5InInstance job; a delete answers 202 `{}` with no job.

export const BACKUP_JOB_NAME = "BackupSnapshotGaussDBV5InInstance";
const MINUTE_MS = 60_000;
/** Unscaled: a manual full backup of a small instance. */
export const BACKUP_JOB_DURATION_MS = 5 * MINUTE_MS;
export { BACKUP_DELETE_MS } from "../core/manual-backups";

const backups = manualBackupRoutes<StoredInstance>({
    service: "gaussdb",
    jobName: BACKUP_JOB_NAME,
    jobDurationMs: BACKUP_JOB_DURATION_MS,
    idSuffix: "br14",
    createdStatus: 202,
    datastoreOf: (instance) => ({ ...instance.datastore }),
    // A stand-in for the data's size: an eighth of a GB per 40 GB of volume.
    sizeMbOf: (instance) => ((instance?.volume.size ?? 40) / 40) * 128.5,
    listView: backupView,
    deletedAnswer: () => ({ status: 202, body: {} }),
});

export const createBackup = backups.create;
export const listBackups = backups.list;
export const deleteBackup = backups.delete;

/** One backup of the project, as it is now (a restore reads it). */
export function findBackup(runtime: SimulatorRuntime, request: RouteRequest, backupId: string): StoredBackup | undefined {
    return backups.find(runtime, request, backupId);
}

/** GaussDB's job outcomes: a backup job completes or fails its backup and gives the instance its status back. */
export const applyGaussDbServiceJobOutcome: JobOutcomeApplier = (project, job, outcome, atMs) => {
    if (!backups.applyOutcome(project, job, outcome, atMs)) return applyGaussDbJobOutcome(project, job, outcome, atMs);
    const instance = (project as ProjectState<StoredInstance>).instances.get(job.instanceId);
    if (instance) {
        instance.status = job.instanceStatusBefore as StoredInstance["status"];
        instance.updatedAtMs = atMs;
    }
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
