import * as pulumi from "@pulumi/pulumi";
import { TaurusDbInstance } from "pulumi-otc-jobs";

// A TaurusDB (GaussDB for MySQL) instance whose `pulumi up` waits on OTC's create, resize, read-replica and delete
// jobs. Every knob is stack config, so the same program serves the end-to-end tests and real OTC.
const config = new pulumi.Config();

const db = new TaurusDbInstance(
    config.get("name") ?? "shop-db",
    {
        flavorRef: config.get("flavorRef") ?? "gaussdb.mysql.xlarge.x86.4",
        datastoreVersion: config.get("datastoreVersion") ?? "8.0",
        password: config.requireSecret("dbPassword"),
        availabilityZoneMode: (config.get("availabilityZoneMode") as "single" | "multi" | undefined) ?? "single",
        ...(config.get("masterAvailabilityZone") ? { masterAvailabilityZone: config.get("masterAvailabilityZone") } : {}),
        vpcId: config.get("vpcId") ?? "3cedfc54-b105-4652-a4e0-847b9e4ac7a4",
        subnetId: config.get("subnetId") ?? "5d9a6bd6-4fa8-4e12-91a3-4b2b5d6a0a2b",
        securityGroupId: config.get("securityGroupId") ?? "a4b3c2d1-1f2e-4d3c-8b7a-6e5f4d3c2b1a",
        readReplicas: config.getNumber("readReplicas") ?? 1,
    },
    {
        // No shorter than the OTC Terraform provider's TaurusDB timeouts (60, 60 and 30 minutes).
        customTimeouts: {
            create: config.get("createTimeout") ?? "2h",
            update: config.get("updateTimeout") ?? "150m",
            delete: config.get("deleteTimeout") ?? "45m",
        },
        keepFailedInstance: config.getBoolean("keepFailedInstance") ?? false,
    },
);

export const instanceName = db.instanceName;
export const instanceId = db.id;
export const status = db.status;
export const flavorRef = db.flavorRef;
export const readReplicas = db.readReplicas;
export const nodes = db.nodes.apply((all) => all.map((n) => `${n.type}:${n.status}`));
export const privateWriteIps = db.privateWriteIps;
