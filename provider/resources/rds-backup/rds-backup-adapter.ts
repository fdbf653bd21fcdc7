import { OtcApiError } from "../../client/otc-api-error";
import type { InstanceAdapter, InstancePhase } from "../lifecycle/instance-adapter";
import {
    backupResourceId,
    createRdsBackup,
    deleteRdsBackup,
    findRdsBackupJob,
    listRdsBackups,
    parseBackupResourceId,
    type RdsBackupApi,
} from "./rds-backup-api";
import { type RdsBackupInputs, rdsBackupInputsSchema } from "./rds-backup-inputs";

const PHASES: Record<string, InstancePhase> = { COMPLETED: "ready", BUILDING: "building", FAILED: "failed" };

/**
 * Manual RDS backups, through the lifecycle engine: the "instance" is the backup, named `<name>-<ownership suffix>`
 * so that an interrupted create is adopted by the next run; its id is `<instance id>/<backup id>`. The create answer
 * has no job: the backup job is found in the instance's task list, and failing that the backup's status decides.
 * Nothing changes in place.
 */
export const rdsBackupAdapter: InstanceAdapter<RdsBackupInputs, RdsBackupApi> = {
    typeName: "RdsBackup",
    service: "rds",
    schema: rdsBackupInputsSchema,
    secretInputs: [],
    replaceOn: ["instanceId", "description"],
    updateSteps: [],
    // Labels of waits without a job (the delete never has one); UNVERIFIED names, see findRdsBackupJob.
    jobNames: {
        create: "BackupRdsInstance",
        delete: "DeleteRdsBackup",
        otherCreates: ["BackupMysqlInInstance", "BackupPostgresqlInInstance", "BackupSqlserverInInstance"],
    },
    maxNameLength: 64,
    outputOnlyKeys: ["backupId", "size", "beginTime", "endTime"],
    phaseOf: (backup) => PHASES[backup.status] ?? "busy",
    find: async (client, query, signal, inputs) => {
        if ("id" in query) {
            const ref = parseBackupResourceId(query.id);
            if (!ref) return [];
            return (await listRdsBackups(client, ref.instanceId, ref.backupId, signal)).filter((b) => b.id === query.id);
        }
        // Backups are listed per instance: a search by name needs the program's instance.
        if (!inputs?.instanceId) return [];
        return (await listRdsBackups(client, inputs.instanceId, undefined, signal)).filter((b) => b.name === query.name);
    },
    findCreateJob: async (client, id) => {
        const ref = parseBackupResourceId(id);
        const [backup] = ref ? await listRdsBackups(client, ref.instanceId, ref.backupId) : [];
        return backup ? findRdsBackupJob(client, backup) : undefined;
    },
    submitCreate: async (client, inputs, name) => {
        const { backupId } = await createRdsBackup(client, {
            instance_id: inputs.instanceId,
            name,
            ...(inputs.description !== undefined ? { description: inputs.description } : {}),
        });
        return { instanceId: backupResourceId(inputs.instanceId, backupId) };
    },
    submitDelete: async (client, id) => {
        const ref = parseBackupResourceId(id);
        if (!ref) throw new OtcApiError({ status: 404, method: "DELETE", path: `/backups/${id}`, errorMsg: `${id} is not an RdsBackup id (<instance id>/<backup id>)` });
        await deleteRdsBackup(client, ref.backupId);
        return {};
    },
    adoptionMismatches: (backup, inputs) =>
        backup.instanceId !== inputs.instanceId ? [`instanceId is ${backup.instanceId}, the program says ${inputs.instanceId}`] : [],
    observed: (backup) => ({
        ...(backup ? { backupId: backup.backupId } : {}),
        ...(backup?.size !== undefined ? { size: backup.size } : {}),
        ...(backup?.beginTime ? { beginTime: backup.beginTime } : {}),
        ...(backup?.endTime ? { endTime: backup.endTime } : {}),
    }),
    inputsOfExisting: (backup) => ({
        name: backup.name,
        instanceId: backup.instanceId,
        ...(backup.description ? { description: backup.description } : {}),
        ownerUrn: "",
        keepFailedInstance: false,
    }),
};
