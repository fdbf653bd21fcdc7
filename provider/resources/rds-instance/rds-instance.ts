import * as pulumi from "@pulumi/pulumi";
import type { FailedJob, PendingJob } from "../lifecycle/job-records";
import { lifecycleResourceArgs } from "../lifecycle/lifecycle-resource";
import { createProviderShim } from "../provider-shim";
import type { RdsInstanceArgs, RdsInstanceOptions } from "./rds-instance-args";

const shim = createProviderShim("rds-instance");

/** The Pulumi type token: `pulumi-nodejs:dynamic/otc-jobs:RdsInstance`. */
export const RDS_INSTANCE_TYPE = "pulumi-nodejs:dynamic/otc-jobs:RdsInstance";

/**
 * An RDS instance (MySQL, PostgreSQL or SQL Server) on Open Telekom Cloud. `pulumi up` waits for each OTC job
 * (create or restore, resize, enlarge, delete) to end, prints its progress, and fails with OTC's own `fail_reason`.
 * Unlike the OTC Terraform provider, the instance id is in the state before the create job ends (an interrupted run
 * never loses it), deletes and resizes wait for their jobs, and a failed create is rolled back (or kept). Default
 * `customTimeouts`: create 120 min, update 150 min, delete 45 min, no shorter than the OTC Terraform provider's
 * `opentelekomcloud_rds_instance_v3` (create 30, update 40; no delete timeout, so Terraform's default of 20).
 */
export class RdsInstance extends pulumi.dynamic.Resource {
    /** The OTC instance name: `<name>-<ownership suffix>`, or `instanceName`. */
    declare readonly instanceName: pulumi.Output<string>;
    declare readonly name: pulumi.Output<string>;
    /** OTC status: ACTIVE, BUILD, CREATE FAIL, FAILED, MODIFYING, BACKING UP, … */
    declare readonly status: pulumi.Output<string>;
    declare readonly engine: pulumi.Output<string>;
    declare readonly engineVersion: pulumi.Output<string>;
    declare readonly flavorRef: pulumi.Output<string>;
    declare readonly volume: pulumi.Output<{ type: string; size: number }>;
    declare readonly region: pulumi.Output<string>;
    /** The database port OTC reports. */
    declare readonly port: pulumi.Output<number | undefined>;
    declare readonly privateIps: pulumi.Output<string[]>;
    /** Secret. */
    declare readonly password: pulumi.Output<string>;
    /** Set while a job of this resource outlived its deadline; the next `pulumi up` resumes waiting for it. */
    declare readonly pendingJob: pulumi.Output<PendingJob | undefined>;
    /** Set when a failed instance was kept (`keepFailedInstance`). */
    declare readonly failedJob: pulumi.Output<FailedJob | undefined>;

    constructor(name: string, args: RdsInstanceArgs, opts: RdsInstanceOptions = {}) {
        const { props, options } = lifecycleResourceArgs(name, args as unknown as Record<string, unknown> | undefined, opts, {
            typeToken: RDS_INSTANCE_TYPE,
            outputs: [
                "instanceName", "status", "privateIps", "pendingJob", "failedJob", "port", "name", "engine", "engineVersion",
                "flavorRef", "volume", "region", "password",
            ],
            secretInputs: ["password"],
        });
        super(shim, name, props, options, "otc-jobs", "RdsInstance");
    }

    /**
     * An existing instance, read by id (refreshed by `pulumi refresh`, never changed or deleted by this stack). To
     * manage an existing instance instead, create the resource with `adoptInstanceId`.
     */
    static get(name: string, id: pulumi.Input<pulumi.ID>, opts: pulumi.CustomResourceOptions = {}): RdsInstance {
        return new RdsInstance(name, undefined as unknown as RdsInstanceArgs, { ...opts, id });
    }
}
