import * as pulumi from "@pulumi/pulumi";
import type { FailedJob, PendingJob } from "../lifecycle/job-records";
import { lifecycleResourceArgs } from "../lifecycle/lifecycle-resource";
import { createProviderShim } from "../provider-shim";
import type { RdsBackupArgs, RdsBackupOptions } from "./rds-backup-args";

const shim = createProviderShim("rds-backup");

/** The Pulumi type token: `pulumi-nodejs:dynamic/otc-jobs:RdsBackup`. */
export const RDS_BACKUP_TYPE = "pulumi-nodejs:dynamic/otc-jobs:RdsBackup";

/**
 * A manual backup of an RDS instance. `pulumi up` waits until the backup is complete (the instance's backup job, or
 * the backup's status), `pulumi destroy` until it is gone from the backup list. Its Pulumi id is
 * `<instance id>/<backup id>`; restore it into a new instance with `RdsInstance`'s `restoreFrom`. Default
 * `customTimeouts`: create 120 min, delete 45 min, no shorter than the OTC Terraform provider's
 * `opentelekomcloud_rds_backup_v3` (create 60; no delete timeout, so Terraform's default of 20).
 */
export class RdsBackup extends pulumi.dynamic.Resource {
    /** The backup's id at OTC (the part after `/` in the resource id). */
    declare readonly backupId: pulumi.Output<string>;
    declare readonly instanceId: pulumi.Output<string>;
    /** The OTC backup name: `<name>-<ownership suffix>`, or `instanceName`. */
    declare readonly instanceName: pulumi.Output<string>;
    declare readonly name: pulumi.Output<string>;
    /** BUILDING, COMPLETED, FAILED, DELETING. */
    declare readonly status: pulumi.Output<string>;
    /** Size in kB, as RDS reports it. */
    declare readonly size: pulumi.Output<number | undefined>;
    /** ISO 8601. */
    declare readonly beginTime: pulumi.Output<string | undefined>;
    /** ISO 8601, once the backup has ended. */
    declare readonly endTime: pulumi.Output<string | undefined>;
    declare readonly description: pulumi.Output<string | undefined>;
    declare readonly pendingJob: pulumi.Output<PendingJob | undefined>;
    declare readonly failedJob: pulumi.Output<FailedJob | undefined>;

    constructor(name: string, args: RdsBackupArgs, opts: RdsBackupOptions = {}) {
        const { props, options } = lifecycleResourceArgs(name, args as unknown as Record<string, unknown> | undefined, opts, {
            typeToken: RDS_BACKUP_TYPE,
            outputs: [
                "backupId", "instanceId", "instanceName", "name", "status", "size", "beginTime", "endTime", "description",
                "pendingJob", "failedJob",
            ],
            secretInputs: [],
        });
        super(shim, name, props, options, "otc-jobs", "RdsBackup");
    }

    /** An existing backup, read by `<instance id>/<backup id>` (never changed or deleted by this stack). */
    static get(name: string, id: pulumi.Input<pulumi.ID>, opts: pulumi.CustomResourceOptions = {}): RdsBackup {
        return new RdsBackup(name, undefined as unknown as RdsBackupArgs, { ...opts, id });
    }
}
