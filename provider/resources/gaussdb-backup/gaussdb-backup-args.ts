import type * as pulumi from "@pulumi/pulumi";
import type { LifecycleResourceOptions } from "../lifecycle/lifecycle-resource";

/** The arguments of a {@link GaussDbBackup}. A backup cannot change: changing any argument replaces it. */
export interface GaussDbBackupArgs {
    /** The id of the GaussDB (openGauss) instance to back up, e.g. a `GaussDbInstance`'s `id`. Replaces on change. */
    instanceId: pulumi.Input<string>;
    /**
     * Name prefix of the backup: 4–55 characters, starting with a letter, then letters, digits, `-`, `_`. The
     * backup is named `<name>-<8 hex>`, the hex being the start of this resource's ownership token (derived from
     * the stack's random key), which lets the next `pulumi up` adopt the backup after an interrupted one instead of
     * making a second one. Default: the Pulumi resource name. Replaces on change.
     */
    name?: pulumi.Input<string>;
    /** At most 256 characters, none of `>!<"&'=`. Replaces on change. */
    description?: pulumi.Input<string>;
    /** Default: `otc:region` / `OS_REGION_NAME`. Replaces on change. */
    region?: pulumi.Input<string>;
}

/**
 * Resource options of a {@link GaussDbBackup}: Pulumi's, plus `keepFailedInstance` (here: keep a backup whose job
 * failed, recorded in state, instead of deleting it). Default `customTimeouts`: create 120 min, delete 45 min.
 */
export type GaussDbBackupOptions = LifecycleResourceOptions;
