import type { InstanceAdapter, InstancePhase } from "../lifecycle/instance-adapter";
import {
    createGaussDbBackup,
    deleteGaussDbBackup,
    findGaussDbBackupJob,
    findGaussDbBackups,
    GAUSSDB_BACKUP_JOB_NAME,
    type GaussDbBackupApi,
} from "./gaussdb-backup-api";
import { type GaussDbBackupInputs, gaussDbBackupInputsSchema } from "./gaussdb-backup-inputs";

type Inputs = GaussDbBackupInputs;
type Api = GaussDbBackupApi;

const PHASES: Record<string, InstancePhase> = { BUILDING: "building", COMPLETED: "ready", FAILED: "failed" };

/**
 * A manual backup of a GaussDB (openGauss) instance, as a lifecycle "instance": created by a
 * BackupSnapshotGaussDBV5InInstance job, found by id or name, deleted without a job (the engine then waits until
 * the backup is gone). A backup cannot change: every input replaces it.
 */
export const gaussDbBackupAdapter: InstanceAdapter<Inputs, Api> = {
    typeName: "GaussDbBackup",
    service: "gaussdb",
    schema: gaussDbBackupInputsSchema,
    secretInputs: [],
    replaceOn: ["instanceId", "description"],
    updateSteps: [],
    // The delete has no job: the name labels the wait for the backup to disappear.
    jobNames: { create: GAUSSDB_BACKUP_JOB_NAME, delete: "backup deletion" },
    maxNameLength: 64,
    outputOnlyKeys: ["backupId", "backupName", "size", "beginTime", "endTime"],
    phaseOf: (backup) => PHASES[backup.status] ?? "busy",
    find: findGaussDbBackups,
    findCreateJob: findGaussDbBackupJob,
    submitCreate: async (client, inputs, name) => {
        const { backupId, jobId } = await createGaussDbBackup(client, {
            instance_id: inputs.instanceId,
            name,
            ...(inputs.description !== undefined ? { description: inputs.description } : {}),
        });
        return { instanceId: backupId, jobId };
    },
    submitDelete: async (client, id) => {
        await deleteGaussDbBackup(client, id);
        return {};
    },
    adoptionMismatches: (backup, inputs) =>
        backup.instance_id && backup.instance_id !== inputs.instanceId
            ? [`instanceId is ${backup.instance_id}, the program says ${inputs.instanceId}`]
            : [],
    observed: (backup) =>
        backup
            ? {
                  backupId: backup.id,
                  backupName: backup.name,
                  size: backup.size ?? 0,
                  ...(backup.begin_time ? { beginTime: backup.begin_time } : {}),
                  ...(backup.end_time ? { endTime: backup.end_time } : {}),
              }
            : {},
    inputsOfExisting: (backup) => ({
        name: backup.name,
        instanceId: backup.instance_id ?? "",
        ...(backup.description ? { description: backup.description } : {}),
        ownerUrn: "",
        keepFailedInstance: false,
    }),
};
