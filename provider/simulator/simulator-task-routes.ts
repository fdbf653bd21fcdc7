import { invalidParameter, jobNotFound, SimulatorApiError } from "./simulator-api-error";
import { isJobPurged, isJobVisible, observeJob, type JobStatus } from "./simulator-jobs";
import { integerQuery } from "./simulator-request-validation";
import type { JsonAnswer, RouteRequest, SimulatorRuntime } from "./simulator-runtime";
import { jobView, taskView } from "./simulator-views";

const JOB_STATUSES: readonly JobStatus[] = ["Pending", "Running", "Completed", "Failed"];

/** `GET /v3/{pid}/jobs?id=` (seeds 000/002). Unknown ids answer 400 DBS.200543, as OTC does. */
export function getJob(request: RouteRequest, runtime: SimulatorRuntime): JsonAnswer {
    const id = request.query.get("id");
    if (!id) throw invalidParameter("id is required.");
    const project = runtime.store.project(request.projectId);
    const job = project.jobs.get(id);
    if (job?.purge && isJobPurged(job, request.nowMs)) {
        if (job.purge.answer === "empty") return { status: 200, body: {} };
        if (job.purge.answer === "404") throw new SimulatorApiError(404, "DBS.200543", "The job does not exist.");
    }
    if (!job || !isJobVisible(job, request.nowMs)) throw jobNotFound();
    const instanceName = project.instances.get(job.instanceId)?.name ?? job.instanceName;
    return { status: 200, body: { job: jobView(job, observeJob(job, request.nowMs), instanceName) } };
}

/**
 * `GET /v3/{pid}/tasks?status=&name=&start_time=&end_time=&offset=&limit=` (seeds 001/004), newest first.
 * `start_time`/`end_time` (UNIX ms) bound the creation time, both inclusive.
 */
export function listTasks(request: RouteRequest, runtime: SimulatorRuntime): JsonAnswer {
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

    const project = runtime.store.project(request.projectId);
    const matching = [...project.jobs.values()]
        .filter((job) => isJobVisible(job, nowMs) && job.createdAtMs >= startMs && job.createdAtMs <= endMs)
        .filter((job) => name === undefined || job.name === name)
        .map((job) => ({ job, observed: observeJob(job, nowMs) }))
        .filter(({ observed }) => status === undefined || observed.status === status)
        .sort((a, b) => b.job.createdAtMs - a.job.createdAtMs || b.job.seq - a.job.seq);
    const tasks = matching
        .slice(offset, offset + limit)
        .map(({ job, observed }) => taskView(job, observed, project.instances.get(job.instanceId)));
    return { status: 200, body: { tasks, total_count: matching.length } };
}
