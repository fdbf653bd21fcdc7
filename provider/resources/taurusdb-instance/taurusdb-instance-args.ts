import type * as pulumi from "@pulumi/pulumi";
import type { LifecycleResourceOptions } from "../lifecycle/lifecycle-resource";

/** A read replica (or the primary) of a {@link TaurusDbInstance}, as OTC reports it. */
export interface TaurusDbNode {
    id: string;
    name: string;
    /** `master` (the primary) or `slave` (a read replica). */
    type: string;
    /** ACTIVE, BUILD, DELETING, … */
    status: string;
    availabilityZone?: string;
    privateReadIps: string[];
}

/** The arguments of a {@link TaurusDbInstance}. */
export interface TaurusDbInstanceArgs {
    /**
     * Name prefix of the OTC instance: 4–55 characters, starting with a letter, then letters, digits, `-`, `_`.
     * The instance is named `<name>-<8 hex>`, the hex being the start of this resource's ownership token (derived
     * from the stack's random key), which lets the next `pulumi up` adopt the instance after an interrupted one
     * (see docs/failures.md, "Ownership"). Default: the Pulumi resource name. Changing it replaces the instance.
     */
    name?: pulumi.Input<string>;
    /**
     * The exact OTC instance name (4–64 characters), for naming rules that allow no suffix. Nothing in an exact name
     * proves that this stack created the instance, so after an interrupted `pulumi up` the next one refuses to
     * continue with the instance it finds and tells you to take it over with `adoptInstanceId`. Replaces on change.
     */
    instanceName?: pulumi.Input<string>;
    /**
     * Take over this existing instance (its id) instead of creating one. Its immutable properties (VPC, subnet,
     * security group, AZ mode and primary AZ, DB version, region) must match the program; the next `pulumi up`
     * then applies the in-place ones (flavor, read replicas, password). Only read when the resource is created.
     */
    adoptInstanceId?: pulumi.Input<string>;
    /**
     * Flavor (spec code) of every node, e.g. `gaussdb.mysql.xlarge.x86.8`. Changes in place (a
     * `ResizeGaussDBforMySQLFlavor` job).
     */
    flavorRef: pulumi.Input<string>;
    /** TaurusDB (MySQL) version, e.g. `8.0` (the default). Replaces on change. */
    datastoreVersion?: pulumi.Input<string>;
    /**
     * Administrator (root) password: 8–32 characters with at least three of upper case, lower case, digits and
     * special characters (`~!@#$%^*-_=+?,()&`). Always stored as a secret. Changes in place (reset, no job).
     */
    password: pulumi.Input<string>;
    /** `single` (default: every node in one AZ) or `multi`. Replaces on change. */
    availabilityZoneMode?: pulumi.Input<"single" | "multi">;
    /** The primary's AZ, e.g. `eu-de-01`: required with `multi`, not allowed with `single`. Replaces on change. */
    masterAvailabilityZone?: pulumi.Input<string>;
    /** Replaces on change. */
    vpcId: pulumi.Input<string>;
    /** Network ID of the subnet. Replaces on change. */
    subnetId: pulumi.Input<string>;
    /** Optional when the subnet's network ACL is enabled. Replaces on change. */
    securityGroupId?: pulumi.Input<string>;
    /**
     * Number of read replicas, 1–15 (at most 9 when the instance is created); default 1. Changes in place: more
     * are added in one request (an `AddGaussDBforMySQLNodes` job per replica, all waited for), fewer are removed one
     * node at a time (a `DeleteGaussDBforMySQLNode` job each), the newest first.
     */
    readReplicas?: pulumi.Input<number>;
    /** Default: `otc:region` / `OS_REGION_NAME`. Replaces on change. */
    region?: pulumi.Input<string>;
}

/**
 * Resource options of a {@link TaurusDbInstance}: Pulumi's, plus what happens to an instance whose create job failed.
 * Default `customTimeouts`: create 120 min, update 150 min, delete 45 min (the OTC Terraform provider's TaurusDB
 * resource: 60, 60 and 30).
 */
export type TaurusDbInstanceOptions = LifecycleResourceOptions;
