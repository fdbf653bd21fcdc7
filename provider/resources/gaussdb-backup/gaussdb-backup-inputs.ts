import { z } from "zod";
import { lifecycleInputsShape } from "../lifecycle/lifecycle-inputs";

// What the provider receives (after the resource class has filled in `name`, `ownerUrn`, `ownership`, `timeouts`
// and `keepFailedInstance`). Limits from the API reference ("Creating a Manual Backup"): a name of 4 to 64
// characters (the engine's name rule), a description of at most 256 characters without >!<"&'=.

export const gaussDbBackupInputsSchema = z.object({
    ...lifecycleInputsShape,
    instanceId: z.string({ message: "must be the id of a GaussDB instance" }).min(1, { message: "must not be empty" }),
    description: z
        .string({ message: "must be a string" })
        .max(256, { message: "must be at most 256 characters" })
        .refine((text) => !/[>!<"&'=]/.test(text), { message: "must not contain any of >!<\"&'=" })
        .optional(),
});

export type GaussDbBackupInputs = z.infer<typeof gaussDbBackupInputsSchema>;
