import { z } from "zod";
import { isInstanceGone } from "../../client/otc-api-error";
import type { OtcClient } from "../../client/otc-client";

// RDS v3 manual backups ("Creating a Manual Backup", "Obtaining Details About Backups", "Deleting a Manual Backup"). The
// list is per instance (`instance_id` is mandatory), so a backup is addressed as `<instance id>/<backup id>`.

const backupSchema = z.object({
    id: z.string(),
    name: z.string(),
    status: z.string(),
    type: z.string().nullish(),
    size: z.number().nullish(),
    begin_time: z.string().nullish(),
    end_time: z.string().nullish(),
    instance_id: z.string().nullish(),
    description: z.string().nullish(),
});
const listSchema = z.object({ backups: z.array(backupSchema) });
const createSchema = z.object({ backup: z.object({ id: z.string(), name: z.string().nullish() }) });
const emptySchema = z.object({}).passthrough();
const taskListSchema = z.object({
    tasks: z.array(z.object({ id: z.string(), name: z.string(), instance_id: z.string().nullish(), create_time: z.string().nullish() }).passthrough()),
});

/** A backup as the lifecycle engine sees it: `id` is `<instance id>/<backup id>`. */
export interface RdsBackupApi {
    id: string;
    backupId: string;
    instanceId: string;
    name: string;
    /** BUILDING, COMPLETED, FAILED, DELETING. */
    status: string;
    /** kB. */
    size: number | undefined;
    beginTime: string | undefined;
    endTime: string | undefined;
    description: string | undefined;
    created?: string | undefined;
}

export function backupResourceId(instanceId: string, backupId: string): string {
    return `${instanceId}/${backupId}`;
}

export function parseBackupResourceId(id: string): { instanceId: string; backupId: string } | undefined {
    const [instanceId, backupId, ...rest] = id.split("/");
    return instanceId && backupId && rest.length === 0 ? { instanceId, backupId } : undefined;
}

/** OTC's `+0000`-style offsets, which `Date.parse` does not read everywhere, as ISO offsets. */
export function otcTimeToIso(time: string | null | undefined): string | undefined {
    if (!time) return undefined;
    const ms = Date.parse(time.replace(/([+-]\d{2})(\d{2})$/, "$1:$2"));
    return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

export async function createRdsBackup(client: OtcClient, body: { instance_id: string; name: string; description?: string }) {
    const { body: answer } = await client.call({ method: "POST", path: client.projectPath("/backups"), body }, createSchema);
    return { backupId: answer.backup.id };
}

/** The instance's manual backups, optionally only one; none when the instance is unknown. */
export async function listRdsBackups(client: OtcClient, instanceId: string, backupId?: string, signal?: AbortSignal): Promise<RdsBackupApi[]> {
    try {
        const { body } = await client.call(
            {
                method: "GET",
                path: client.projectPath("/backups"),
                query: { instance_id: instanceId, ...(backupId ? { backup_id: backupId } : {}), limit: 100 },
                ...(signal ? { signal } : {}),
            },
            listSchema,
        );
        return body.backups
            .filter((b) => b.type === undefined || b.type === null || b.type === "manual")
            .map((b) => ({
                id: backupResourceId(b.instance_id ?? instanceId, b.id),
                backupId: b.id,
                instanceId: b.instance_id ?? instanceId,
                name: b.name,
                status: b.status,
                size: b.size ?? undefined,
                beginTime: otcTimeToIso(b.begin_time),
                endTime: otcTimeToIso(b.end_time),
                description: b.description ?? undefined,
                created: otcTimeToIso(b.begin_time),
            }));
    } catch (error) {
        if (isInstanceGone(error)) return [];
        throw error;
    }
}

/** 200 without a job: the backup shows DELETING, then leaves the list. */
export async function deleteRdsBackup(client: OtcClient, backupId: string) {
    await client.call({ method: "DELETE", path: client.projectPath(`/backups/${encodeURIComponent(backupId)}`) }, emptySchema);
}

/**
 * The backup's job. The create answer has none, but the instance's instant-task list ("Querying Instant Tasks") shows
 * a backup job starting with the backup (UNVERIFIED: the docs name only `BackupDbSqlserverInInstance`); while it
 * runs the instance is BACKING UP, so no other backup job of that instance is that close in time.
 */
export async function findRdsBackupJob(client: OtcClient, backup: RdsBackupApi): Promise<{ id: string; name: string; submittedAt: Date } | undefined> {
    const begin = backup.beginTime ? Date.parse(backup.beginTime) : Number.NaN;
    if (!Number.isFinite(begin)) return undefined;
    const { body } = await client.call(
        { method: "GET", path: client.projectPath("/tasklist"), query: { instance_id: backup.instanceId, limit: 50 } },
        taskListSchema,
    );
    const near = body.tasks
        .filter((t) => t.instance_id === backup.instanceId && /^Backup/.test(t.name))
        .map((t) => ({ task: t, at: Date.parse(otcTimeToIso(t.create_time) ?? "") }))
        .filter(({ at }) => Number.isFinite(at) && Math.abs(at - begin) <= 60_000)
        .sort((a, b) => Math.abs(a.at - begin) - Math.abs(b.at - begin))[0];
    return near ? { id: near.task.id, name: near.task.name, submittedAt: new Date(near.at) } : undefined;
}
