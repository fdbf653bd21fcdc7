import * as pulumi from "@pulumi/pulumi";
import { RdsBackup, RdsInstance } from "pulumi-otc-jobs";

// An RDS instance whose `pulumi up` waits on OTC's create, resize and enlarge jobs, a manual backup of it, and (with
// `restore: true`) a second instance restored from that backup. Every knob is stack config, so the same program serves
// the end-to-end tests and real OTC.
const config = new pulumi.Config();
const engine = (config.get("engine") ?? "MySQL") as "MySQL" | "PostgreSQL" | "SQLServer";
const network = {
    vpcId: config.get("vpcId") ?? "3cedfc54-b105-4652-a4e0-847b9e4ac7a4",
    subnetId: config.get("subnetId") ?? "5d9a6bd6-4fa8-4e12-91a3-4b2b5d6a0a2b",
    securityGroupId: config.get("securityGroupId") ?? "a4b3c2d1-1f2e-4d3c-8b7a-6e5f4d3c2b1a",
};
const timeouts = {
    create: config.get("createTimeout") ?? "2h",
    update: config.get("updateTimeout") ?? "150m",
    delete: config.get("deleteTimeout") ?? "45m",
};

const db = new RdsInstance(
    config.get("name") ?? "shop-db",
    {
        engine,
        engineVersion: config.get("engineVersion") ?? "8.0",
        flavorRef: config.get("flavorRef") ?? "rds.mysql.n1.large.2",
        volume: { type: "CLOUDSSD", size: config.getNumber("volumeSize") ?? 40 },
        password: config.requireSecret("dbPassword"),
        availabilityZones: [config.get("availabilityZone") ?? "eu-de-01"],
        ...network,
    },
    { customTimeouts: timeouts, keepFailedInstance: config.getBoolean("keepFailedInstance") ?? false },
);

const withBackup = config.getBoolean("backup") ?? true;
const backup = withBackup ? new RdsBackup("shop-db-backup", { instanceId: db.id, description: config.get("backupDescription") ?? "taken by pulumi up" }) : undefined;

const restored =
    backup && config.getBoolean("restore")
        ? new RdsInstance(
              "shop-db-restored",
              {
                  engine,
                  engineVersion: config.get("engineVersion") ?? "8.0",
                  flavorRef: config.get("flavorRef") ?? "rds.mysql.n1.large.2",
                  volume: { type: "CLOUDSSD", size: config.getNumber("volumeSize") ?? 40 },
                  password: config.requireSecret("dbPassword"),
                  availabilityZones: [config.get("availabilityZone") ?? "eu-de-01"],
                  ...network,
                  restoreFrom: { instanceId: backup.instanceId, backupId: backup.backupId },
              },
              { customTimeouts: timeouts },
          )
        : undefined;

export const instanceId = db.id;
export const instanceName = db.instanceName;
export const status = db.status;
export const flavor = db.flavorRef;
export const volumeSize = db.volume.apply((v) => v.size);
export const port = db.port;
export const backupId = backup?.backupId;
export const backupStatus = backup?.status;
export const backupSize = backup?.size;
export const restoredId = restored?.id;
export const restoredStatus = restored?.status;
