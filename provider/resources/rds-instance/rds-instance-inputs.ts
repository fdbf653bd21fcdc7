import { z } from "zod";
import type { LifecycleOutputs } from "../lifecycle/instance-adapter";
import { lifecycleInputsShape } from "../lifecycle/lifecycle-inputs";
import type { RdsEngine } from "./rds-api";

export type { FailedJob, PendingJob } from "../lifecycle/instance-adapter";

// What the provider receives (after the resource class has filled in the engine's own fields). One schema, used by
// `check` for one clear failure per bad property. Limits from the RDS v3 API reference ("Creating a DB Instance",
// "Restoring Data to a New DB Instance", "Scaling Up Storage Space of a DB Instance").

export const RDS_ENGINES = ["MySQL", "PostgreSQL", "SQLServer"] as const;
export const RDS_VOLUME_TYPES = ["COMMON", "HIGH", "ULTRAHIGH", "CLOUDSSD", "ESSD"] as const;
export const RDS_VOLUME_STEP_GB = 10;

/** Engine versions as the API spells them (the docs list MySQL 5.7/8.0, PostgreSQL 13–17, SQL Server 2017/2019/2022). */
const VERSION_RULES: Readonly<Record<RdsEngine, { pattern: RegExp; example: string }>> = {
    MySQL: { pattern: /^\d+\.\d+$/, example: '"8.0"' },
    PostgreSQL: { pattern: /^\d+(\.\d+)?$/, example: '"16"' },
    SQLServer: { pattern: /^\d{4}_(SE|EE|WEB)$/, example: '"2019_SE"' },
};
const REPLICATION_MODES: Readonly<Record<RdsEngine, readonly string[]>> = {
    MySQL: ["async", "semisync"],
    PostgreSQL: ["async", "sync"],
    SQLServer: ["sync"],
};
const PASSWORD_SPECIALS: Readonly<Record<RdsEngine, string>> = {
    MySQL: "~!@#$%^*-_=+?,()&",
    PostgreSQL: "~!@#$%^*-_=+?,",
    SQLServer: "~!@#$%^*-_+?,",
};
const PORT_RULES: Readonly<Record<RdsEngine, { allowed: (port: number) => boolean; text: string }>> = {
    MySQL: { allowed: (p) => p >= 1024 && p <= 65535 && p !== 12017 && p !== 33071, text: "1024–65535 except 12017 and 33071" },
    PostgreSQL: { allowed: (p) => p >= 2100 && p <= 9500, text: "2100–9500" },
    SQLServer: { allowed: (p) => p === 1433 || (p >= 2100 && p <= 9500 && p !== 5355 && p !== 5985), text: "1433, or 2100–9500 except 5355 and 5985" },
};

const nonEmpty = z.string({ message: "must be a string" }).min(1, { message: "must not be empty" });

const restoreFromSchema = z.union(
    [
        z.object({ instanceId: nonEmpty, backupId: nonEmpty }).strict(),
        z
            .object({
                instanceId: nonEmpty,
                restoreTime: z.string().refine((t) => /[zZ]|[+-]\d{2}:?\d{2}$/.test(t) && Number.isFinite(Date.parse(t)), {
                    message: 'must be an ISO 8601 time with a zone, e.g. "2026-11-30T12:00:00Z"',
                }),
            })
            .strict(),
    ],
    { message: "must be { instanceId, backupId } or { instanceId, restoreTime }" },
);

