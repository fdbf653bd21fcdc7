import type { LifecycleResourceOptions } from "../lifecycle/lifecycle-resource";
import type * as pulumi from "@pulumi/pulumi";

/** High availability of an openGauss instance. */
export interface GaussDbHaArgs {
    /** `enterprise` (distributed) or `centralization_standard` (primary/standby). Changing it replaces the instance. */
    mode: pulumi.Input<"enterprise" | "centralization_standard">;
    /** `strong` or `eventual` (distributed instances). Default: OTC's (`strong`). Replaces on change. */
    consistency?: pulumi.Input<"strong" | "eventual">;
    /** Only `sync` exists today. Replaces on change. */
    replicationMode?: pulumi.Input<"sync">;
}

/** Storage of an openGauss instance. */
export interface GaussDbVolumeArgs {
    /** Disk type, e.g. `ULTRAHIGH` (default). Replaces on change. */
    type?: pulumi.Input<string>;
    /** GB, 40 to 16,000. Can grow in place (an `EnlargeGaussDBV5Volume` job); a smaller value is rejected at preview. */
    size: pulumi.Input<number>;
}

/** The arguments of a {@link GaussDbInstance}. */
export interface GaussDbInstanceArgs {
    /**
     * Name prefix of the OTC instance: 4–55 characters, starting with a letter, then letters, digits, `-`, `_`.
     * The instance is named `<name>-<8 hex>`, the hex being the start of this resource's ownership token (derived
     * from the stack's random key), which lets the next `pulumi up` adopt the instance after an interrupted one
     * (see docs/failures.md, "Ownership"). Default: the Pulumi resource name. Changing it replaces the instance.
     */
    name?: pulumi.Input<string>;
    /**
     * The exact OTC instance name (4–64 characters), for naming rules that allow no suffix. The cost: nothing in an
     * exact name proves that this stack created the instance, so after an interrupted `pulumi up` the next one
     * refuses to continue with the instance it finds and tells you to take it over with `adoptInstanceId`.
     * Replaces the instance on change.
     */
    instanceName?: pulumi.Input<string>;
    /**
     * Take over this existing instance (its id) instead of creating one: `pulumi import` cannot serve dynamic
     * resources, so this is how an instance made elsewhere comes under management. Its immutable properties (VPC,
     * subnet, security group, AZs, HA mode, engine version, volume type, port, region) must match the program; the
     * next `pulumi up` then applies the in-place ones (flavor, size, password). From then on `pulumi destroy`
     * deletes it. Only read when the resource is created.
     */
    adoptInstanceId?: pulumi.Input<string>;
    /** Flavor (spec code), e.g. `gaussdb.opengauss.ee.dn.m6.2xlarge.8.in`. Changes in place (a `ResizeGaussDBV5Flavor` job). */
    flavorRef: pulumi.Input<string>;
    volume: pulumi.Input<GaussDbVolumeArgs>;
    /**
     * Administrator (root) password: 8–32 characters with at least three of upper case, lower case, digits and
     * special characters. Always stored as a secret. Changes in place (reset, no job).
     */
    password: pulumi.Input<string>;
    /** Comma-separated AZ per node, e.g. `eu-de-01,eu-de-01,eu-de-01`. Replaces on change. */
    availabilityZone: pulumi.Input<string>;
    /** Replaces on change. */
    vpcId: pulumi.Input<string>;
    /** Network ID of the subnet. Replaces on change. */
    subnetId: pulumi.Input<string>;
    /** Replaces on change. */
    securityGroupId: pulumi.Input<string>;
    ha: pulumi.Input<GaussDbHaArgs>;
    /** Default: `otc:region` / `OS_REGION_NAME`. Replaces on change. */
    region?: pulumi.Input<string>;
    /** openGauss engine version; default: OTC's latest. Replaces on change. */
    datastoreVersion?: pulumi.Input<string>;
    /** Database port, 1024–39998 except reserved ones; default 8000. Replaces on change. */
    port?: pulumi.Input<number>;
    /**
     * Create the instance as a restore of another one (OTC's "restore to a new DB instance", a
     * `CloneGaussDBV5NewInstance` job that `pulumi up` waits for): from a backup, or from a point in time. The new
     * instance gets the source's engine version and HA mode (`ha` and `datastoreVersion` must match them), and at
     * least its volume size. Only read when the instance is created: a different restore point replaces the
     * instance; removing `restoreFrom` keeps it.
     */
    restoreFrom?: pulumi.Input<GaussDbRestoreFromArgs>;
}

/** Where a restored {@link GaussDbInstance} takes its data from: exactly one of `backupId` and `restoreTime`. */
export interface GaussDbRestoreFromArgs {
    /** The id of the source instance (the backed-up one). */
    instanceId: pulumi.Input<string>;
    /** A backup of the source instance, e.g. a `GaussDbBackup`'s `backupId`. Its status must be COMPLETED. */
    backupId?: pulumi.Input<string>;
    /** A point in time, in milliseconds since the UNIX epoch (UTC), within the source's restorable time range. */
    restoreTime?: pulumi.Input<number>;
}

/** Resource options of a {@link GaussDbInstance}: Pulumi's, plus what happens to an instance whose create job failed. */
export type GaussDbInstanceOptions = LifecycleResourceOptions;
