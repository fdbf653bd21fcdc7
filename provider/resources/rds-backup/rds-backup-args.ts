import type * as pulumi from "@pulumi/pulumi";
import type { LifecycleResourceOptions } from "../lifecycle/lifecycle-resource";

/** The arguments of an {@link RdsBackup}. */
export interface RdsBackupArgs {
    /** The id of the RDS instance to back up, e.g. an {@link RdsInstance}'s `id`. Replaces the backup on change. */
    instanceId: pulumi.Input<string>;
    /**
     * Name prefix of the backup: 4–55 characters, starting with a letter, then letters, digits, `-`, `_`. The backup
     * is named `<name>-<8 hex>` (the ownership suffix, as for instances), so that the next `pulumi up` adopts a backup
     * an interrupted one started. RDS backup names must be unique. Default: the Pulumi resource name. Replaces on change.
     */
    name?: pulumi.Input<string>;
    /** An exact backup name (4–64 characters) instead; an interrupted create can then only be taken over with `adoptInstanceId`. */
    instanceName?: pulumi.Input<string>;
    /** At most 256 characters, none of `>!<"&'=`. Replaces the backup on change (RDS cannot change it). */
    description?: pulumi.Input<string>;
    /** Take over this existing manual backup (`<instance id>/<backup id>`) instead of creating one. */
    adoptInstanceId?: pulumi.Input<string>;
    /** Default: `otc:region` / `OS_REGION_NAME`. Replaces on change. */
    region?: pulumi.Input<string>;
}

/** Resource options of an {@link RdsBackup}: Pulumi's, plus whether a failed backup is kept for inspection. */
export type RdsBackupOptions = LifecycleResourceOptions;
