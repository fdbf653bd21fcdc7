import type * as pulumi from "@pulumi/pulumi";
import { isInstanceGone } from "../../client/otc-api-error";
import type { OtcClient } from "../../client/otc-client";
import { JobFailedError, JobTimeoutError } from "../../jobs/job-errors";
import { jobFromTask } from "../../jobs/job-schema";
import { lenientTaskListSchema, readTaskListPage } from "../../jobs/task-list-page";
import { abortableSleep } from "../../util/abortable-sleep";
import type { EngineContext } from "./engine-context";
import { verifyFlavor } from "./flavor-check";
import type { LifecycleInputs, ManagedInstance } from "./instance-adapter";
import { describeError, outputsOf, pendingJobOf, type WithProvider } from "./lifecycle-state";
import { createOutcomeUnknown } from "./lost-create-answer";
import { type InstanceNaming, instanceNaming, tokenSuffix } from "./ownership";
import { ResourceInitError } from "./resource-init-error";
import type { ResourceOperation, SubmittedJob } from "./resource-operation";

/** OTC's clock and ours may differ; an instance this much older than its token still counts as made after it. */
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Create, never losing track of the instance: take over the instance the program names (`adoptInstanceId`), or
 * adopt the one an interrupted run of this very resource made (proven by the ownership token), otherwise submit;
 * wait for the create job; on `Failed`, delete the failed instance (or keep it, recorded in state, with
 * `keepFailedInstance`); on a deadline or any other error once the instance exists, record it in state with the
 * pending job so the next `pulumi up` resumes the wait.
 */
export async function createInstance<I extends LifecycleInputs, A extends ManagedInstance>(
    engine: EngineContext<I, A>,
    op: ResourceOperation,
    inputs: WithProvider<I>,
    region: string,
): Promise<pulumi.dynamic.CreateResult> {
    const { adapter } = engine;
    const naming = instanceNaming(inputs);
    let recorded: WithProvider<I> = inputs;
    let existing: A | undefined;
    if (inputs.adoptInstanceId) {
        existing = await takeOver(engine, op, inputs, inputs.adoptInstanceId);
        // A password cannot be read back: leave it unrecorded, so the next preview shows it will be set.
        recorded = withoutSecrets(engine, inputs);
    } else {
        existing = await findOwnInstance(engine, op, inputs, naming);
    }
    let instanceId: string;
    let name = naming.name;
    let job: SubmittedJob | undefined;
    if (existing) {
        instanceId = existing.id;
        name = existing.name;
    } else {
        // Before the request, as the earliest the instance can have been made (the search after a lost answer);
        // the job's own time is when OTC answered: the request may have queued at the rate limit for minutes, and
        // the waiter reads progress against it.
        if (adapter.flavors) await verifyFlavor(adapter.flavors, op.client, inputs, (m) => op.announce(m));
        const sendingAt = new Date();
        const submitted = await submitCreate(engine, op, inputs, naming, region, sendingAt);
        instanceId = submitted.instanceId;
        if (submitted.jobId) job = { id: submitted.jobId, name: submitted.jobName ?? adapter.jobNames.create, submittedAt: new Date() };
    }

    // From here on the instance exists: every way out records it in state, or deletes it and says so.
    const identity = { instanceId, instanceName: name };
    const waitReady = () => engine.waitOnInstance(op, instanceId, name, "ready", adapter.jobNames.create);
    try {
        // An adopted instance, or one whose create answer was lost: its create job is in the task list.
        const lookup = adapter.findCreateJob ?? ((client: OtcClient, id: string) => findCreateJob(client, engine.createJobNames, id));
        job ??= await lookup(op.client, instanceId).catch(() => undefined);
        if (job) {
            await op.waitForJob(job, {
                identity,
                timeoutHint: resumeHint(job),
                resumed: existing !== undefined,
                whenJobUnknown: waitReady,
            });
        } else if (!existing || adapter.phaseOf(existing) !== "ready") {
            await waitReady();
        }
        const instance = await engine.read(op.client, instanceId);
        if (!instance || adapter.phaseOf(instance) === "failed") {
            throw new JobFailedError(
                {
                    id: job?.id ?? "unknown",
                    name: job?.name ?? adapter.jobNames.create,
                    status: "Failed",
                    rawStatus: "Failed",
                    failReason: instance ? `The instance is in status ${instance.status}` : "The instance no longer exists",
                },
                identity,
            );
        }
        return { id: instanceId, outs: outputsOf(adapter, recorded, name, instance) };
    } catch (error) {
        if (error instanceof JobFailedError) {
            // An instance the user handed over is never rolled back: it was not this resource's to delete.
            const handed = inputs.adoptInstanceId ? { ...recorded, keepFailedInstance: true } : recorded;
            return handleFailedCreate(engine, op, handed, name, instanceId, error);
        }
        const instance = await engine.read(op.client, instanceId).catch(() => undefined);
        const reason =
            error instanceof JobTimeoutError
                ? error.message
                : `${describeError(error)}\nThe instance ${name} (${instanceId}) exists and is recorded in state; ${resumeHint(job)}`;
        const pendingJob = pendingJobOf(job);
        throw new ResourceInitError(reason, instanceId, outputsOf(adapter, recorded, name, instance, pendingJob ? { pendingJob } : {}));
    }
}

