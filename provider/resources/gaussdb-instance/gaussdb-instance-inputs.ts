import { z } from "zod";
import { parseDurationMs } from "../lifecycle/operation-timeouts";
import { OWNERSHIP_SUFFIX_LENGTH } from "../lifecycle/ownership";

/** OTC allows instance names of 64 characters; the ownership marker takes the rest. */
const MAX_PREFIX_LENGTH = 64 - OWNERSHIP_SUFFIX_LENGTH;

// What the provider receives (after the resource class has filled in `name`, `ownerUrn`, `timeouts` and
// `keepFailedInstance`). One schema, used by `check` for one clear failure per bad property.

const duration = z
    .string()
    .refine((text) => parseDurationMs(text) !== undefined, { message: 'must be a duration like "90s", "20m" or "1h30m"' });

const passwordClasses = [/[A-Z]/, /[a-z]/, /[0-9]/, /[~!@#%^*\-_=+?,()&$|.]/];

export const gaussDbInstanceInputsSchema = z.object({
    name: z
        .string()
        .regex(/^[A-Za-z][A-Za-z0-9_-]*$/, { message: "must start with a letter and contain only letters, digits, - and _" })
        .min(4, { message: "must be at least 4 characters" })
        .max(MAX_PREFIX_LENGTH, {
            message: `must be at most ${MAX_PREFIX_LENGTH} characters (${OWNERSHIP_SUFFIX_LENGTH} more are taken by the ownership marker)`,
        }),
    flavorRef: z.string().min(1, { message: "must not be empty" }),
    volume: z.object({
        type: z.string().min(1).default("ULTRAHIGH"),
        size: z
            .number({ message: "must be a number of GB" })
            .int({ message: "must be a whole number of GB" })
            .min(40, { message: "must be at least 40 GB" })
            .max(16_000, { message: "must be at most 16000 GB" }),
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
        .regex(/^[a-z0-9-]+(,[a-z0-9-]+)*$/, { message: 'must be AZ names separated by commas, e.g. "eu-de-01,eu-de-01,eu-de-01"' }),
    vpcId: z.string().min(1, { message: "must not be empty" }),
    subnetId: z.string().min(1, { message: "must not be empty" }),
    securityGroupId: z.string().min(1, { message: "must not be empty" }),
    ha: z.object({
        mode: z.enum(["enterprise", "centralization_standard"], { message: 'must be "enterprise" or "centralization_standard"' }),
        consistency: z.enum(["strong", "eventual"], { message: 'must be "strong" or "eventual"' }).optional(),
        replicationMode: z.enum(["sync"], { message: 'must be "sync"' }).optional(),
    }),
    region: z.string().min(1).optional(),
    datastoreVersion: z.string().min(1).optional(),
    port: z
        .number()
        .int({ message: "must be a whole number" })
        .min(1024, { message: "must be between 1024 and 39998" })
        .max(39998, { message: "must be between 1024 and 39998" })
        .optional(),
    ownerUrn: z.string().startsWith("urn:pulumi:", { message: "must be the resource URN (set by GaussDbInstance)" }),
    timeouts: z.object({ create: duration.optional(), update: duration.optional(), delete: duration.optional() }).optional(),
    keepFailedInstance: z.boolean().default(false),
});

export type GaussDbInstanceInputs = z.infer<typeof gaussDbInstanceInputsSchema>;

/** A job this resource submitted and was still waiting for when its deadline passed. */
export interface PendingJob {
    id: string;
    name: string;
    /** ISO time of the submission. */
    submittedAt: string;
}

/** The create job that failed, when the failed instance was kept. */
export interface FailedJob {
    id: string;
    name: string;
    failReason: string;
}

/** What the state records: the inputs, with OTC's actual values where OTC reports them, plus what OTC assigned. */
export interface GaussDbInstanceOutputs extends GaussDbInstanceInputs {
    /** The OTC instance name: `<name>-<ownership marker>`. */
    instanceName: string;
    /** OTC's status: ACTIVE, BUILD, FAILED, MODIFYING, … */
    status: string;
    privateIps: string[];
    pendingJob?: PendingJob;
    failedJob?: FailedJob;
}
