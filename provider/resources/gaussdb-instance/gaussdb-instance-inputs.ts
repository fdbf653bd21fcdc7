import { z } from "zod";
import type { LifecycleOutputs } from "../lifecycle/instance-adapter";
import { lifecycleInputsShape } from "../lifecycle/lifecycle-inputs";

export type { FailedJob, PendingJob } from "../lifecycle/instance-adapter";

// What the provider receives (after the resource class has filled in `name`, `ownerUrn`, `ownership`, `timeouts`
// and `keepFailedInstance`). One schema, used by `check` for one clear failure per bad property.

const passwordClasses = [/[A-Z]/, /[a-z]/, /[0-9]/, /[~!@#%^*\-_=+?,()&$|.]/];

// Limits from the GaussDB (openGauss) API reference ("Creating a DB Instance"): volume in steps of 40 GB per
// shard, three AZ entries (one AZ three times, or three different AZs), ports the service reserves.
export const VOLUME_STEP_GB = 40;
export const RESERVED_PORTS: readonly number[] = [
    2378, 2379, 2380, 4999, 5000, 5999, 6000, 6001, 8097, 8098, 12016, 12017, 20049, 20050, 21731, 21732, 32122, 32123, 32124,
];

function azRule(value: string): boolean {
    const zones = value.split(",");
    return zones.length === 3 && (new Set(zones).size === 1 || new Set(zones).size === 3);
}

export const gaussDbInstanceInputsSchema = z.object({
    ...lifecycleInputsShape,
    flavorRef: z
        .string()
        .regex(/^gaussdb\.opengauss\.[a-z0-9]+(\.[a-z0-9]+)+$/, { message: 'must be an openGauss spec code, e.g. "gaussdb.opengauss.ee.dn.m6.2xlarge.8.in"' }),
    volume: z.object({
        type: z.enum(["ULTRAHIGH"], { message: 'must be "ULTRAHIGH" (the only disk type openGauss offers)' }).default("ULTRAHIGH"),
        size: z
            .number({ message: "must be a number of GB" })
            .int({ message: "must be a whole number of GB" })
            .min(40, { message: "must be at least 40 GB" })
            .max(16_000, { message: "must be at most 16000 GB" })
            .multipleOf(VOLUME_STEP_GB, { message: `must be a multiple of ${VOLUME_STEP_GB} GB (OTC allocates 40 GB steps per shard)` }),
    }),
    // Messages about the password never quote it.
    password: z
        .string({ message: "must be a string" })
        .min(8, { message: "must be at least 8 characters" })
        .max(32, { message: "must be at most 32 characters" })
        .refine((p) => passwordClasses.filter((re) => re.test(p)).length >= 3, {
            message: "must contain at least three of: upper case, lower case, digits, special characters (~!@#%^*-_=+?,()&$|.)",
        }),
    availabilityZone: z
        .string()
        .regex(/^[a-z0-9-]+(,[a-z0-9-]+)*$/, { message: 'must be AZ names separated by commas, e.g. "eu-de-01,eu-de-01,eu-de-01"' })
        .refine(azRule, { message: 'must name three AZs, all the same or all different, e.g. "eu-de-01,eu-de-01,eu-de-01" or "eu-de-01,eu-de-02,eu-de-03"' }),
    vpcId: z.string().min(1, { message: "must not be empty" }),
    subnetId: z.string().min(1, { message: "must not be empty" }),
    securityGroupId: z.string().min(1, { message: "must not be empty" }),
    ha: z.object({
        mode: z.enum(["enterprise", "centralization_standard"], { message: 'must be "enterprise" or "centralization_standard"' }),
        consistency: z.enum(["strong", "eventual"], { message: 'must be "strong" or "eventual"' }).optional(),
        replicationMode: z.enum(["sync"], { message: 'must be "sync"' }).optional(),
    }),
    datastoreVersion: z
        .string()
        .regex(/^\d+\.\d+$/, { message: 'must be an openGauss engine version like "3.208" (see OTC\'s engine version list)' })
        .optional(),
    port: z
        .number()
        .int({ message: "must be a whole number" })
        .min(1024, { message: "must be between 1024 and 39998" })
        .max(39998, { message: "must be between 1024 and 39998" })
        .refine((port) => !RESERVED_PORTS.includes(port), { message: `must not be a port openGauss reserves (${RESERVED_PORTS.join(", ")})` })
        .optional(),
    // A restore into a new instance ("Restoring Data to a New DB Instance"): a backup of the source, or a point in time.
    restoreFrom: z
        .object({
            instanceId: z.string({ message: "must be the id of the source instance" }).min(1, { message: "must not be empty" }),
            backupId: z.string({ message: "must be a backup id" }).min(1, { message: "must not be empty" }).optional(),
            restoreTime: z
                .number({ message: "must be a number: a UNIX time in milliseconds" })
                .int({ message: "must be a whole number of milliseconds since the UNIX epoch" })
                .positive({ message: "must be a UNIX time in milliseconds" })
                .optional(),
        })
        .refine((point) => (point.backupId === undefined) !== (point.restoreTime === undefined), {
            message: "must give exactly one of backupId (restore a backup) and restoreTime (restore a point in time)",
        })
        .optional(),
});

export type GaussDbInstanceInputs = z.infer<typeof gaussDbInstanceInputsSchema>;
export type GaussDbRestoreFrom = NonNullable<GaussDbInstanceInputs["restoreFrom"]>;

/** What the state records: the inputs, with OTC's actual values where OTC reports them, plus what OTC assigned. */
export type GaussDbInstanceOutputs = GaussDbInstanceInputs & LifecycleOutputs & { privateIps: string[] };
