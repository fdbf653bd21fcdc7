import type * as pulumi from "@pulumi/pulumi";
import type { LifecycleResourceOptions } from "../lifecycle/lifecycle-resource";

/** Storage of an RDS instance. */
export interface RdsVolumeArgs {
    /** Disk type: `CLOUDSSD` (default), `ESSD`, or the older `ULTRAHIGH`, `HIGH`, `COMMON` where offered. Replaces on change. */
    type?: pulumi.Input<"CLOUDSSD" | "ESSD" | "ULTRAHIGH" | "HIGH" | "COMMON">;
    /**
     * GB, 40 to 4000, a multiple of 10. Can grow in place (an enlarge job, in 10 GB steps); a smaller value is
     * rejected at preview.
     */
    size: pulumi.Input<number>;
}

/** Primary/standby (HA) deployment of an RDS instance. Adding or removing it replaces the instance. */
export interface RdsHaArgs {
    /** MySQL: `async` or `semisync`; PostgreSQL: `async` or `sync`; SQL Server: `sync`. Replaces on change. */
    replicationMode: pulumi.Input<"async" | "semisync" | "sync">;
}

/**
 * Where a new instance's data comes from: a manual or automated backup (`backupId`, e.g. an {@link RdsBackup}'s
 * `backupId`), or a point in time of an instance (`restoreTime`). Exactly one of the two. The new instance takes the
 * source's engine. Only read at creation: changing it replaces the instance, removing it changes nothing.
 */
export interface RdsRestoreFromArgs {
    /** The source instance (the backup's instance, or the instance whose point in time is restored). */
    instanceId: pulumi.Input<string>;
    /** A backup of `instanceId`. */
    backupId?: pulumi.Input<string>;
    /** ISO 8601 with a zone, e.g. `2026-11-30T12:00:00Z`, within the source's restorable time range. */
    restoreTime?: pulumi.Input<string>;
}

/** The arguments of an {@link RdsInstance}. */
export interface RdsInstanceArgs {
    /**
     * Name prefix of the OTC instance: 4–55 characters, starting with a letter, then letters, digits, `-`, `_`.
     * The instance is named `<name>-<8 hex>`, the hex being the start of this resource's ownership token (derived
     * from the stack's random key), which lets the next `pulumi up` adopt the instance after an interrupted one
     * (see docs/failures.md, "Ownership"). Default: the Pulumi resource name. Changing it replaces the instance.
     */
    name?: pulumi.Input<string>;
    /**
     * The exact OTC instance name (4–64 characters), for naming rules that allow no suffix. Nothing in an exact name
     * proves that this stack created the instance, so after an interrupted `pulumi up` the next one refuses to continue
     * with the instance it finds and tells you to take it over with `adoptInstanceId`. Replaces the instance on change.
     */
    instanceName?: pulumi.Input<string>;
    /**
     * Take over this existing instance (its id) instead of creating one. Its immutable properties (engine, version,
     * network, AZs, HA, volume type, port, region) must match the program; the next `pulumi up` then applies the
     * in-place ones (flavor, size, password). From then on `pulumi destroy` deletes it. Only read when the resource is
     * created.
     */
    adoptInstanceId?: pulumi.Input<string>;
    /** `MySQL`, `PostgreSQL` or `SQLServer`. Replaces on change. */
    engine: pulumi.Input<"MySQL" | "PostgreSQL" | "SQLServer">;
    /** Engine version as RDS spells it: `8.0` (MySQL), `16` (PostgreSQL), `2019_SE` (SQL Server). Replaces on change. */
    engineVersion: pulumi.Input<string>;
    /**
     * Flavor (spec code), e.g. `rds.mysql.n1.large.2`; primary/standby flavors end in `.ha`. Changes in place (a resize
     * job, which interrupts the service for minutes).
     */
    flavorRef: pulumi.Input<string>;
    volume: pulumi.Input<RdsVolumeArgs>;
    /**
     * Root (or `rdsuser`) password: 8–32 characters with at least three of upper case, lower case, digits and the
     * engine's special characters (MySQL `~!@#$%^*-_=+?,()&`, PostgreSQL `~!@#$%^*-_=+?,`, SQL Server `~!@#$%^*-_+?,`).
     * Always stored as a secret. Changes in place (a reset, no job).
     */
    password: pulumi.Input<string>;
    /** One AZ for a single instance, two (primary, standby) with `ha`, e.g. `["eu-de-01", "eu-de-02"]`. Replaces on change. */
    availabilityZones: pulumi.Input<pulumi.Input<string>[]>;
    /** Replaces on change. */
    vpcId: pulumi.Input<string>;
    /** Network ID of the subnet. Replaces on change. */
    subnetId: pulumi.Input<string>;
    /** Replaces on change. */
    securityGroupId: pulumi.Input<string>;
    /** Primary/standby deployment; absent: a single instance. Replaces on change. */
    ha?: pulumi.Input<RdsHaArgs>;
    /**
     * Database port. MySQL 1024–65535 except 12017 and 33071 (default 3306), PostgreSQL 2100–9500 (default 5432),
     * SQL Server 1433 or 2100–9500 except 5355 and 5985 (default 1433). Replaces on change.
     */
    port?: pulumi.Input<number>;
    /** Default: `otc:region` / `OS_REGION_NAME`. Replaces on change. */
    region?: pulumi.Input<string>;
    /** Create the instance from a backup or a point in time of another instance (a restore job instead of a create job). */
    restoreFrom?: pulumi.Input<RdsRestoreFromArgs>;
}

/** Resource options of an {@link RdsInstance}: Pulumi's, plus what happens to an instance whose create job failed. */
export type RdsInstanceOptions = LifecycleResourceOptions;
