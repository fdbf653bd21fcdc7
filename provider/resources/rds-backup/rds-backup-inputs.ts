import { z } from "zod";
import { lifecycleInputsShape } from "../lifecycle/lifecycle-inputs";

// What the provider receives for an RdsBackup (after the resource class has filled in the engine's own fields).
// Limits from "Creating a Manual Backup".

export const rdsBackupInputsSchema = z.object({
    ...lifecycleInputsShape,
    instanceId: z.string({ message: "must be the id of an RDS instance" }).min(1, { message: "must not be empty" }),
    description: z
        .string()
        .max(256, { message: "must be at most 256 characters" })
        .refine((d) => !/[>!<"&'=]/.test(d), { message: `must not contain any of >!<"&'=` })
        .optional(),
});

export type RdsBackupInputs = z.infer<typeof rdsBackupInputsSchema>;
