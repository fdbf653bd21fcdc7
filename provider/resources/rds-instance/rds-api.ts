import { z } from "zod";
import type { OtcClient } from "../../client/otc-client";
import { requestJob } from "../../client/request-job";

// The RDS v3 instance API (`https://rds.{region}.otc.t-systems.com/v3/{project_id}/instances…`): minimal schemas for
// the fields this package reads, and one function per call.

export type RdsEngine = "MySQL" | "PostgreSQL" | "SQLServer";

export const rdsInstanceSchema = z.object({
    id: z.string(),
    name: z.string(),
    status: z.string(),
    type: z.string().nullish(),
    ha: z.object({ replication_mode: z.string().nullish() }).nullish(),
    datastore: z.object({ type: z.string().nullish(), version: z.string().nullish() }).nullish(),
    flavor_ref: z.string().nullish(),
    volume: z.object({ type: z.string().nullish(), size: z.number() }).nullish(),
    region: z.string().nullish(),
    vpc_id: z.string().nullish(),
    subnet_id: z.string().nullish(),
    security_group_id: z.string().nullish(),
    port: z.union([z.string(), z.number()]).nullish(),
    private_ips: z.array(z.string()).nullish(),
    nodes: z.array(z.object({ role: z.string().nullish(), availability_zone: z.string().nullish() })).nullish(),
    // Empty while the instance is being created (documented).
    created: z.string().nullish(),
    updated: z.string().nullish(),
});
export type RdsInstanceApi = z.infer<typeof rdsInstanceSchema>;

const listSchema = z.object({ instances: z.array(rdsInstanceSchema), total_count: z.number().int().nullish() });
const createSchema = z.object({ instance: z.object({ id: z.string(), name: z.string().nullish() }), job_id: z.string() });
const emptySchema = z.object({}).passthrough();
const taskListSchema = z.object({
    tasks: z.array(z.object({ id: z.string(), name: z.string(), instance_id: z.string().nullish(), create_time: z.string().nullish() }).passthrough()),
});

/** The create request body ("Creating a DB Instance"; with `restore_point`, "Restoring Data to a New DB Instance"). */
export interface CreateRdsInstanceBody {
    name: string;
    /** Left out of a restore: the new instance takes the source's engine. */
    datastore?: { type: RdsEngine; version: string };
    ha?: { mode: "Ha"; replication_mode: string };
    port?: string;
    password: string;
    flavor_ref: string;
    volume: { type: string; size: number };
    region: string;
    availability_zone: string;
    vpc_id: string;
    subnet_id: string;
    security_group_id: string;
    restore_point?: { instance_id: string; type: "backup"; backup_id: string } | { instance_id: string; type: "timestamp"; restore_time: number };
}

// The task center's engine spelling: "CreateMysqlSingleHAInstance" and "CreateSqlserverSingleHAInstance" are documented
// (RDS API reference, "Obtaining Information About a Task with a Specified ID"); the PostgreSQL spelling and every other
// action's name follow the documented shapes (`RestoreSqlserverInInstance`, `BackupDbSqlserverInInstance`): UNVERIFIED.
// The names only label progress lines: what the task center reports is what errors quote.
const ENGINE_IN_JOB_NAME: Readonly<Record<RdsEngine, string>> = { MySQL: "Mysql", PostgreSQL: "Postgresql", SQLServer: "Sqlserver" };

export type RdsJobAction = "create" | "restore" | "resize" | "enlarge" | "delete";

export function rdsJobName(action: RdsJobAction, engine: RdsEngine): string {
    const e = ENGINE_IN_JOB_NAME[engine];
    return {
        create: `Create${e}SingleHAInstance`,
        restore: `Restore${e}NewInstance`,
        resize: `Resize${e}Flavor`,
        enlarge: `Enlarge${e}Volume`,
        delete: `Delete${e}Instance`,
    }[action];
}

