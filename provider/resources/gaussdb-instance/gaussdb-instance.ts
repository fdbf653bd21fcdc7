import * as pulumi from "@pulumi/pulumi";
import type { FailedJob, PendingJob } from "../lifecycle/job-records";
import { OwnershipToken } from "../ownership-token/ownership-token";
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
        const { keepFailedInstance, ...resourceOptions } = opts;
        let props: pulumi.Inputs = {};
        if (!opts.id) {
            // Written to the state before this resource's create starts: the proof an interrupted create is ours.
            const owner = new OwnershipToken(`${name}-ownership`, { ...(opts.parent ? { parent: opts.parent } : {}) });
            props = {
                ...args,
                ...(args.instanceName === undefined ? { name: args.name ?? name } : {}),
                password: pulumi.secret(args.password),
                ownerUrn: pulumi.createUrn(name, GAUSSDB_INSTANCE_TYPE, opts.parent),
                ownership: owner.value,
                // The engine neither enforces customTimeouts for dynamic providers nor passes them on.
                timeouts: opts.customTimeouts ?? {},
                keepFailedInstance: keepFailedInstance ?? false,
            };
        }
        for (const output of ["instanceName", "status", "privateIps", "pendingJob", "failedJob", "port", "name", "flavorRef", "volume", "region", "password"]) {
            if (!(output in props)) props[output] = undefined;
        }
        super(shim, name, props, {
            ...resourceOptions,
            additionalSecretOutputs: [...(resourceOptions.additionalSecretOutputs ?? []), "password"],
        }, "otc-jobs", "GaussDbInstance");
    }

    /**
     * An existing instance, read by id (refreshed by `pulumi refresh`, never changed or deleted by this stack). To
     * manage an existing instance instead, create the resource with `adoptInstanceId`.
     */
    static get(name: string, id: pulumi.Input<pulumi.ID>, opts: pulumi.CustomResourceOptions = {}): GaussDbInstance {
        return new GaussDbInstance(name, undefined as unknown as GaussDbInstanceArgs, { ...opts, id });
    }
}
