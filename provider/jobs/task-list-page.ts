import { z } from "zod";
import { type RawTask, taskSchema } from "./job-schema";

/**
 * One page of `GET /v3/{project_id}/tasks`, read item by item: the task list holds every job of the project,
 * including kinds and statuses this package has never seen, so one entry it cannot read must not cost the
 * answer for all the others. Unknown fields pass; an entry without the fields a job needs is skipped and
 * counted.
 */
export const lenientTaskListSchema = z.object({
    tasks: z.array(z.unknown()),
    // Some services leave it out; without it, paging stops at the first short page.
    total_count: z.number().int().nonnegative().optional(),
});
export type LenientTaskList = z.infer<typeof lenientTaskListSchema>;

export interface TaskListPage {
    tasks: RawTask[];
    /** Entries that could not be read as a task. */
    skipped: number;
    totalCount: number | undefined;
}

export function readTaskListPage(body: LenientTaskList): TaskListPage {
    const tasks: RawTask[] = [];
    let skipped = 0;
    for (const item of body.tasks) {
        const parsed = taskSchema.safeParse(item);
        if (parsed.success) tasks.push(parsed.data);
        else skipped++;
    }
    return { tasks, skipped, totalCount: body.total_count };
}