/**
 * The instance an interrupted run of this resource created, if any. Adopted only with proof: it carries this
 * resource's ownership token (a random value only this stack's state holds), was created after the token, and
 * matches the program's immutable inputs. An instance that only has the name is refused with what to do.
 */
async function findOwnInstance<I extends LifecycleInputs, A extends ManagedInstance>(
    engine: EngineContext<I, A>,
    op: ResourceOperation,
    inputs: I,
    naming: InstanceNaming,
): Promise<A | undefined> {
    const found = await engine.adapter.find(op.client, { name: naming.name }, undefined, inputs);
    if (found.length === 0) return undefined;
    const list = found.map((i) => `${i.id} ${i.status}`).join(", ");
    if (found.length > 1) {
        throw new Error(
            `${found.length} OTC instances are named ${naming.name} (${list}). Refusing to guess which one is this resource's: ` +
                `delete or rename the extra instance(s) in the OTC console, or take one over with adoptInstanceId, then run pulumi up again.`,
        );
    }
    const instance = found[0] as A;
    const what = `An OTC instance named ${naming.name} already exists (${instance.id}, status ${instance.status})`;
    if (naming.kind !== "token") {
        throw new Error(
            `${what}. This resource ${naming.kind === "exact" ? "sets instanceName, which" : "has no ownership token, and its name"} ` +
                `cannot prove that this stack created it, so it is not taken over. If it is this resource's instance (say, left by ` +
                `an interrupted pulumi up), take it over explicitly: set adoptInstanceId: "${instance.id}" and run pulumi up again. ` +
                `Otherwise choose another name.`,
        );
    }
    const problems = engine.adapter.adoptionMismatches(instance, inputs);
    const createdMs = instance.created ? Date.parse(instance.created) : Number.NaN;
    if (Number.isFinite(createdMs) && createdMs < Date.parse(naming.owner.createdAt) - CLOCK_SKEW_MS) {
        problems.push(`it was created at ${instance.created}, before this resource's ownership token (${naming.owner.createdAt})`);
    }
    if (problems.length > 0) {
        throw new Error(
            `${what} and carries this resource's ownership suffix, but it is not this resource's: ${problems.join("; ")}. ` +
                `It is not taken over. Delete or rename it in the OTC console, or take it over with adoptInstanceId: "${instance.id}" ` +
                `after changing the program to match it.`,
        );
    }
    op.announce(
        `adopting instance ${instance.name} (${instance.id}, status ${instance.status}) created by an earlier, interrupted run ` +
            `of this resource (ownership token ${tokenSuffix(naming.owner)}…, kept in this stack's state); no new instance is created`,
    );
    return instance;
}

/** `adoptInstanceId`: the user names an existing instance to manage; it must match the program's immutable inputs. */
async function takeOver<I extends LifecycleInputs, A extends ManagedInstance>(
    engine: EngineContext<I, A>,
    op: ResourceOperation,
    inputs: I,
    instanceId: string,
): Promise<A> {
    const instance = await engine.read(op.client, instanceId);
    if (!instance) {
        // A project given by name has its id only once a request resolved it; the read above did.
        const projectId = await op.client.resolveProjectId().catch(() => op.client.projectId);
        throw new Error(
            `adoptInstanceId: no ${engine.adapter.typeName} instance with id ${instanceId} exists in project ${projectId} ` +
                `at ${op.client.endpoint}. Check the id (the OTC console shows it), the project and the region.`,
        );
    }
    const problems = engine.adapter.adoptionMismatches(instance, inputs);
    if (problems.length > 0) {
        throw new Error(
            `adoptInstanceId: instance ${instance.name} (${instance.id}) does not match the program: ${problems.join("; ")}. ` +
                `These cannot change in place: change the program to match the instance, or adopt another one.`,
        );
    }
    op.announce(
        `taking over existing instance ${instance.name} (${instance.id}, status ${instance.status}) as adoptInstanceId asks; ` +
            `from now on this stack manages it (pulumi destroy deletes it). Values it does not report (the password) are applied by the next pulumi up`,
    );
    return instance;
}

function withoutSecrets<I extends LifecycleInputs, A extends ManagedInstance>(engine: EngineContext<I, A>, inputs: WithProvider<I>): WithProvider<I> {
    const copy: Record<string, unknown> = { ...(inputs as object) };
    for (const key of engine.adapter.secretInputs) delete copy[key];
    return copy as WithProvider<I>;
}

/**
 * POST the create. When the answer is lost (reset connection, 5xx, unreadable body) the instance may exist
 * anyway: look for it by name before giving up, so that the retry the user runs next does not duplicate it. An
 * instance of that name that appears now, created after the request went out, is the one the request made (none
 * existed a moment earlier).
 */
