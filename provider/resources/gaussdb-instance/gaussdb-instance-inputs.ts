import { z } from "zod";
import type { LifecycleOutputs } from "../lifecycle/instance-adapter";
import { lifecycleInputsShape } from "../lifecycle/lifecycle-inputs";

export type { FailedJob, PendingJob } from "../lifecycle/instance-adapter";

// What the provider receives (after the resource class has filled in `name`, `ownerUrn`, `ownership`, `timeouts`
// and `keepFailedInstance`). One schema, used by `check` for one clear failure per bad property.

const passwordClasses = [/[A-Z]/, /[a-z]/, /[0-9]/, /[~!@#%^*\-_=+?,()&$|.]/];

export const gaussDbInstanceInputsSchema = z.object({
    ...lifecycleInputsShape,
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
    datastoreVersion: z.string().min(1).optional(),
    port: z
        .number()
        .int({ message: "must be a whole number" })
        .min(1024, { message: "must be between 1024 and 39998" })
        .max(39998, { message: "must be between 1024 and 39998" })
        .optional(),
});

export type GaussDbInstanceInputs = z.infer<typeof gaussDbInstanceInputsSchema>;

/** What the state records: the inputs, with OTC's actual values where OTC reports them, plus what OTC assigned. */
export type GaussDbInstanceOutputs = GaussDbInstanceInputs & LifecycleOutputs & { privateIps: string[] };