export const rdsInstanceInputsSchema = z
    .object({
        ...lifecycleInputsShape,
        engine: z.enum(RDS_ENGINES, { message: `must be one of ${RDS_ENGINES.join(", ")}` }),
        engineVersion: nonEmpty,
        flavorRef: z.string().regex(/^rds\.[a-z0-9]+(\.[a-z0-9]+)+$/, { message: 'must be an RDS spec code, e.g. "rds.mysql.n1.large.2"' }),
        volume: z.object({
            type: z.enum(RDS_VOLUME_TYPES, { message: `must be one of ${RDS_VOLUME_TYPES.join(", ")}` }).default("CLOUDSSD"),
            size: z
                .number({ message: "must be a number of GB" })
                .int({ message: "must be a whole number of GB" })
                .min(40, { message: "must be at least 40 GB" })
                .max(4000, { message: "must be at most 4000 GB" })
                .multipleOf(RDS_VOLUME_STEP_GB, { message: `must be a multiple of ${RDS_VOLUME_STEP_GB} GB` }),
        }),
        // Messages about the password never quote it.
        password: z.string({ message: "must be a string" }).min(8, { message: "must be at least 8 characters" }).max(32, { message: "must be at most 32 characters" }),
        availabilityZones: z.array(nonEmpty, { message: 'must be a list of AZ names, e.g. ["eu-de-01"]' }).min(1, { message: "must name at least one AZ" }),
        vpcId: nonEmpty,
        subnetId: nonEmpty,
        securityGroupId: nonEmpty,
        ha: z.object({ replicationMode: z.enum(["async", "semisync", "sync"], { message: 'must be "async", "semisync" or "sync"' }) }).optional(),
        port: z.number({ message: "must be a number" }).int({ message: "must be a whole number" }).optional(),
        restoreFrom: restoreFromSchema.optional(),
    })
    .superRefine((inputs, ctx) => {
        const engine = inputs.engine;
        const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message });
        const version = VERSION_RULES[engine];
        if (!version.pattern.test(inputs.engineVersion)) issue(["engineVersion"], `must be a ${engine} version like ${version.example}`);
        if (inputs.ha && !REPLICATION_MODES[engine].includes(inputs.ha.replicationMode)) {
            issue(["ha", "replicationMode"], `must be one of ${REPLICATION_MODES[engine].join(", ")} for ${engine}`);
        }
        const zones = inputs.ha ? 2 : 1;
        if (inputs.availabilityZones.length !== zones) {
            issue(["availabilityZones"], inputs.ha ? "must name two AZs (primary, standby) for a primary/standby instance" : "must name one AZ for a single instance (set ha for two)");
        }
        if (inputs.ha && !inputs.flavorRef.endsWith(".ha")) issue(["flavorRef"], 'must be a primary/standby spec code (ending in ".ha") when ha is set');
        if (!inputs.ha && /\.(ha|rr)$/.test(inputs.flavorRef)) issue(["flavorRef"], "must be a single-instance spec code (without .ha or .rr) when ha is not set");
        if (inputs.port !== undefined && !PORT_RULES[engine].allowed(inputs.port)) issue(["port"], `must be ${PORT_RULES[engine].text} for ${engine}`);
        const specials = PASSWORD_SPECIALS[engine];
        const special = [...inputs.password].some((c) => specials.includes(c));
        const classes = [/[A-Z]/.test(inputs.password), /[a-z]/.test(inputs.password), /[0-9]/.test(inputs.password), special].filter(Boolean).length;
        const foreign = [...inputs.password].some((c) => !/[A-Za-z0-9]/.test(c) && !specials.includes(c));
        if (classes < 3 || foreign) {
            issue(["password"], `must contain at least three of upper case, lower case, digits and the special characters ${specials} (${engine}), and no other characters`);
        }
        if (inputs.restoreFrom && "restoreTime" in inputs.restoreFrom && Date.parse(inputs.restoreFrom.restoreTime) > Date.now()) {
            issue(["restoreFrom", "restoreTime"], "must not be in the future");
        }
    });

export type RdsInstanceInputs = z.infer<typeof rdsInstanceInputsSchema>;

/** What the state records: the inputs, with OTC's actual values where OTC reports them, plus what OTC assigned. */
export type RdsInstanceOutputs = RdsInstanceInputs & LifecycleOutputs & { privateIps: string[] };
