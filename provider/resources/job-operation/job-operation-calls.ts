import { z } from "zod";
import type { OtcClient } from "../../client/otc-client";
import type { JobStatusSource } from "../../jobs/job-status-source";
import { SingleJobStatusSource } from "../../jobs/job-status-source";
import type { Operation } from "../lifecycle/operation-timeouts";
import { resourceNameOf } from "../lifecycle/ownership";
import { ResourceOperation } from "../lifecycle/resource-operation";
import type { RuntimeContext } from "../runtime-context";
import { DEFAULT_JOBS_PATH, type JobOperationInputs, type LookupSpec, type RequestSpec, timeoutsOf } from "./job-operation-inputs";
import { redactError } from "./secret-redaction";

const anyJson = z.unknown();

/**
 * The operation's client: the service's (`RuntimeContext.client`, shared with the instance resources of that
 * service, and its task-list polling where the service has one) or the endpoint's (`clientFor`). Either way one
 * rate limiter per endpoint and project, retries and signing.
 */
export function clientOf(runtime: RuntimeContext, inputs: Pick<JobOperationInputs, "endpoint" | "service">): OtcClient {
    if (inputs.endpoint) return runtime.clientFor(inputs.endpoint);
    if (!inputs.service) throw new Error("OtcJobOperation: endpoint or service is required");
    return runtime.client(inputs.service);
}

/** Where the operation's jobs are polled: the service's task center, or the `jobsPath` the program names. */
export function statusSourceOf(runtime: RuntimeContext, client: OtcClient, jobsPath: string | undefined): JobStatusSource {
    if (jobsPath === undefined || jobsPath === DEFAULT_JOBS_PATH) return runtime.statusSource(client);
    return new SingleJobStatusSource(client, jobsPath);
}

/** One create, update or delete of the operation: its client, label, deadline and where its jobs are polled. */
export function operationOf(
    runtime: RuntimeContext,
    inputs: Pick<JobOperationInputs, "endpoint" | "service" | "ownerUrn" | "timeouts" | "jobsPath">,
    kind: Operation,
): ResourceOperation {
    const client = clientOf(runtime, inputs);
    return new ResourceOperation(runtime, client, resourceNameOf(inputs.ownerUrn), kind, timeoutsOf(inputs), statusSourceOf(runtime, client, inputs.jobsPath));
}

/** Sends one request of the operation; an error never carries a secret of the bodies. */
export async function send(
    client: OtcClient,
    spec: RequestSpec | LookupSpec,
    body: unknown,
    secrets: readonly string[],
): Promise<{ status: number; answer: unknown }> {
    try {
        const { status, body: answer } = await client.call(
            {
                method: spec.method,
                path: spec.path,
                ...(spec.query ? { query: Object.fromEntries(Object.entries(spec.query).map(([k, v]) => [k, String(v)])) } : {}),
                ...(body !== undefined && spec.method !== "GET" ? { body } : {}),
                // Only a read is safe to send twice: a lost answer to a POST must not become a second restart.
                idempotent: spec.method === "GET",
            },
            anyJson,
        );
        return { status, answer };
    } catch (error) {
        throw redactError(error, secrets);
    }
}

/** Job ids this provider process submitted itself (the rest were submitted by an earlier, interrupted run). */
export const SUBMITTED_HERE = new Set<string>();