const RDS_ENGINES: readonly RdsEngine[] = ["MySQL", "PostgreSQL", "SQLServer"];

/** Job names that create an instance: a plain create or a restore into a new instance, of any engine. */
export const RDS_CREATE_JOB_NAMES: readonly string[] = RDS_ENGINES.flatMap((e) => [rdsJobName("create", e), rdsJobName("restore", e)]);

/** The engine of a job name as the adapter labels it, from the instance's datastore type. */
export function rdsEngineOf(type: string | null | undefined): RdsEngine | undefined {
    const lower = (type ?? "").toLowerCase();
    return lower === "mysql" ? "MySQL" : lower === "postgresql" ? "PostgreSQL" : lower === "sqlserver" ? "SQLServer" : undefined;
}

function withSignal(signal: AbortSignal | undefined) {
    return signal ? { signal } : {};
}

export async function createRdsInstance(client: OtcClient, body: CreateRdsInstanceBody, signal?: AbortSignal) {
    const { body: answer } = await client.call({ method: "POST", path: client.projectPath("/instances"), body, ...withSignal(signal) }, createSchema);
    return { instanceId: answer.instance.id, jobId: answer.job_id };
}

/** Instances with exactly this id or name (`name` is an exact match on RDS unless it starts with `*`). */
export async function findRdsInstances(client: OtcClient, filter: { id: string } | { name: string }, signal?: AbortSignal): Promise<RdsInstanceApi[]> {
    const query = "id" in filter ? { id: filter.id } : { name: filter.name };
    const { body } = await client.call({ method: "GET", path: client.projectPath("/instances"), query: { ...query, limit: 100 }, ...withSignal(signal) }, listSchema);
    return body.instances.filter((i) => ("id" in filter ? i.id === filter.id : i.name === filter.name));
}

export async function deleteRdsInstance(client: OtcClient, instanceId: string, signal?: AbortSignal) {
    return requestJob(client, { method: "DELETE", path: client.projectPath(`/instances/${encodeURIComponent(instanceId)}`), ...withSignal(signal) });
}

/** `resize_flavor` or `enlarge_volume`: each answers 202 with a job. */
export async function rdsInstanceAction(
    client: OtcClient,
    instanceId: string,
    action: { resize_flavor: { spec_code: string } } | { enlarge_volume: { size: number } },
    signal?: AbortSignal,
) {
    return requestJob(client, {
        method: "POST",
        path: client.projectPath(`/instances/${encodeURIComponent(instanceId)}/action`),
        body: action,
        ...withSignal(signal),
    });
}

/** Answers 200 `{}` without a job: the new root password is effective at once. */
export async function resetRdsPassword(client: OtcClient, instanceId: string, password: string, signal?: AbortSignal) {
    await client.call(
        {
            method: "POST",
            path: client.projectPath(`/instances/${encodeURIComponent(instanceId)}/password`),
            body: { db_user_pwd: password },
            ...withSignal(signal),
        },
        emptySchema,
    );
}

/**
 * The newest job that created the instance, from the instant-task list (`GET /v3/{project_id}/tasklist`, "Querying
 * Instant Tasks"), for an instance adopted after an interrupted run.
 */
export async function findRdsCreateJob(client: OtcClient, instanceId: string): Promise<{ id: string; name: string; submittedAt: Date } | undefined> {
    const { body } = await client.call(
        { method: "GET", path: client.projectPath("/tasklist"), query: { instance_id: instanceId, limit: 50 } },
        taskListSchema,
    );
    const task = body.tasks.find((t) => t.instance_id === instanceId && RDS_CREATE_JOB_NAMES.includes(t.name));
    if (!task) return undefined;
    const created = task.create_time ? Date.parse(task.create_time.replace(/([+-]\d{2})(\d{2})$/, "$1:$2")) : Number.NaN;
    return { id: task.id, name: task.name, submittedAt: Number.isFinite(created) ? new Date(created) : new Date() };
}
