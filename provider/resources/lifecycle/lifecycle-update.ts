import type * as pulumi from "@pulumi/pulumi";
import { JobFailedError, JobTimeoutError } from "../../jobs/job-errors";
import type { EngineContext } from "./engine-context";
import type { LifecycleInputs, LifecycleOutputs, ManagedInstance } from "./instance-adapter";
import { verifyFlavor } from "./flavor-check";
import { valueAt } from "./lifecycle-check";
import { describeError, outputsOf, pendingJobOf, type WithProvider } from "./lifecycle-state";
import { ResourceInitError } from "./resource-init-error";
import type { ResourceOperation, SubmittedJob } from "./resource-operation";

/**
 * Update: first finish the job a previous run left pending (resuming its wait, never resubmitting), then apply the
 * adapter's update steps in order, one job at a time, each decided again against the instance as it is now.
 * Whatever fails, the state records the instance as it really is (read back; a value OTC cannot report is recorded
 * as applied only once its request succeeded), so the next `pulumi up` retries what is left.
 */
export async function updateInstance<I extends LifecycleInputs, A extends ManagedInstance>(
    engine: EngineContext<I, A>,
    op: ResourceOperation,
    id: string,
    olds: I & LifecycleOutputs,
    news: WithProvider<I>,
): Promise<pulumi.dynamic.UpdateResult> {
    const { adapter } = engine;
    const client = op.client;
    const name = olds.instanceName;
    news = withCreationOwnership(news, olds);
    const identity = { instanceId: id, instanceName: name };
    let pending: SubmittedJob | undefined = olds.pendingJob
        ? { ...olds.pendingJob, submittedAt: new Date(olds.pendingJob.submittedAt) }
        : undefined;
    // What is known to be applied: the old values of every step's property until its request succeeds.
    const applied: Record<string, unknown> = {};
    for (const step of adapter.updateSteps) applied[step.property] = valueAt(olds, step.property.split("."));
    const read = () => engine.read(client, id);
    const wait = async (job: SubmittedJob, resumed = false) => {
        pending = job;
        await op.waitForJob(job, {
            identity,
            timeoutHint: `The next pulumi up waits for ${job.name} job ${job.id} again (no new request), then finishes the update.`,
            resumed,
            // A job the task center forgot: once the instance is idle again, each step is decided from what it shows.
            whenJobUnknown: async () => {
                const instance = await read();
                if (!instance) throw goneError(name, id);
                if (adapter.phaseOf(instance) !== "ready") await engine.waitOnInstance(op, id, name, "ready", job.name);
            },
        });
        pending = undefined;
    };

    try {
        if (pending) {
            op.announce(`resuming the wait for ${pending.name} job ${pending.id} left pending by the previous run`);
            await wait(pending, true);
        }
        const first = await read();
        if (!first) throw goneError(name, id);
        // After a busy answer the instance may already be what we want (the busy job was the previous run's
        // change), and resubmitting would be refused: each attempt reads it again, the first uses this read.
        let fresh: A | undefined = first;
        const current = async (): Promise<A> => {
            const known = fresh ?? (await read()) ?? first;
            fresh = undefined;
            return known;
        };
        for (const step of adapter.updateSteps) {
            let rounds = 0;
            for (;;) {
                const submitted = await op.submitWhenIdle(async () => {
                    const instance = await current();
                    if (!step.needed(instance, news, olds)) return undefined;
                    if (adapter.flavors?.property === step.property) await verifyFlavor(adapter.flavors, client, news, (m) => op.announce(m));
                    const answer = await step.submit(client, id, news);
                    // When OTC answered, not when the request joined the rate-limit queue: the waiter reads the
                    // job's progress against this time, and a start taken too early makes every job look slow.
                    return { submittedAt: new Date(), ...answer };
                });
                if (!submitted) break;
                rounds++;
                for (const jobId of (submitted.jobId ?? "").split(",").map((j) => j.trim()).filter(Boolean)) {
                    await wait({ id: jobId, name: submitted.jobName ?? step.jobName ?? step.property, submittedAt: submitted.submittedAt });
                }
                if (!step.repeat) break;
                if (rounds >= MAX_STEP_ROUNDS) {
                    throw new Error(`${step.property}: the instance is still not as the program says after ${rounds} requests; run pulumi refresh, then pulumi up`);
                }
            }
            if (rounds > 0) applied[step.property] = valueAt(news, step.property.split("."));
        }
        const instance = (await read()) ?? first;
        return { outs: outputsOf(adapter, news, name, instance) };
    } catch (error) {
        // Without a read-back, the values known to be real: the old ones for every change not confirmed.
        const instance = await read().catch(() => undefined);
        const recorded = withValues(news, applied);
        if (error instanceof JobFailedError) {
            const isCreate = engine.isCreateJob(error.jobName);
            const failedJob = { id: error.jobId, name: error.jobName ?? "", failReason: error.failReason };
            const what = isCreate
                ? `The failed instance is recorded in state; the next pulumi up replaces it.`
                : `The state records the instance as it is now; the next pulumi up tries the change again.`;
            throw new ResourceInitError(
                `${error.message}\n${what}`,
                id,
                outputsOf(adapter, recorded, name, instance, isCreate ? { failedJob, status: "FAILED" } : { status: instance?.status ?? olds.status }),
            );
        }
        const stillPending = pending as SubmittedJob | undefined;
        const pendingJob = pendingJobOf(stillPending);
        const message =
            error instanceof JobTimeoutError
                ? error.message
                : `${describeError(error)}${stillPending ? `\nThe next pulumi up waits for ${stillPending.name} job ${stillPending.id} again (no new request), then finishes the update.` : ""}`;
        throw new ResourceInitError(message, id, outputsOf(adapter, recorded, name, instance, { pendingJob, status: instance?.status ?? olds.status }));
    }
}

/** How often a repeating step is submitted within one update at most. */
const MAX_STEP_ROUNDS = 20;

function goneError(name: string, id: string): Error {
    return new Error(
        `Instance ${name} (${id}) no longer exists at OTC: it was deleted outside Pulumi. ` +
            `Run pulumi refresh to drop it from the state, then pulumi up to create it again.`,
    );
}

function withValues<T>(root: T, values: Record<string, unknown>): T {
    const copy = structuredClone(root) as Record<string, unknown>;
    for (const [dotted, value] of Object.entries(values)) {
        const keys = dotted.split(".");
        let node = copy;
        for (const key of keys.slice(0, -1)) {
            const next = node[key];
            if (typeof next !== "object" || next === null) break;
            node = next as Record<string, unknown>;
        }
        const last = keys[keys.length - 1] as string;
        if (value === undefined) delete node[last];
        else node[last] = value;
    }
    return copy as T;
}

/**
 * The program's inputs with the ownership token the instance was created with, which its name carries: the
 * program's may be another (derived from the stack's key, for an instance created with a token of its own by an
 * earlier version) and matters only at create, so the outputs keep recording the one that named the instance.
 */
function withCreationOwnership<I extends LifecycleInputs>(news: WithProvider<I>, olds: LifecycleInputs): WithProvider<I> {
    const { ownership: _program, ...rest } = news;
    return (olds.ownership ? { ...rest, ownership: olds.ownership } : rest) as WithProvider<I>;
}
