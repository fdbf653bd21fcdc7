import * as pulumi from "@pulumi/pulumi";
import { GaussDbInstance } from "pulumi-otc-jobs";

// A GaussDB (openGauss) instance whose `pulumi up` waits on OTC's create, resize and enlarge jobs.
// Every knob is stack config, so the same program serves the demo, the end-to-end tests and real OTC.
const config = new pulumi.Config();
const count = config.getNumber("instances") ?? 1;
const prefix = config.get("name") ?? "orders-db";

const instances = Array.from(
    { length: count },
    (_, i) =>
        new GaussDbInstance(
            count === 1 ? prefix : `${prefix}-${i + 1}`,
            {
                flavorRef: config.get("flavorRef") ?? "gaussdb.opengauss.ee.dn.m6.2xlarge.8.in",
                volume: { type: "ULTRAHIGH", size: config.getNumber("volumeSize") ?? 40 },
                password: config.requireSecret("dbPassword"),
                availabilityZone: config.get("availabilityZone") ?? "eu-de-01,eu-de-01,eu-de-01",
                vpcId: config.get("vpcId") ?? "3cedfc54-b105-4652-a4e0-847b9e4ac7a4",
                subnetId: config.get("subnetId") ?? "5d9a6bd6-4fa8-4e12-91a3-4b2b5d6a0a2b",
                securityGroupId: config.get("securityGroupId") ?? "a4b3c2d1-1f2e-4d3c-8b7a-6e5f4d3c2b1a",
                ha: { mode: "enterprise", consistency: "strong", replicationMode: "sync" },
            },
            {
                customTimeouts: {
                    create: config.get("createTimeout") ?? "2h",
                    update: config.get("updateTimeout") ?? "150m",
                    delete: config.get("deleteTimeout") ?? "45m",
                },
                keepFailedInstance: config.getBoolean("keepFailedInstance") ?? false,
            },
        ),
);

export const instanceNames = instances.map((db) => db.instanceName);
export const instanceIds = instances.map((db) => db.id);
export const statuses = instances.map((db) => db.status);
export const flavors = instances.map((db) => db.flavorRef);
export const volumeSizes = instances.map((db) => db.volume.apply((v) => v.size));
