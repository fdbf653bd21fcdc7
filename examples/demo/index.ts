import * as pulumi from "@pulumi/pulumi";
import { GaussDbInstance, OtcJobOperation, RdsBackup, RdsInstance, TaurusDbInstance } from "pulumi-otc-jobs";

// One of each: an openGauss, an RDS (MySQL) and a TaurusDB instance, a manual backup of the RDS instance, and an
// OTC call that has no resource of its own (a restart of the openGauss instance) waited for like the rest. All of
// them wait on their OTC jobs in parallel, with one rate limit per endpoint.
const config = new pulumi.Config();
const password = config.requireSecret("dbPassword");
const network = {
    vpcId: config.get("vpcId") ?? "3cedfc54-b105-4652-a4e0-847b9e4ac7a4",
    subnetId: config.get("subnetId") ?? "5d9a6bd6-4fa8-4e12-91a3-4b2b5d6a0a2b",
    securityGroupId: config.get("securityGroupId") ?? "a4b3c2d1-1f2e-4d3c-8b7a-6e5f4d3c2b1a",
};

const orders = new GaussDbInstance("orders-db", {
    flavorRef: "gaussdb.opengauss.ee.dn.m6.2xlarge.8.in",
    volume: { type: "ULTRAHIGH", size: 40 },
    password,
    availabilityZone: "eu-de-01,eu-de-01,eu-de-01",
    ...network,
    ha: { mode: "enterprise", consistency: "strong", replicationMode: "sync" },
});

const shop = new RdsInstance("shop-db", {
    engine: "MySQL",
    engineVersion: "8.0",
    flavorRef: "rds.mysql.n1.large.2",
    volume: { type: "CLOUDSSD", size: 40 },
    password,
    availabilityZones: ["eu-de-01"],
    ...network,
});

const shopBackup = new RdsBackup("shop-db-backup", { instanceId: shop.id, description: "taken by the demo" });

const catalog = new TaurusDbInstance("catalog-db", {
    flavorRef: "gaussdb.mysql.xlarge.x86.4",
    datastoreVersion: "8.0",
    password,
    availabilityZoneMode: "single",
    ...network,
    readReplicas: 1,
});

// Runs once, and again whenever `restartReason` changes.
const ordersRestart = new OtcJobOperation("orders-db-restart", {
    service: "gaussdb",
    create: { method: "POST", path: pulumi.interpolate`/v3/{project_id}/instances/${orders.id}/restart` },
    triggers: [config.get("restartReason") ?? "initial"],
});

export const instances = {
    "orders-db (GaussDB)": orders.status,
    "shop-db (RDS)": shop.status,
    "catalog-db (TaurusDB)": catalog.status,
};
export const backup = { id: shopBackup.backupId, status: shopBackup.status, sizeKb: shopBackup.size };
export const restart = ordersRestart.jobs.apply((jobs) => jobs.map((j) => `${j.name}: ${j.status}`));
