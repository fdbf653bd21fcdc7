import type * as pulumi from "@pulumi/pulumi";
import { OtcApiError, OtcNetworkError, OtcResponseError, isInstanceGone } from "../../client/otc-api-error";
import type { OtcClient } from "../../client/otc-client";
import { networkErrorCode } from "../../client/otc-client";
import { JobFailedError, JobTimeoutError } from "../../jobs/job-errors";
import { type Job, jobFromTask, taskListResponseSchema } from "../../jobs/job-schema";
import { waitForJobWith } from "../../jobs/job-waiter";
import { abortableSleep } from "../../util/abortable-sleep";
import { ownershipSuffix, physicalName } from "../lifecycle/ownership";
import { ResourceInitError } from "../lifecycle/resource-init-error";
import type { ResourceOperation, SubmittedJob } from "../lifecycle/resource-operation";
import {
    type CreateGaussDbInstanceBody,
    createGaussDbInstance,
    deleteGaussDbInstance,
    findGaussDbInstances,
    GAUSSDB_JOB_NAMES,
    type GaussDbInstanceApi,
} from "./gaussdb-api";
import type { GaussDbInstanceOutputs } from "./gaussdb-instance-inputs";
import { outputsOf, type ProviderInputs } from "./gaussdb-instance-state";
import { GaussDbInstanceStatusSource } from "./gaussdb-instance-status-source";

/**
 * Create, never losing track of the instance: adopt the instance an interrupted run of this resource left
 * (found by its ownership marker), otherwise submit; wait for the create job; on `Failed`, delete the failed
 * instance (or keep it, recorded in state, with `keepFailedInstance`); on a deadline or any other error once the
 * instance exists, record it in state with the pending job so the next `pulumi up` resumes the wait.
 */
export async function createGaussDbInstanceResource(
    op: ResourceOperation,
    inputs: ProviderInputs,
    region: string,
): Promise<pulumi.dynamic.CreateResult<GaussDbInstanceOutputs>> {
    const client = op.client;
    const name = physicalName(inputs.name, inputs.ownerUrn);
    const adopted = await findOwnInstance(client, name);
    let instanceId: string;
    let job: SubmittedJob | undefined;
    if (adopted) {
        instanceId = adopted.id;
        op.announce(
            `adopting instance ${name} (${adopted.id}, status ${adopted.status}) created by an earlier, interrupted run ` +
                `of this resource (ownership marker ${ownershipSuffix(inputs.ownerUrn)}); no new instance is created`,
        );
    } else {
        const submittedAt = new Date();
        const submitted = await submitCreate(op, createBody(inputs, name, region), name);
        instanceId = submitted.instanceId;
        if (submitted.jobId) job = { id: submitted.jobId, name: GAUSSDB_JOB_NAMES.create, submittedAt };
    }

    // From here on the instance exists: every way out records it in state, or deletes it and says so.
    const identity = { instanceId, instanceName: name };
    try {
        // An adopted instance, or one whose create answer was lost: its create job is in the task list.
        job ??= await findCreateJob(client, instanceId);
        if (job) {
            await op.waitForJob(job, identity, resumeHint(op.label, job), adopted !== undefined);
        } else if ((adopted?.status ?? "BUILD") === "BUILD") {
            await waitOnInstanceStatus(op, instanceId, name);
        }
        const instance = await readInstance(client, instanceId);
        if (instance?.status === "FAILED") {
            throw new JobFailedError(
                { id: job?.id ?? "unknown", name: GAUSSDB_JOB_NAMES.create, status: "Failed", rawStatus: "Failed", failReason: "The instance is in status FAILED" },
                identity,
            );
        }
        return { id: instanceId, outs: outputsOf(inputs, name, instance) };
    } catch (error) {
        if (error instanceof JobFailedError) return handleFailedCreate(op, inputs, name, instanceId, error);
        const pendingJob = job ? { id: job.id, name: job.name, submittedAt: job.submittedAt.toISOString() } : undefined;
        const instance = await readInstance(client, instanceId).catch(() => undefined);
        const reason =
            error instanceof JobTimeoutError
                ? error.message
                : `${error instanceof Error ? error.message : String(error)}\n` +
                  `The instance ${name} (${instanceId}) exists and is recorded in state; ${resumeHint(op.label, job)}`;
        throw new ResourceInitError(reason, instanceId, outputsOf(inputs, name, instance, pendingJob ? { pendingJob } : {}));
    }
}

