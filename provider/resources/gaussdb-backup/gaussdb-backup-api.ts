import { z } from "zod";
import type { OtcClient } from "../../client/otc-client";
import { jobFromTask } from "../../jobs/job-schema";
import { lenientTaskListSchema, readTaskListPage } from "../../jobs/task-list-page";

// openGauss manual backups (`/v3/{project_id}/backups` on the GaussDB endpoint): minimal schemas for the fields this
// package reads, and one function per call (API reference: "Creating a Manual Backup", "Querying Backups",
// "Deleting a Manual Backup").

export const GAUSSDB_BACKUP_JOB_NAME = "BackupSnapshotGaussDBV5InInstance";

const backupSchema = z
    .object({
        id: z.string(),
        name: z.string(),
        status: z.string(),
        description: z.string().nullish(),
        instance_id: z.string().nullish(),
        type: z.string().nullish(),
        /** MB. */
        size: z.number().nullish(),
        begin_time: z.string().nullish(),
        end_time: z.string().nullish(),
        datastore: z.object({ type: z.string().nullish(), version: z.string().nullish() }).nullish(),
    })
    // The engine reads an instance's creation time as `created`: a backup's is its begin time.
    .transform((backup) => ({ ...backup, created: backup.begin_time }));
export type GaussDbBackupApi = z.infer<typeof backupSchema>;

const listSchema = z.object({ backups: z.array(backupSchema), total_count: z.number().int().optional() });
const createSchema = z.object({ backup: z.object({ id: z.string() }).passthrough(), job_id: z.string() });
const emptySchema = z.object({}).passthrough();
const PAGE = 100;

export async function createGaussDbBackup(
    client: OtcClient,
    body: { instance_id: string; name: string; description?: string },
    signal?: AbortSignal,
): Promise<{ backupId: string; jobId: string }> {
    const { body: answer } = await client.call(
        { method: "POST", path: client.projectPath("/backups"), body, ...(signal ? { signal } : {}) },
        createSchema,
    );
    return { backupId: answer.backup.id, jobId: answer.job_id };
}

/**
 * Backups with exactly this id or name. The list filters by id but not by name, so a name is looked for page by
 * page through the project's backups (automated ones included).
 */
export async function findGaussDbBackups(client: OtcClient, filter: { id: string } | { name: string }, signal?: AbortSignal): Promise<GaussDbBackupApi[]> {
    const found: GaussDbBackupApi[] = [];
    for (let offset = 0; ; offset += PAGE) {
        const query = { ...("id" in filter ? { backup_id: filter.id } : {}), offset, limit: PAGE };
        const { body } = await client.call(
            { method: "GET", path: client.projectPath("/backups"), query, ...(signal ? { signal } : {}) },
            listSchema,
        );
        found.push(...body.backups.filter((b) => ("id" in filter ? b.id === filter.id : b.name === filter.name)));
        const total = body.total_count ?? offset + body.backups.length;
        if ("id" in filter || body.backups.length < PAGE || offset + PAGE >= total) return found;
    }
}

/** Answers 202 `{}`: there is no job; the backup disappears from the list once deleted. */
export async function deleteGaussDbBackup(client: OtcClient, backupId: string, signal?: AbortSignal): Promise<void> {
    await client.call(
        { method: "DELETE", path: client.projectPath(`/backups/${encodeURIComponent(backupId)}`), ...(signal ? { signal } : {}) },
        emptySchema,
    );
}

/** OTC's clock and ours may differ; and the job is created a moment before or after the backup's begin time. */
const JOB_MATCH_WINDOW_MS = 5 * 60_000;

/**
 * The backup job of an existing backup (one an interrupted run created), from the task list: the job names the
 * DB instance, not the backup, so it is the instance's backup job that began closest to the backup. Only one
 * manual backup of an instance runs at a time (OTC answers DBS.201205 to a second one).
 */
export async function findGaussDbBackupJob(client: OtcClient, backupId: string): Promise<{ id: string; name: string; submittedAt: Date } | undefined> {
    const [backup] = await findGaussDbBackups(client, { id: backupId });
    const beganMs = backup?.begin_time ? Date.parse(backup.begin_time) : Number.NaN;
    if (!backup?.instance_id || !Number.isFinite(beganMs)) return undefined;
    const { body } = await client.call(
        { method: "GET", path: client.projectPath("/tasks"), query: { name: GAUSSDB_BACKUP_JOB_NAME, limit: 100 } },
        lenientTaskListSchema,
    );
    const candidates = readTaskListPage(body)
        .tasks.filter((task) => task.instance_info?.instance_id === backup.instance_id)
        .map(jobFromTask)
        .filter((job) => job.created && Math.abs(job.created.getTime() - beganMs) <= JOB_MATCH_WINDOW_MS)
        .sort((a, b) => Math.abs(a.created!.getTime() - beganMs) - Math.abs(b.created!.getTime() - beganMs));
    const job = candidates[0];
    return job ? { id: job.id, name: job.name, submittedAt: job.created ?? new Date() } : undefined;
}
