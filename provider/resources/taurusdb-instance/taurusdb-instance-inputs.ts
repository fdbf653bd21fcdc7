import { z } from "zod";
import type { LifecycleOutputs } from "../lifecycle/instance-adapter";
import { lifecycleInputsShape } from "../lifecycle/lifecycle-inputs";

// What the provider receives (after the resource class filled in the engine's own fields). One schema, used by
// `check` for one clear failure per bad property, before any request.

// Limits from the TaurusDB API reference ("Creating a DB Instance"): password classes and special characters,
// "a maximum of nine read replicas can be created at a time". UNVERIFIED: 15 read replicas per instance at most
// (TaurusDB's product limit; the API reference states none).
export const MAX_REPLICAS_AT_CREATE = 9;
export const MAX_REPLICAS = 15;
const passwordClasses = [/[A-Z]/, /[a-z]/, /[0-9]/, /[~!@#$%^*\-_=+?,()&]/];

export const taurusDbInstanceInputsSchema = z
    .object({
        ...lifecycleInputsShape,
        flavorRef: z
            .string()
            .regex(/^gaussdb\.mysql\.[a-z0-9]+(\.[a-z0-9]+)+$/, { message: 'must be a TaurusDB spec code, e.g. "gaussdb.mysql.xlarge.x86.8"' }),
        datastoreVersion: z
            .string()
            .regex(/^\d+\.\d+$/, { message: 'must be a TaurusDB DB version like "8.0"' })
            .default("8.0"),
        // Messages about the password never quote it.
        password: z
            .string({ message: "must be a string" })
            .min(8, { message: "must be at least 8 characters" })
            .max(32, { message: "must be at most 32 characters" })
            .refine((p) => passwordClasses.filter((re) => re.test(p)).length >= 3, {
                message: "must contain at least three of: upper case, lower case, digits, special characters (~!@#$%^*-_=+?,()&)",
            }),
        availabilityZoneMode: z.enum(["single", "multi"], { message: 'must be "single" or "multi"' }).default("single"),
        masterAvailabilityZone: z
            .string()
            .regex(/^[a-z0-9-]+$/, { message: 'must be one AZ name, e.g. "eu-de-01"' })
            .optional(),
        vpcId: z.string().min(1, { message: "must not be empty" }),
        subnetId: z.string().min(1, { message: "must not be empty" }),
        securityGroupId: z.string().min(1, { message: "must not be empty" }).optional(),
        readReplicas: z
            .number({ message: "must be a number of read replicas" })
            .int({ message: "must be a whole number" })
            .min(1, { message: "must be at least 1 (a TaurusDB instance keeps at least one read replica)" })
            .max(MAX_REPLICAS, { message: `must be at most ${MAX_REPLICAS}` })
            .default(1),
    })

export type TaurusDbInstanceInputs = z.infer<typeof taurusDbInstanceInputsSchema>;

/** What the state records: the inputs, with OTC's actual values where OTC reports them, plus what OTC assigned. */
export type TaurusDbInstanceOutputs = TaurusDbInstanceInputs & LifecycleOutputs & { privateWriteIps: string[]; nodes: unknown[]; port?: number };
