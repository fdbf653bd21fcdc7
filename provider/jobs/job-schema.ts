import { z } from "zod";
import type { Job, JobStatus } from "./job";
import { parseProgressPercent } from "./progress-percent";

// The plain job types live in ./job, free of zod, because they are part of the published type declarations.
export { isTerminal, type Job, type JobStatus } from "./job";

// Only the fields this package reads; `.nullish()` where OTC is loose. Unknown fields pass through
// untouched so a new field in the API never breaks a wait.

const progressField = z.string().nullish();

/** The `instance` a job works on (`GET /v3/{project_id}/jobs?id=`). */
export const jobInstanceSchema = z.object({ id: z.string(), name: z.string().nullish() });

/**
 * One job of the task center. GaussDB (openGauss) spells progress `progress`; TaurusDB and RDS spell it
 * `process` and add `entities`. `fail_reason` may be null or missing; `Pending` precedes `Running` on some
 * services, and a status this package does not know is treated as still running.
 */
export const jobSchema = z.object({
    id: z.string(),
    name: z.string(),
    status: z.string(),
    created: z.string().nullish(),
    ended: z.string().nullish(),
    progress: progressField,
    process: progressField,
    instance: jobInstanceSchema.nullish(),
    entities: z.record(z.string(), z.unknown()).nullish(),
    fail_reason: z.string().nullish(),
});
export type RawJob = z.infer<typeof jobSchema>;

export const jobResponseSchema = z.object({ job: jobSchema });
export type JobResponse = z.infer<typeof jobResponseSchema>;

/** One entry of the task list (`GET /v3/{project_id}/tasks`). */
export const taskSchema = z.object({
    job_id: z.string(),
    name: z.string(),
    status: z.string(),
    process: progressField,
    progress: progressField,
    fail_reason: z.string().nullish(),
    created_at: z.string().nullish(),
    ended_at: z.string().nullish(),
    instance_info: z
        .object({
            instance_id: z.string().nullish(),
            instance_name: z.string().nullish(),
            instance_status: z.string().nullish(),
        })
        .nullish(),
});
export type RawTask = z.infer<typeof taskSchema>;

export const taskListResponseSchema = z.object({ tasks: z.array(taskSchema), total_count: z.number().int() });
export type TaskListResponse = z.infer<typeof taskListResponseSchema>;

export function jobFromApi(raw: RawJob): Job {
    return compact({
        id: raw.id,
        name: raw.name.trim(),
        status: normalizeStatus(raw.status),
        rawStatus: raw.status,
        progressPercent: parseProgressPercent(raw.progress ?? raw.process),
        failReason: raw.fail_reason ?? cancelReason(raw.status),
        instance: raw.instance ? compact({ id: raw.instance.id, name: raw.instance.name ?? undefined }) : undefined,
        entities: raw.entities ?? undefined,
        created: parseOtcTime(raw.created),
        ended: parseOtcTime(raw.ended),
    });
}

export function jobFromTask(raw: RawTask): Job {
    const instanceId = raw.instance_info?.instance_id ?? undefined;
    return compact({
        id: raw.job_id,
        name: raw.name.trim(),
        status: normalizeStatus(raw.status),
        rawStatus: raw.status,
        progressPercent: parseProgressPercent(raw.process ?? raw.progress),
        failReason: raw.fail_reason ?? cancelReason(raw.status),
        instance: instanceId
            ? compact({ id: instanceId, name: raw.instance_info?.instance_name ?? undefined })
            : undefined,
        created: parseOtcTime(raw.created_at),
        ended: parseOtcTime(raw.ended_at),
    });
}

function normalizeStatus(status: string): JobStatus {
    const s = status.trim().toLowerCase();
    if (s === "completed" || s === "success") return "Completed";
    // Huawei Cloud's newer task-center docs add Canceled: the work will not happen, which a waiter must not take
    // for "still running" until its deadline.
    if (s === "failed" || s === "fail" || isCanceled(s)) return "Failed";
    if (s === "pending" || s === "init") return "Pending";
    return "Running";
}

function isCanceled(lowerCaseStatus: string): boolean {
    return lowerCaseStatus === "canceled" || lowerCaseStatus === "cancelled";
}

/** A canceled job has no fail_reason of its own; the error should still say what happened. */
function cancelReason(status: string): string | undefined {
    return isCanceled(status.trim().toLowerCase()) ? `The job was canceled (status "${status.trim()}").` : undefined;
}

/** OTC times look like `2021-07-12T09:22:04+0800` (offset without a colon) or end in `Z`. */
export function parseOtcTime(text: string | null | undefined): Date | undefined {
    if (!text) return undefined;
    const normalized = text.trim().replace(/([+-]\d{2})(\d{2})$/, "$1:$2");
    const date = new Date(normalized);
    return Number.isNaN(date.getTime()) ? undefined : date;
}

function compact<T extends object>(value: T): T {
    for (const key of Object.keys(value) as (keyof T)[]) if (value[key] === undefined) delete value[key];
    return value;
}
