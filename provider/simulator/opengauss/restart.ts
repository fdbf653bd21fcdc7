import { idleInstance, jobAnswer } from "./instances";
import { submitJob } from "../core/job-submission";
import type { JsonAnswer, RouteRequest, SimulatorRuntime } from "../core/runtime";

/**
 * `POST /v3/{pid}/instances/{id}/restart` → 202 `{job_id}`: a `RestartGaussDBV5Instance` job, the instance
 * `REBOOTING` while it runs and back to its former status after. UNVERIFIED: the simulator ignores the body (the
 * openGauss reference was not checked for one) and answers 202 like the other job-backed instance actions.
 */
export function restartInstance(request: RouteRequest, runtime: SimulatorRuntime): JsonAnswer {
    const instance = idleInstance(request, runtime);
    return jobAnswer(runtime, submitJob(runtime, request, instance, { kind: "restart" }).id);
}
