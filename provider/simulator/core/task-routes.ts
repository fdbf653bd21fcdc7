import { apiNotFound, invalidParameter, jobNotFound, SimulatorApiError } from "./api-error";
import { isJobPurged, isJobVisible, observeJob, type JobObservation, type JobStatus } from "./jobs";
import type { SimulatorServiceName, StoredJob, StoredRecord } from "./model";
import { integerQuery } from "./request-parsing";
import type { JsonAnswer, RouteHandler, RouteRequest, SimulatorRuntime } from "./runtime";

/** How one service's task center shows a job: its own field spellings (`progress` or `process`, `entities`). */
export interface TaskCenterViews {
    /** The `job` object of `GET /v3/{pid}/jobs?id=`; `instance` is undefined once the instance is gone. */
    job(job: StoredJob, observed: JobObservation, instance: StoredRecord | undefined): Record<string, unknown>;
    /** One element of the task list, for services that have one. */
    task?(job: StoredJob, observed: JobObservation, instance: StoredRecord | undefined): Record<string, unknown>;
}

const JOB_STATUSES: readonly JobStatus[] = ["Pending", "Running", "Completed", "Failed"];

/** The task-center routes of one service, over that service's jobs. */
export function taskCenterRoutes(service: SimulatorServiceName, views: TaskCenterViews): { getJob: RouteHandler; listTasks: RouteHandler } {
    return {
        getJob: (request, runtime) => getJob(service, views, request, runtime),
        listTasks: (request, runtime) => listTasks(service, views, request, runtime),
    };
}

/** `GET /v3/{pid}/jobs?id=` (seeds 000/002/003). Unknown ids answer 400 DBS.200543, as OTC does. */
function getJob(service: SimulatorServiceName, views: TaskCenterViews, request: RouteRequest, runtime: SimulatorRuntime): JsonAnswer {
    const id = request.query.get("id");
    if (!id) throw invalidParameter("id is required.");
    const project = runtime.store.project<StoredRecord>(request.projectId, service);
    const job = project.jobs.get(id);
    if (job?.purge && isJobPurged(job, request.nowMs)) {
        if (job.purge.answer === "empty") return { status: 200, body: {} };
        if (job.purge.answer === "404") throw new SimulatorApiError(404, "DBS.200543", "The job does not exist.");
    }
    if (!job || !isJobVisible(job, request.nowMs)) throw jobNotFound();
    return { status: 200, body: { job: views.job(job, observeJob(job, request.nowMs), project.instances.get(job.instanceId)) } };
}

/**
 * `GET /v3/{pid}/tasks?status=&name=&start_time=&end_time=&offset=&limit=` (seeds 001/004), newest first.
 * `start_time`/`end_time` (UNIX ms) bound the creation time, both inclusive.
 */
function listTasks(service: SimulatorServiceName, views: TaskCenterViews, request: RouteRequest, runtime: SimulatorRuntime): JsonAnswer {
    const task = views.task;
    if (!task) throw apiNotFound();
    const { query, nowMs } = request;
    const offset = integerQuery(query, "offset", 0, 0, Number.MAX_SAFE_INTEGER);
    const limit = integerQuery(query, "limit", 100, 1, 100);
    const startMs = integerQuery(query, "start_time", 0, 0, Number.MAX_SAFE_INTEGER);
    const endMs = integerQuery(query, "end_time", Number.MAX_SAFE_INTEGER, 0, Number.MAX_SAFE_INTEGER);
    const status = query.get("status") || undefined;
    if (status !== undefined && !(JOB_STATUSES as readonly string[]).includes(status)) {
        throw invalidParameter(`status must be one of ${JOB_STATUSES.join(", ")}.`);
    }
    const name = query.get("name") || undefined;

    const project = runtime.store.project<StoredRecord>(request.projectId, service);
    const matching = [...project.jobs.values()]
        .filter((job) => isJobVisible(job, nowMs) && job.createdAtMs >= startMs && job.createdAtMs <= endMs)
        .filter((job) => name === undefined || job.name === name)
        .map((job) => ({ job, observed: observeJob(job, nowMs) }))
        .filter(({ observed }) => status === undefined || observed.status === status)
        .sort((a, b) => b.job.createdAtMs - a.job.createdAtMs || b.job.seq - a.job.seq);
    const tasks = matching
        .slice(offset, offset + limit)
        .map(({ job, observed }) => task(job, observed, project.instances.get(job.instanceId)));
    return { status: 200, body: { tasks, total_count: matching.length } };
}