async function submitCreate<I extends LifecycleInputs, A extends ManagedInstance>(
    engine: EngineContext<I, A>,
    op: ResourceOperation,
    inputs: I,
    naming: InstanceNaming,
    region: string,
    sendingAt: Date,
): Promise<{ instanceId: string; jobId: string | undefined; jobName?: string | undefined }> {
    try {
        // A create can target a busy parent (a backup of an instance running another job): wait like any mutation.
        const { instanceId, jobId, jobName } = await op.submitWhenIdle(() => engine.adapter.submitCreate(op.client, inputs, naming.name, region));
        return { instanceId, jobId, jobName };
    } catch (error) {
        if (!createOutcomeUnknown(error)) throw error;
        const searchMs = Math.min(op.runtime.lostCreateAnswerSearchMs, op.remainingMs);
        const deadline = Date.now() + searchMs;
        for (let delayMs = 1_000; Date.now() < deadline; delayMs = Math.min(delayMs * 2, 10_000)) {
            await abortableSleep(Math.min(delayMs, Math.max(0, deadline - Date.now())));
            const found = await engine.adapter.find(op.client, { name: naming.name }, undefined, inputs).catch(() => []);
            const made = found.filter((i) => !i.created || Date.parse(i.created) >= sendingAt.getTime() - CLOCK_SKEW_MS);
            if (made.length === 1 && made[0]) {
                op.announce(`the create answer was lost (${describeError(error)}), but instance ${naming.name} (${made[0].id}) exists: continuing with it`);
                return { instanceId: made[0].id, jobId: undefined };
            }
        }
        throw new Error(
            `${describeError(error)}\nThe create request's outcome is unknown and no instance named ${naming.name} appeared within ` +
                `${Math.round(searchMs / 1000)} s. ` +
                (naming.kind === "token"
                    ? `Running pulumi up again is safe: it adopts the instance if OTC created it.`
                    : `Check the OTC console for an instance named ${naming.name} before running pulumi up again: with an exact ` +
                      `instanceName it can only be taken over with adoptInstanceId.`),
            { cause: error },
        );
    }
}

/**
 * The newest create job of an instance, from the task list (OTC keeps a month of it), under any of the create
 * job's names. Read entry by entry: one task this package cannot read must not hide the others.
 */
async function findCreateJob(client: OtcClient, jobNames: readonly string[], instanceId: string): Promise<SubmittedJob | undefined> {
    for (const jobName of jobNames) {
        const { body } = await client.call(
            { method: "GET", path: client.projectPath("/tasks"), query: { name: jobName, limit: 100 } },
            lenientTaskListSchema,
        );
        const task = readTaskListPage(body).tasks.find((t) => t.instance_info?.instance_id === instanceId);
        if (!task) continue;
        const job = jobFromTask(task);
        return { id: job.id, name: job.name, submittedAt: job.created ?? new Date() };
    }
    return undefined;
}

/** Rollback by default: delete the failed instance and say so; or keep it in state when asked to. */
async function handleFailedCreate<I extends LifecycleInputs, A extends ManagedInstance>(
    engine: EngineContext<I, A>,
    op: ResourceOperation,
    inputs: WithProvider<I>,
    name: string,
    instanceId: string,
    failure: JobFailedError,
): Promise<never> {
    const { adapter } = engine;
    const failedJob = { id: failure.jobId, name: failure.jobName ?? adapter.jobNames.create, failReason: failure.failReason };
    const instance = await engine.read(op.client, instanceId).catch(() => undefined);
    const keep = (why: string): never => {
        throw new ResourceInitError(
            `${failure.message}\n${why}`,
            instanceId,
            outputsOf(adapter, inputs, name, instance, { failedJob, status: instance?.status ?? "FAILED" }),
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
        const { jobId, jobName = adapter.jobNames.delete } = await op.submitWhenIdle(() => adapter.submitDelete(op.client, instanceId));
        const waitGone = () => engine.waitOnInstance(op, instanceId, name, "gone", jobName);
        if (jobId) {
            await op.waitForJob(
                { id: jobId, name: jobName, submittedAt: new Date() },
                {
                    identity: { instanceId, instanceName: name },
                    timeoutHint: `Run pulumi up again: the failed instance is recorded in state and will be replaced.`,
                    whenJobUnknown: waitGone,
                },
            );
        } else {
            await waitGone();
        }
    } catch (error) {
        if (!isInstanceGone(error)) {
            keep(
                `Deleting the failed instance ${name} (${instanceId}) failed too (${describeError(error)}); it is recorded in state. ` +
                    `The next pulumi up replaces it; pulumi destroy deletes it.`,
            );
        }
    }
    throw new Error(
        `${failure.message}\nThe failed instance ${name} (${instanceId}) was deleted; nothing was recorded in state. ` +
            `Fix the cause and run pulumi up again.`,
    );
}

function resumeHint(job: SubmittedJob | undefined): string {
    return job
        ? `The instance is recorded in state with the pending job; the next pulumi up waits for job ${job.id} again (no new create request). ` +
              `To wait outside Pulumi: otc-jobs wait ${job.id}`
        : `The instance is recorded in state; the next pulumi up continues with it.`;
}