export function createBody(inputs: ProviderInputs, name: string, region: string): CreateGaussDbInstanceBody {
    const body: CreateGaussDbInstanceBody = {
        name,
        datastore: { type: "GaussDB", ...(inputs.datastoreVersion ? { version: inputs.datastoreVersion } : {}) },
        ha: {
            mode: inputs.ha.mode,
            ...(inputs.ha.consistency ? { consistency: inputs.ha.consistency } : {}),
            ...(inputs.ha.replicationMode ? { replication_mode: inputs.ha.replicationMode } : {}),
        },
        password: inputs.password,
        flavor_ref: inputs.flavorRef,
        volume: { type: inputs.volume.type, size: inputs.volume.size },
        region,
        availability_zone: inputs.availabilityZone,
        vpc_id: inputs.vpcId,
        subnet_id: inputs.subnetId,
        security_group_id: inputs.securityGroupId,
    };
    if (inputs.port !== undefined) body.port = String(inputs.port);
    return body;
}

/** The one instance carrying this resource's ownership marker, if any; two are refused, never guessed. */
async function findOwnInstance(client: OtcClient, name: string): Promise<GaussDbInstanceApi | undefined> {
    const found = await findGaussDbInstances(client, { name });
    if (found.length > 1) {
        throw new Error(
            `${found.length} OTC instances are named ${name} (${found.map((i) => `${i.id} ${i.status}`).join(", ")}), ` +
                `which carries this resource's ownership marker. Refusing to guess which one is this resource's: ` +
                `delete the extra instance(s) in the OTC console, then run pulumi up again.`,
        );
    }
    return found[0];
}

/**
 * POST the create. When the answer is lost (reset connection, 5xx, unreadable body) the instance may exist
 * anyway: look for it by name before giving up, so that the retry the user runs next does not duplicate it.
 */
async function submitCreate(
    op: ResourceOperation,
    body: CreateGaussDbInstanceBody,
    name: string,
): Promise<{ instanceId: string; jobId: string | undefined }> {
    try {
        return await createGaussDbInstance(op.client, body);
    } catch (error) {
        if (!outcomeUnknown(error)) throw error;
        const searchMs = Math.min(op.runtime.lostCreateAnswerSearchMs, Math.max(0, op.deadlineMs - Date.now()));
        const deadline = Date.now() + searchMs;
        for (let delayMs = 1_000; Date.now() < deadline; delayMs = Math.min(delayMs * 2, 10_000)) {
            await abortableSleep(Math.min(delayMs, Math.max(0, deadline - Date.now())));
            const found = await findOwnInstance(op.client, name).catch(() => undefined);
            if (found) {
                op.announce(`the create answer was lost (${describe(error)}), but instance ${name} (${found.id}) exists: continuing with it`);
                return { instanceId: found.id, jobId: undefined };
            }
        }
        throw new Error(
            `${describe(error)}\nThe create request's outcome is unknown and no instance named ${name} appeared within ` +
                `${Math.round(searchMs / 1000)} s. Running pulumi up again is safe: it adopts the instance if OTC created it.`,
            { cause: error },
        );
    }
}

function outcomeUnknown(error: unknown): boolean {
    if (error instanceof OtcApiError) return error.status >= 500;
    if (error instanceof OtcResponseError) return true;
    if (error instanceof OtcNetworkError) return !["ECONNREFUSED", "UND_ERR_CONNECT_TIMEOUT", "ENOTFOUND", "EAI_AGAIN"].includes(error.causeCode);
    return networkErrorCode(error) !== undefined;
}

