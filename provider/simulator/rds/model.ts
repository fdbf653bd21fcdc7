import type { StoredRecord } from "../core/model";

/** What the RDS simulator stores: instances and manual backups share the service's record map, told apart by `kind`. */

export type RdsEngine = "MySQL" | "PostgreSQL" | "SQLServer";

export const RDS_ENGINES: readonly RdsEngine[] = ["MySQL", "PostgreSQL", "SQLServer"];

/** An RDS v3 instance. */
export interface StoredRdsInstance extends StoredRecord {
    kind: "instance";
    datastore: { type: RdsEngine; version: string };
    /** Absent for a single instance. */
    ha?: { mode: "Ha"; replication_mode: string };
    flavorRef: string;
    volume: { type: string; size: number };
    region: string;
    availabilityZones: string[];
    vpcId: string;
    subnetId: string;
    securityGroupId: string;
    port: number;
    privateIps: string[];
    /** Only a hash: the simulator never returns a password. */
    passwordSha256: string;
    /** Set for an instance restored from a backup or a point in time. */
    restoredFrom?: { instanceId: string; backupId?: string; restoreTimeMs?: number };
}

/** A manual backup. It outlives its instance, as manual backups do on RDS. */
export interface StoredRdsBackup extends StoredRecord {
    kind: "backup";
    instanceId: string;
    description: string;
    datastore: { type: RdsEngine; version: string };
    /** kB, once completed. */
    sizeKb: number;
    endedAtMs?: number;
}

export type StoredRdsRecord = StoredRdsInstance | StoredRdsBackup;

/** What an RDS job does when it ends: `ServiceJobChange.action`. */
export type RdsJobAction = "create" | "restore" | "resize" | "enlarge" | "delete" | "backup" | "deleteBackup";

// The task center's engine spelling in job names: "CreateMysqlSingleHAInstance", "CreateSqlserverSingleHAInstance"
// are documented (RDS API reference, "Obtaining Information About a Task with a Specified ID"), the PostgreSQL one
// follows their pattern (UNVERIFIED).
const ENGINE_IN_JOB_NAME: Readonly<Record<RdsEngine, string>> = { MySQL: "Mysql", PostgreSQL: "Postgresql", SQLServer: "Sqlserver" };

/**
 * RDS job names per engine. Only the create names are documented; the others follow the documented shapes
 * (`RestoreSqlserverInInstance`, `BackupDbSqlserverInInstance`, `RestartMysqlInstance`): UNVERIFIED.
 */
export function rdsJobName(action: Exclude<RdsJobAction, "deleteBackup">, engine: RdsEngine): string {
    const e = ENGINE_IN_JOB_NAME[engine];
    switch (action) {
        case "create":
            return `Create${e}SingleHAInstance`;
        case "restore":
            return `Restore${e}NewInstance`;
        case "resize":
            return `Resize${e}Flavor`;
        case "enlarge":
            return `Enlarge${e}Volume`;
        case "delete":
            return `Delete${e}Instance`;
        case "backup":
            return `Backup${e}InInstance`;
    }
}

const MINUTE_MS = 60_000;

/** Unscaled durations, in the range RDS takes for a small instance. */
export const RDS_JOB_DURATIONS_MS: Readonly<Record<RdsJobAction, number>> = {
    create: 10 * MINUTE_MS,
    restore: 12 * MINUTE_MS,
    resize: 6 * MINUTE_MS,
    enlarge: 3 * MINUTE_MS,
    delete: 2 * MINUTE_MS,
    backup: 4 * MINUTE_MS,
    deleteBackup: 1 * MINUTE_MS,
};

/** The instance's status while a job of that kind runs ("DELETING" is a simulator choice: the docs list none). */
export const RDS_STATUS_WHILE_RUNNING: Readonly<Record<RdsJobAction, string>> = {
    create: "BUILD",
    restore: "BUILD",
    resize: "MODIFYING",
    enlarge: "MODIFYING",
    delete: "DELETING",
    backup: "BACKING UP",
    deleteBackup: "DELETING",
};

/** Default database ports (RDS API reference, "Creating a DB Instance"). */
export const RDS_DEFAULT_PORTS: Readonly<Record<RdsEngine, number>> = { MySQL: 3306, PostgreSQL: 5432, SQLServer: 1433 };
