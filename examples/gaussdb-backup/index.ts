import * as pulumi from "@pulumi/pulumi";
import { GaussDbBackup, GaussDbInstance, type GaussDbInstanceArgs, type GaussDbRestoreFromArgs } from "pulumi-otc-jobs";

// An instance, a manual backup of it (`pulumi up` waits for the BackupSnapshotGaussDBV5InInstance job), and a new
// instance restored from that backup (it waits for the CloneGaussDBV5NewInstance job). `pulumi destroy` deletes the
// restored instance, then the backup (waiting until it is gone), then the source. Every knob is stack config.
const config = new pulumi.Config();

// What both instances share. A restore takes the source's engine version and HA mode, and at least its volume.
const instanceArgs: Omit<GaussDbInstanceArgs, "restoreFrom"> = {
    flavorRef: config.get("flavorRef") ?? "gaussdb.opengauss.ee.dn.m6.2xlarge.8.in",
    volume: { type: "ULTRAHIGH", size: config.getNumber("volumeSize") ?? 40 },
    password: config.requireSecret("dbPassword"),
    availabilityZone: config.get("availabilityZone") ?? "eu-de-01,eu-de-01,eu-de-01",
    vpcId: config.get("vpcId") ?? "3cedfc54-b105-4652-a4e0-847b9e4ac7a4",
    subnetId: config.get("subnetId") ?? "5d9a6bd6-4fa8-4e12-91a3-4b2b5d6a0a2b",
    securityGroupId: config.get("securityGroupId") ?? "a4b3c2d1-1f2e-4d3c-8b7a-6e5f4d3c2b1a",
    ha: { mode: "enterprise", consistency: "strong", replicationMode: "sync" },
};

const source = new GaussDbInstance("orders-db", instanceArgs);

const backup = new GaussDbBackup("orders-backup", {
    // `backupInstanceId` backs up another instance instead.
    instanceId: config.get("backupInstanceId") ?? source.id,
    description: config.get("backupDescription") ?? "before the schema migration",
});

// `restoreFrom` (JSON) restores something else, e.g. {"instanceId": "…", "restoreTime": 1717243200000}.
const restoreFrom: pulumi.Input<GaussDbRestoreFromArgs> = config.getObject<GaussDbRestoreFromArgs>("restoreFrom") ?? {
    instanceId: source.id,
    backupId: backup.backupId,
};
const restored = new GaussDbInstance("orders-db-restored", { ...instanceArgs, restoreFrom });

export const sourceInstanceId = source.id;
export const backupId = backup.backupId;
export const backupName = backup.backupName;
export const backupStatus = backup.status;
export const backupSizeMb = backup.size;
export const backupBeginTime = backup.beginTime;
export const backupEndTime = backup.endTime;
export const restoredInstanceId = restored.id;
export const restoredStatus = restored.status;