/** The newest create job of an instance, from the task list (kept one month by OTC). */
async function findCreateJob(client: OtcClient, instanceId: string): Promise<SubmittedJob | undefined> {
    const { body } = await client.call(
        { method: "GET", path: client.projectPath("/tasks"), query: { name: GAUSSDB_JOB_NAMES.create, limit: 100 } },
        taskListResponseSchema,
    );
    const task = body.tasks.find((t) => t.instance_info?.instance_id === instanceId);
    if (!task) return undefined;
    const job: Job = jobFromTask(task);
    return { id: job.id, name: job.name, submittedAt: job.created ?? new Date() };
}

async function waitOnInstanceStatus(op: ResourceOperation, instanceId: string, name: string): Promise<void> {
    await waitForJobWith(
        { source: new GaussDbInstanceStatusSource(op.client, instanceId, GAUSSDB_JOB_NAMES.create) },
        {
            jobId: `instance-status:${instanceId}`,
            jobName: GAUSSDB_JOB_NAMES.create,
            timeoutMs: Math.max(0, op.deadlineMs - Date.now()),
            identity: { instanceId, instanceName: name },
            timeoutHint: `Run pulumi up again to keep waiting for instance ${name}.`,
        },
    );
}

async function readInstance(client: OtcClient, instanceId: string): Promise<GaussDbInstanceApi | undefined> {
    const [instance] = await findGaussDbInstances(client, { id: instanceId });
    return instance;
}

/** Rollback by default: delete the failed instance and say so; or keep it in state when asked to. */
async function handleFailedCreate(
    op: ResourceOperation,
    inputs: ProviderInputs,
    name: string,
    instanceId: string,
    failure: JobFailedError,
): Promise<never> {
    const failedJob = { id: failure.jobId, name: failure.jobName ?? GAUSSDB_JOB_NAMES.create, failReason: failure.failReason };
    const instance = await readInstance(op.client, instanceId).catch(() => undefined);
    const keep = (why: string): never => {
        throw new ResourceInitError(
            `${failure.message}\n${why}`,
            instanceId,
            outputsOf(inputs, name, instance, { failedJob, status: instance?.status ?? "FAILED" }),
        );
    };
    if (inputs.keepFailedInstance) {
        keep(
            `The failed instance ${name} (${instanceId}) was kept for inspection (keepFailedInstance) and is recorded in state. ` +
                `The next pulumi up replaces it; pulumi destroy deletes it.`,
        );
    }
    op.announce(`create job failed; deleting the failed instance ${name} (${instanceId})`);
    try {
        const { jobId } = await op.submitWhenIdle(() => deleteGaussDbInstance(op.client, instanceId));
        await op.waitForJob(
            { id: jobId, name: GAUSSDB_JOB_NAMES.delete, submittedAt: new Date() },
            { instanceId, instanceName: name },
            `Run pulumi up again: the failed instance is recorded in state and will be replaced.`,
        );
    } catch (error) {
        if (!isInstanceGone(error)) {
            keep(
                `Deleting the failed instance ${name} (${instanceId}) failed too (${describe(error)}); it is recorded in state. ` +
                    `The next pulumi up replaces it; pulumi destroy deletes it.`,
            );
        }
    }
    throw new Error(
        `${failure.message}\nThe failed instance ${name} (${instanceId}) was deleted; nothing was recorded in state. ` +
            `Fix the cause and run pulumi up again.`,
    );
}

function resumeHint(label: string, job: SubmittedJob | undefined): string {
    return job
        ? `The instance is recorded in state with the pending job; the next pulumi up waits for job ${job.id} again (no new create request). ` +
              `To wait outside Pulumi: otc-jobs wait ${job.id}`
        : `The instance is recorded in state; the next pulumi up of ${label} continues with it.`;
}

function describe(error: unknown): string {
    return error instanceof Error ? error.message.split("\n")[0] ?? error.name : String(error);
}
