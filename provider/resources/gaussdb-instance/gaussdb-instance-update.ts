import type * as pulumi from "@pulumi/pulumi";
import { JobFailedError, JobTimeoutError } from "../../jobs/job-errors";
import { ResourceInitError } from "../lifecycle/resource-init-error";
import type { ResourceOperation, SubmittedJob } from "../lifecycle/resource-operation";
import {
    enlargeGaussDbVolume,
    findGaussDbInstances,
    GAUSSDB_JOB_NAMES,
    type GaussDbInstanceApi,
    resetGaussDbPassword,
    resizeGaussDbFlavor,
} from "./gaussdb-api";
import type { GaussDbInstanceOutputs } from "./gaussdb-instance-inputs";
import { outputsOf, type ProviderInputs } from "./gaussdb-instance-state";

/**
 * Update: first finish the job a previous run left pending (resuming its wait, never resubmitting), then move
 * the instance to the program's flavor, volume size and password, one job at a time. Whatever fails, the state
 * records the instance as it really is afterwards (read back), so the next `pulumi up` retries what is left.
 */
export async function updateGaussDbInstanceResource(
    op: ResourceOperation,
    id: string,
    olds: GaussDbInstanceOutputs,
    news: ProviderInputs,
): Promise<pulumi.dynamic.UpdateResult<GaussDbInstanceOutputs>> {
    const client = op.client;
    const name = olds.instanceName;
    const identity = { instanceId: id, instanceName: name };
    let pending: SubmittedJob | undefined = olds.pendingJob
        ? { ...olds.pendingJob, submittedAt: new Date(olds.pendingJob.submittedAt) }
        : undefined;
    let appliedPassword = olds.password;
    const read = async (): Promise<GaussDbInstanceApi | undefined> => (await findGaussDbInstances(client, { id }))[0];
    const wait = async (job: SubmittedJob, resumed = false) => {
        pending = job;
        await op.waitForJob(job, identity, resumeHint(job), resumed);
        pending = undefined;
    };

    try {
        if (pending) {
            op.announce(`resuming the wait for ${pending.name} job ${pending.id} left pending by the previous run`);
            await wait(pending, true);
        }
        let instance = await read();
        if (!instance) {
            throw new Error(
                `Instance ${name} (${id}) no longer exists at OTC: it was deleted outside Pulumi. ` +
                    `Run pulumi refresh to drop it from the state, then pulumi up to create it again.`,
            );
        }
        // Each change is decided again on every attempt: after a 409 the instance may already be what we want
        // (the busy job was the previous run's resize), and resubmitting would be refused. The first attempt
        // uses the instance just read.
        const existing: GaussDbInstanceApi = instance;
        let fresh: GaussDbInstanceApi | undefined = existing;
        const current = async (): Promise<GaussDbInstanceApi> => {
            const known = fresh ?? (await read()) ?? existing;
            fresh = undefined;
            return known;
        };
        const resized = await op.submitWhenIdle(async () => {
            const instanceNow = await current();
            if (instanceNow.flavor_ref === news.flavorRef) return undefined;
            return { submittedAt: new Date(), ...(await resizeGaussDbFlavor(client, id, news.flavorRef)) };
        });
        if (resized) {
            await wait({ id: resized.jobId, name: GAUSSDB_JOB_NAMES.resize, submittedAt: resized.submittedAt });
            fresh = undefined;
        }
        const enlarged = await op.submitWhenIdle(async () => {
            const instanceNow = await current();
            if (news.volume.size <= (instanceNow.volume?.size ?? olds.volume.size)) return undefined;
            return { submittedAt: new Date(), ...(await enlargeGaussDbVolume(client, id, news.volume.size)) };
        });
        if (enlarged) {
            await wait({ id: enlarged.jobId, name: GAUSSDB_JOB_NAMES.enlarge, submittedAt: enlarged.submittedAt });
        }
        instance = (await read()) ?? instance;
        if (news.password !== olds.password) {
            await op.submitWhenIdle(() => resetGaussDbPassword(client, id, news.password));
            appliedPassword = news.password;
        }
        return { outs: outputsOf(news, name, instance) };
    } catch (error) {
        // Without a read-back, record the last values known to be real, never the ones asked for: otherwise the
        // next diff would see nothing left to do.
        const instance = (await read().catch(() => undefined)) ?? lastKnown(olds);
        const recorded = { ...news, password: appliedPassword };
        if (error instanceof JobFailedError) {
            const isCreate = error.jobName === GAUSSDB_JOB_NAMES.create;
            const failedJob = { id: error.jobId, name: error.jobName ?? "", failReason: error.failReason };
            const what = isCreate
                ? `The failed instance is recorded in state; the next pulumi up replaces it.`
                : `The state records the instance as it is now (flavor ${instance?.flavor_ref ?? "unknown"}, ` +
                  `volume ${instance?.volume?.size ?? "unknown"} GB); the next pulumi up tries the change again.`;
            throw new ResourceInitError(
                `${error.message}\n${what}`,
                id,
                outputsOf(recorded, name, instance, isCreate ? { failedJob, status: "FAILED" } : {}),
            );
        }
        const stillPending: SubmittedJob | undefined = pending;
        const pendingJob = stillPending
            ? { id: stillPending.id, name: stillPending.name, submittedAt: stillPending.submittedAt.toISOString() }
            : undefined;
        const message =
            error instanceof JobTimeoutError
                ? error.message
                : `${error instanceof Error ? error.message : String(error)}${stillPending ? `\n${resumeHint(stillPending)}` : ""}`;
        throw new ResourceInitError(message, id, outputsOf(recorded, name, instance, pendingJob ? { pendingJob } : {}));
    }
}

function resumeHint(job: SubmittedJob): string {
    return `The next pulumi up waits for ${job.name} job ${job.id} again (no new request), then finishes the update.`;
}

/** The instance as the state last recorded it, for when OTC cannot be asked. */
function lastKnown(olds: GaussDbInstanceOutputs): GaussDbInstanceApi {
    return {
        id: "",
        name: olds.instanceName,
        status: olds.status,
        flavor_ref: olds.flavorRef,
        volume: { type: olds.volume.type, size: olds.volume.size },
        private_ips: olds.privateIps,
        ...(olds.region ? { region: olds.region } : {}),
    };
}
