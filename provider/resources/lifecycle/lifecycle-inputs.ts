import { z } from "zod";
import { parseDurationMs } from "./operation-timeouts";

const duration = z
    .string()
    .refine((text) => parseDurationMs(text) !== undefined, { message: 'must be a duration like "90s", "20m" or "1h30m"' });

const instanceNameRule = z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_-]*$/, { message: "must start with a letter and contain only letters, digits, - and _" })
    .min(4, { message: "must be at least 4 characters" });

/**
 * The engine's own inputs, shared by every instance resource's schema (spread into it). The resource class fills
 * `ownerUrn`, `ownership`, `timeouts` and `keepFailedInstance`; the user gives the rest.
 */
export const lifecycleInputsShape = {
    name: instanceNameRule.optional(),
    instanceName: instanceNameRule.optional(),
    region: z.string().min(1).optional(),
    ownerUrn: z.string().startsWith("urn:pulumi:", { message: "must be the resource URN (set by the resource class)" }),
    ownership: z
        .object({
            token: z.string().regex(/^[0-9a-f]{32}$/, { message: "must be 32 hex digits (set by the resource's OwnershipToken)" }),
            createdAt: z.string().min(1),
        })
        .optional(),
    adoptInstanceId: z.string().min(1, { message: "must not be empty" }).optional(),
    timeouts: z.object({ create: duration.optional(), update: duration.optional(), delete: duration.optional() }).optional(),
    keepFailedInstance: z.boolean().default(false),
};

/** Inputs that only steer the engine: a change is recorded in place, with no request to OTC. */
export const STATE_ONLY_INPUTS = ["timeouts", "keepFailedInstance"] as const;

/** Inputs that matter only when the instance is created (or taken over): never a reason to change it later. */
export const CREATE_ONLY_INPUTS = ["ownership", "ownerUrn", "adoptInstanceId"] as const;
