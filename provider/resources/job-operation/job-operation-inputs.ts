import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { SERVICE_NAMES, type ServiceName } from "../../config/otc-settings";
import { UNKNOWN, valueAt } from "../lifecycle/lifecycle-check";
import { type OperationTimeouts, parseDurationMs } from "../lifecycle/operation-timeouts";
import { pointerSyntaxError } from "./json-pointer";
import { checkFailure } from "../check-failure";

// What both providers of an OtcJobOperation receive (the resource class split each request's body off into the
// secret `bodies`). One schema: the request resource's `check` reports one failure per bad property at preview.

export const HTTP_METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH"] as const;
export const DEFAULT_JOB_ID_POINTER = "/job_id";
export const DEFAULT_JOBS_PATH = "/v3/{project_id}/jobs";
/** Defaults of `customTimeouts`: a restart takes minutes, a restore of a large backup can take most of an hour. */
export const DEFAULT_OPERATION_TIMEOUT = "60m";

const pointer = z.string({ message: "must be a JSON pointer string" }).superRefine((value, ctx) => {
    const problem = pointerSyntaxError(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
});

const path = z
    .string({ message: "must be a string" })
    .refine((value) => value.startsWith("/"), { message: 'must start with "/" (a path below the endpoint, e.g. "/v3/{project_id}/instances/<id>/restart")' });

const method = z.enum(HTTP_METHODS, { message: `must be one of ${HTTP_METHODS.join(", ")}` });

const query = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]), {
    message: "must be an object of string, number or boolean values",
});

const requestSpec = z.object({
    method,
    path,
    query: query.optional(),
    /** Overrides the operation's `jobIdPointer` for this request. */
    jobIdPointer: pointer.optional(),
});
export type RequestSpec = z.infer<typeof requestSpec>;

const lookupSpec = z
    .object({
        method: method.default("GET"),
        path,
        query: query.optional(),
        jobIdPointer: pointer.optional(),
        found: z.object({ pointer, equals: z.unknown().optional() }).optional(),
    })
    .refine((value) => value.jobIdPointer !== undefined || value.found !== undefined, {
        message: "needs jobIdPointer (where the answer names the job already submitted) or found (a condition on the answer)",
    });
export type LookupSpec = z.infer<typeof lookupSpec>;

const duration = z.string().refine((text) => parseDurationMs(text) !== undefined, { message: 'must be a duration like "90s", "20m" or "1h30m"' });

const endpoint = z.string().refine(
    (value) => {
        try {
            return ["http:", "https:"].includes(new URL(value).protocol);
        } catch {
            return false;
        }
    },
    { message: 'must be an http(s) URL, e.g. "https://gaussdb.eu-de.otc.t-systems.com"' },
);

export type RequestKind = "create" | "update" | "delete" | "lookup";

export const jobOperationInputsSchema = z
    .object({
        ownerUrn: z.string().startsWith("urn:pulumi:", { message: "must be the resource URN (set by the resource class)" }),
        endpoint: endpoint.optional(),
        service: z.enum(SERVICE_NAMES as [ServiceName, ...ServiceName[]], { message: `must be one of ${SERVICE_NAMES.join(", ")}` }).optional(),
        create: requestSpec,
        update: requestSpec.optional(),
        delete: requestSpec.optional(),
        lookup: lookupSpec.optional(),
        bodies: z.record(z.string(), z.unknown()).optional(),
        secretPaths: z.record(z.string(), z.array(z.string())).optional(),
        jobIdPointer: pointer.default(DEFAULT_JOB_ID_POINTER),
        jobsPath: path.default(DEFAULT_JOBS_PATH),
        triggers: z.unknown().optional(),
        timeouts: z.object({ create: duration.optional(), update: duration.optional(), delete: duration.optional() }).optional(),
    })
    .superRefine((value, ctx) => {
        if (value.endpoint === undefined && value.service === undefined) {
            ctx.addIssue({ code: "custom", path: ["endpoint"], message: 'or service is required: the service\'s URL, or "gaussdb", "rds" or "taurusdb"' });
        } else if (value.endpoint !== undefined && value.service !== undefined) {
            ctx.addIssue({ code: "custom", path: ["endpoint"], message: "and service are exclusive: give one of them" });
        }
    });
export type JobOperationInputs = z.infer<typeof jobOperationInputsSchema>;

/**
 * Validates at preview, one failure per property, naming it; values unknown at preview are checked at `pulumi up`.
 * Messages never show a value of the bodies (they may hold secrets).
 */
export function checkJobOperationInputs(news: Record<string, unknown>): pulumi.dynamic.CheckResult {
    const parsed = jobOperationInputsSchema.safeParse(news);
    if (parsed.success) return { inputs: { ...news, ...parsed.data } };
    const failures: pulumi.dynamic.CheckFailure[] = [];
    const seen = new Set<string>();
    for (const issue of parsed.error.issues) {
        const at = issue.path.map(String);
        if (at.some((_, i) => valueAt(news, at.slice(0, i + 1)) === UNKNOWN) || valueAt(news, []) === UNKNOWN) continue;
        const property = at.join(".") || "(inputs)";
        if (seen.has(property)) continue;
        seen.add(property);
        const value = valueAt(news, at);
        const missing = value === undefined && (issue.code === "invalid_type" || issue.code === "invalid_value");
        // Bodies may hold secrets: their values are never shown.
        failures.push(checkFailure(property, missing ? "is required" : issue.message.replace(/^Invalid input: /, ""), value, { secret: at[0] === "bodies" }));
    }
    return failures.length > 0 ? { inputs: news, failures } : { inputs: news };
}

/** The pointer where a request's answer names its job(s). */
export function jobIdPointerOf(inputs: JobOperationInputs, kind: Exclude<RequestKind, "lookup">): string {
    return inputs[kind]?.jobIdPointer ?? inputs.jobIdPointer;
}

/** `customTimeouts`, each defaulting to {@link DEFAULT_OPERATION_TIMEOUT}. */
export function timeoutsOf(inputs: Pick<JobOperationInputs, "timeouts">): OperationTimeouts {
    return {
        create: inputs.timeouts?.create ?? DEFAULT_OPERATION_TIMEOUT,
        update: inputs.timeouts?.update ?? DEFAULT_OPERATION_TIMEOUT,
        delete: inputs.timeouts?.delete ?? DEFAULT_OPERATION_TIMEOUT,
    };
}
