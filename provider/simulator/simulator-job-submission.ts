import { randomUUID } from "node:crypto";
import { DEFAULT_JOB_DURATIONS_MS, INSTANCE_STATUS_WHILE_RUNNING, JOB_NAMES } from "./simulator-jobs";
import type { JobChange, StoredInstance, StoredJob } from "./simulator-model";
import type { RouteRequest, SimulatorRuntime } from "./simulator-runtime";

/**
 * Starts a job on an instance: decides its duration and any injected faults now, once, so the job's whole
 * future is fixed in the stored record (and survives a restart), and marks the instance busy.
 * The caller saves the store.
 */
export function submitJob(
    runtime: SimulatorRuntime,
    request: RouteRequest,
    instance: StoredInstance,
    change: JobChange,
): StoredJob {
    const name = JOB_NAMES[change.kind];
    const effects = runtime.faults.takeJobFaults({
        method: request.method,
        path: request.path,
        jobName: name,
        instanceName: instance.name,
    });
    const job: StoredJob = {
        id: randomUUID(),
        name,
        instanceId: instance.id,
        instanceName: instance.name,
        change,
        instanceStatusBefore: instance.status,
        createdAtMs: request.nowMs,
        durationMs: effects.durationMs ?? DEFAULT_JOB_DURATIONS_MS[name] / runtime.timeScale,
        seq: runtime.store.nextSeq(),
        settled: false,
    };
    if (effects.failure) job.failure = effects.failure;
    if (effects.noProgress) job.noProgress = true;
    if (effects.unknownForMs !== undefined) job.unknownUntilMs = request.nowMs + effects.unknownForMs;
    if (effects.purge) job.purge = effects.purge;

    runtime.store.project(request.projectId).jobs.set(job.id, job);
    instance.status = INSTANCE_STATUS_WHILE_RUNNING[change.kind];
    instance.updatedAtMs = request.nowMs;
    return job;
}
