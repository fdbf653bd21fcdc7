import * as pulumi from "@pulumi/pulumi";
import type { FailedJob, PendingJob } from "../lifecycle/job-records";
import { lifecycleResourceArgs } from "../lifecycle/lifecycle-resource";
import { createProviderShim } from "../provider-shim";
import type { GaussDbInstanceArgs, GaussDbInstanceOptions } from "./gaussdb-instance-args";

const shim = createProviderShim("gaussdb-instance");

/** The Pulumi type token: `pulumi-nodejs:dynamic/otc-jobs:GaussDbInstance`. */
export const GAUSSDB_INSTANCE_TYPE = "pulumi-nodejs:dynamic/otc-jobs:GaussDbInstance";

/**
 * A GaussDB (openGauss) instance on Open Telekom Cloud. `pulumi up` waits for each OTC job (create, resize,
 * enlarge, delete) to end, prints its progress, and fails with OTC's own `fail_reason`; an instance is never
 * lost: a failed create is rolled back (or kept), a deadline or an interruption leaves it in state or adopted
 * by the next run, and only with proof that this resource of this stack created it.
 */
export class GaussDbInstance extends pulumi.dynamic.Resource {
    /** The OTC instance name: `<name>-<ownership suffix>`, or `instanceName`. */
    declare readonly instanceName: pulumi.Output<string>;
    declare readonly name: pulumi.Output<string>;
    /** OTC status: ACTIVE, BUILD, FAILED, MODIFYING, … */
    declare readonly status: pulumi.Output<string>;
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

    constructor(name: string, args: GaussDbInstanceArgs, opts: GaussDbInstanceOptions = {}) {
        const { props, options } = lifecycleResourceArgs(name, args as unknown as Record<string, unknown> | undefined, opts, {
            typeToken: GAUSSDB_INSTANCE_TYPE,
            outputs: ["instanceName", "status", "privateIps", "pendingJob", "failedJob", "port", "name", "flavorRef", "volume", "region", "password"],
            secretInputs: ["password"],
        });
        super(shim, name, props, options, "otc-jobs", "GaussDbInstance");
    }

    /**
     * An existing instance, read by id (refreshed by `pulumi refresh`, never changed or deleted by this stack). To
     * manage an existing instance instead, create the resource with `adoptInstanceId`.
     */
    static get(name: string, id: pulumi.Input<pulumi.ID>, opts: pulumi.CustomResourceOptions = {}): GaussDbInstance {
        return new GaussDbInstance(name, undefined as unknown as GaussDbInstanceArgs, { ...opts, id });
    }
}
