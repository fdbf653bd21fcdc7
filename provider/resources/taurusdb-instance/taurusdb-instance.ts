import * as pulumi from "@pulumi/pulumi";
import type { FailedJob, PendingJob } from "../lifecycle/job-records";
import { lifecycleResourceArgs } from "../lifecycle/lifecycle-resource";
import { createProviderShim } from "../provider-shim";
import type { TaurusDbInstanceArgs, TaurusDbInstanceOptions, TaurusDbNode } from "./taurusdb-instance-args";

const shim = createProviderShim("taurusdb-instance");

/** The Pulumi type token: `pulumi-nodejs:dynamic/otc-jobs:TaurusDbInstance`. */
export const TAURUSDB_INSTANCE_TYPE = "pulumi-nodejs:dynamic/otc-jobs:TaurusDbInstance";

/**
 * A TaurusDB (GaussDB for MySQL) instance on Open Telekom Cloud: a primary and its read replicas. `pulumi up` waits
 * for each OTC job (create, resize, replicas added or removed, delete) to end, prints its progress, and fails with
 * OTC's own `fail_reason`; an instance is never lost: a failed create is rolled back (or kept), a deadline or an
 * interruption leaves it in state or adopted by the next run, and only with proof that this resource created it.
 * Job queries go to `/v3/{project_id}/jobs`, falling back to the legacy `/mysql/v3/{project_id}/jobs` where a
 * region serves only that (`otc:taurusdbJobsPath`: `auto`, `v3` or `mysql`). Default `customTimeouts`: create 120 min,
 * update 150 min, delete 45 min, no shorter than the OTC Terraform provider's TaurusDB resource (60, 60, 30).
 */
export class TaurusDbInstance extends pulumi.dynamic.Resource {
    /** The OTC instance name: `<name>-<ownership suffix>`, or `instanceName`. */
    declare readonly instanceName: pulumi.Output<string>;
    declare readonly name: pulumi.Output<string>;
    /** OTC status: ACTIVE, BUILD, FAILED, MODIFYING, … */
    declare readonly status: pulumi.Output<string>;
    declare readonly flavorRef: pulumi.Output<string>;
    /** Read replicas OTC reports (being built included, being deleted not). */
    declare readonly readReplicas: pulumi.Output<number>;
    declare readonly region: pulumi.Output<string>;
    /** The database port OTC reports. */
    declare readonly port: pulumi.Output<number | undefined>;
    /** Private IP address(es) for writes. */
    declare readonly privateWriteIps: pulumi.Output<string[]>;
    /** The primary and its read replicas. */
    declare readonly nodes: pulumi.Output<TaurusDbNode[]>;
    /** Secret. */
    declare readonly password: pulumi.Output<string>;
    /** Set while a job of this resource outlived its deadline; the next `pulumi up` resumes waiting for it. */
    declare readonly pendingJob: pulumi.Output<PendingJob | undefined>;
    /** Set when a failed instance was kept (`keepFailedInstance`). */
    declare readonly failedJob: pulumi.Output<FailedJob | undefined>;

    constructor(name: string, args: TaurusDbInstanceArgs, opts: TaurusDbInstanceOptions = {}) {
        const { props, options } = lifecycleResourceArgs(name, args as unknown as Record<string, unknown> | undefined, opts, {
            typeToken: TAURUSDB_INSTANCE_TYPE,
            outputs: [
                "instanceName",
                "status",
                "privateWriteIps",
                "nodes",
                "pendingJob",
                "failedJob",
                "port",
                "name",
                "flavorRef",
                "readReplicas",
                "region",
                "password",
            ],
            secretInputs: ["password"],
        });
        super(shim, name, props, options, "otc-jobs", "TaurusDbInstance");
    }

    /**
     * An existing instance, read by id (refreshed by `pulumi refresh`, never changed or deleted by this stack). To
     * manage an existing instance instead, create the resource with `adoptInstanceId`.
     */
    static get(name: string, id: pulumi.Input<pulumi.ID>, opts: pulumi.CustomResourceOptions = {}): TaurusDbInstance {
        return new TaurusDbInstance(name, undefined as unknown as TaurusDbInstanceArgs, { ...opts, id });
    }
}
