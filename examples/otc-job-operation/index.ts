import * as pulumi from "@pulumi/pulumi";
import { GaussDbInstance, OtcJobOperation, type OtcHttpMethod } from "pulumi-otc-jobs";

// An instance, and a restart of it that `pulumi up` runs and waits for. Changing `restartTrigger` (say, to the date
// of a parameter change that needs a reboot) restarts the instance again. Every knob is stack config so that the
// end-to-end tests can drive it.
const config = new pulumi.Config();

const db = new GaussDbInstance("orders-db", {
    flavorRef: config.get("flavorRef") ?? "gaussdb.opengauss.ee.dn.m6.2xlarge.8.in",
    volume: { type: "ULTRAHIGH", size: 40 },
    password: config.requireSecret("dbPassword"),
    availabilityZone: "eu-de-01,eu-de-01,eu-de-01",
    vpcId: config.get("vpcId") ?? "3cedfc54-b105-4652-a4e0-847b9e4ac7a4",
    subnetId: config.get("subnetId") ?? "5d9a6bd6-4fa8-4e12-91a3-4b2b5d6a0a2b",
    securityGroupId: config.get("securityGroupId") ?? "a4b3c2d1-1f2e-4d3c-8b7a-6e5f4d3c2b1a",
    ha: { mode: "enterprise", consistency: "strong", replicationMode: "sync" },
});

const restart = new OtcJobOperation(
    "orders-db-restart",
    {
        service: "gaussdb",
        create: {
            method: (config.get("restartMethod") ?? "POST") as OtcHttpMethod,
            path: pulumi.interpolate`/v3/{project_id}/instances/${db.id}/restart`,
        },
        jobIdPointer: config.get("jobIdPointer") ?? "/job_id",
        triggers: [config.get("restartTrigger") ?? "initial"],
        // After a pulumi up interrupted between the restart request and the recording of its answer, wait for the
        // restart already running instead of restarting again. (Any running restart of the project counts: fine for
        // a stack with one instance; filter further where the service's task list allows.)
        lookup: {
            path: "/v3/{project_id}/tasks",
            query: { name: "RestartGaussDBV5Instance", status: "Running" },
            jobIdPointer: "/tasks/0/job_id",
        },
    },
    { customTimeouts: { create: config.get("restartTimeout") ?? "60m" } },
);

export const instanceId = db.id;
export const restartJobs = restart.jobs;
export const restartAnswer = restart.answer;
export const restartRequest = restart.sentRequest;
