import * as pulumi from "@pulumi/pulumi";
import type { FailedJob, PendingJob } from "../lifecycle/job-records";
import { lifecycleResourceArgs } from "../lifecycle/lifecycle-resource";
import { createProviderShim } from "../provider-shim";
import type { GaussDbBackupArgs, GaussDbBackupOptions } from "./gaussdb-backup-args";

const shim = createProviderShim("gaussdb-backup");

/** The Pulumi type token: `pulumi-nodejs:dynamic/otc-jobs:GaussDbBackup`. */
export const GAUSSDB_BACKUP_TYPE = "pulumi-nodejs:dynamic/otc-jobs:GaussDbBackup";

/**
 * A manual backup of a GaussDB (openGauss) instance on Open Telekom Cloud. `pulumi up` waits for the backup job
 * (`BackupSnapshotGaussDBV5InInstance`), prints its progress and fails with OTC's own `fail_reason` (deleting the
 * failed backup); an interrupted `pulumi up` is picked up by the next one, which adopts the backup it made.
 * `pulumi destroy` deletes the backup and waits until it is gone. Restore it into a new instance with
 * `GaussDbInstance`'s `restoreFrom: { instanceId, backupId }`. Default deadlines (`customTimeouts`): create 120 min
 * (the Terraform provider for openGauss backups waits 60 min), delete 45 min.
 */
export class GaussDbBackup extends pulumi.dynamic.Resource {
    /** The OTC backup id (also the resource id). */
    declare readonly backupId: pulumi.Output<string>;
    /** The OTC backup name: `<name>-<ownership suffix>`. */
    declare readonly backupName: pulumi.Output<string>;
    declare readonly instanceId: pulumi.Output<string>;
    declare readonly name: pulumi.Output<string>;
    declare readonly description: pulumi.Output<string | undefined>;
    /** OTC status: COMPLETED (BUILDING while the job runs, FAILED when it failed). */
    declare readonly status: pulumi.Output<string>;
    /** Backup size in MB, as OTC reports it. */
    declare readonly size: pulumi.Output<number>;
    /** When the backup began, as OTC reports it (`2024-06-01T12:00:00+0000`). */
    declare readonly beginTime: pulumi.Output<string | undefined>;
    /** When the backup ended, as OTC reports it. */
    declare readonly endTime: pulumi.Output<string | undefined>;
    declare readonly region: pulumi.Output<string>;
    /** Set while the backup job outlived its deadline; the next `pulumi up` resumes waiting for it. */
    declare readonly pendingJob: pulumi.Output<PendingJob | undefined>;
    /** Set when a failed backup was kept (`keepFailedInstance`). */
    declare readonly failedJob: pulumi.Output<FailedJob | undefined>;

    constructor(name: string, args: GaussDbBackupArgs, opts: GaussDbBackupOptions = {}) {
        const { props, options } = lifecycleResourceArgs(name, args as unknown as Record<string, unknown> | undefined, opts, {
            typeToken: GAUSSDB_BACKUP_TYPE,
            outputs: ["backupId", "backupName", "instanceId", "name", "description", "status", "size", "beginTime", "endTime", "region", "pendingJob", "failedJob"],
            secretInputs: [],
        });
        super(shim, name, props, options, "otc-jobs", "GaussDbBackup");
    }

    /** An existing backup, read by id (refreshed by `pulumi refresh`, never deleted by this stack). */
    static get(name: string, id: pulumi.Input<pulumi.ID>, opts: pulumi.CustomResourceOptions = {}): GaussDbBackup {
        return new GaussDbBackup(name, undefined as unknown as GaussDbBackupArgs, { ...opts, id });
    }
}
