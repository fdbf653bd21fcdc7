import { randomUUID } from "node:crypto";
import { DEFAULT_JOB_DURATIONS_MS, INSTANCE_STATUS_WHILE_RUNNING, JOB_NAMES } from "./jobs";
import type { GaussDbJobChange, JobChange, SimulatorServiceName, StoredInstance, StoredJob, StoredRecord } from "./model";
import type { RouteRequest, SimulatorRuntime } from "./runtime";

/** What a service says about a job it starts. */
export interface JobSpec {
    service: SimulatorServiceName;
    /** The job name the service's task center reports. */
    name: string;
    change: JobChange;
    /** The instance's status while the job runs. */
    statusWhileRunning: string;
    /** Unscaled duration (divided by the simulator's time scale), unless a fault sets one. */
    durationMs: number;
    /** Share of the duration reported as `Pending`, for task centers that document that status. */
    pendingShare?: number;
}

/**
 * Starts a job on an instance of any service: decides its duration and any injected faults now, once, so the
 * job's whole future is fixed in the stored record (and survives a restart), and marks the instance busy.
 * The caller saves the store.
 */
export function startJob(runtime: SimulatorRuntime, request: RouteRequest, instance: StoredRecord, spec: JobSpec): StoredJob {
    const effects = runtime.faults.takeJobFaults({
        method: request.method,
        path: request.path,
        jobName: spec.name,
        instanceName: instance.name,
    });
    const job: StoredJob = {
        id: randomUUID(),
        name: spec.name,
        instanceId: instance.id,
        instanceName: instance.name,
        change: spec.change,
        instanceStatusBefore: instance.status,
        createdAtMs: request.nowMs,
        durationMs: effects.durationMs ?? spec.durationMs / runtime.timeScale,
        seq: runtime.store.nextSeq(),
        settled: false,
    };
    // GaussDB jobs keep the stored shape of before (no service field), so older state files read the same.
    if (spec.service !== "gaussdb") job.service = spec.service;
    if (spec.pendingShare) job.pendingShare = spec.pendingShare;
    if (effects.failure) job.failure = effects.failure;
    if (effects.noProgress) job.noProgress = true;
    if (effects.unknownForMs !== undefined) job.unknownUntilMs = request.nowMs + effects.unknownForMs;
    if (effects.purge) job.purge = effects.purge;

    runtime.store.project(request.projectId, spec.service).jobs.set(job.id, job);
    instance.status = spec.statusWhileRunning;
    instance.updatedAtMs = request.nowMs;
    return job;
}

/** Starts a GaussDB (openGauss) job. */
export function submitJob(runtime: SimulatorRuntime, request: RouteRequest, instance: StoredInstance, change: GaussDbJobChange): StoredJob {
    const name = JOB_NAMES[change.kind];
    return startJob(runtime, request, instance, {
        service: "gaussdb",
        name,
        change,
        statusWhileRunning: INSTANCE_STATUS_WHILE_RUNNING[change.kind],
        durationMs: DEFAULT_JOB_DURATIONS_MS[name],
    });
}
