import { manualBackupRoutes } from "../core/manual-backups";
import type { StoredBackup } from "../core/model";
import { formatOtcTimestamp } from "../core/time";
import type { StoredTaurusDbInstance } from "./model";

// TaurusDB manual backups (API reference: "Creating a Manual Backup" POST /v3/{project_id}/backups/create, 201
// `{backup, job_id}`; "Querying Backups"; "Deleting a Manual Backup", 200 `{backup_id, backup_name}` and no job).

/** UNVERIFIED: the reference shows no backup job's name; this follows the service's other job names. */
export const TAURUSDB_BACKUP_JOB_NAME = "BackupGaussDBforMySQLInstance";
/** Unscaled: a manual full backup of a small instance. */
const BACKUP_JOB_DURATION_MS = 4 * 60_000;
/** A stand-in for the data's size (MB): the instance's storage is shared and grows with its data, of which there is none. */
const BACKUP_SIZE_MB = 256;

const backups = manualBackupRoutes<StoredTaurusDbInstance>({
    service: "taurusdb",
    jobName: TAURUSDB_BACKUP_JOB_NAME,
    jobDurationMs: BACKUP_JOB_DURATION_MS,
    idSuffix: "br07",
    createdStatus: 201,
    datastoreOf: (instance) => ({ type: "gaussdb-mysql", version: instance.version }),
    sizeMbOf: () => BACKUP_SIZE_MB,
    listView: taurusDbBackupView,
    deletedAnswer: (backup) => ({ status: 200, body: { backup_id: backup.id, backup_name: backup.name } }),
});

export const createTaurusDbBackup = backups.create;
export const listTaurusDbBackups = backups.list;
export const deleteTaurusDbBackup = backups.delete;
export const applyTaurusDbBackupOutcome = backups.applyOutcome;

/** One element of "Querying Backups": `size` in MB (Long), `take_up_time` in minutes (Integer). */
function taurusDbBackupView(backup: StoredBackup): Record<string, unknown> {
    return {
        id: backup.id,
        name: backup.name,
        begin_time: formatOtcTimestamp(backup.beginAtMs),
        end_time: backup.endAtMs === undefined ? null : formatOtcTimestamp(backup.endAtMs),
        status: backup.status,
        take_up_time: backup.endAtMs === undefined ? 0 : Math.round((backup.endAtMs - backup.beginAtMs) / 60_000),
        type: "manual",
        size: Math.round(backup.sizeMb),
        datastore: { ...backup.datastore },
        instance_id: backup.instanceId,
        description: backup.description,
    };
}
