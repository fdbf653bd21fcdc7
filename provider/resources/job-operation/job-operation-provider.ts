import { randomUUID } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import { isInstanceGone } from "../../client/otc-api-error";
import type { ConfigSource } from "../../config/otc-settings";
import { JobFailedError, JobNotFoundError } from "../../jobs/job-errors";
import type { Job } from "../../jobs/job";
import type { PendingJob } from "../lifecycle/job-records";
import { asSecret, describeError } from "../lifecycle/lifecycle-state";
import { ResourceInitError } from "../lifecycle/resource-init-error";
import type { ResourceOperation } from "../lifecycle/resource-operation";
import type { RuntimeContext } from "../runtime-context";
import { operationOf, send, SUBMITTED_HERE } from "./job-operation-calls";
import { diffJobOperation } from "./job-operation-diff";
import { jobIdPointerOf, type JobOperationInputs, jobOperationInputsSchema } from "./job-operation-inputs";
import type { SentRequest } from "./job-operation-request-provider";
import type { OtcOperationJob } from "./job-operation";
import { jobIdsAt } from "./json-pointer";
import { secretValuesOf } from "./secret-redaction";

type OperationInputs = JobOperationInputs & SentRequest;
type OperationOutputs = OperationInputs & { jobs: OtcOperationJob[]; pendingJobs?: PendingJob[] };

/**
 * The second half of an OtcJobOperation: waits for the job(s) its request half submitted (whose ids the engine
 * has already written to the state), with the progress lines, poll policy, rate limit and `fail_reason` errors of
 * the instance resources; sends the delete request on destroy and waits for its job. Not an `InstanceAdapter`:
 * there is no instance to find, name, adopt or read back, only jobs.
 */
export class JobOperationProvider implements pulumi.dynamic.ResourceProvider {
    constructor(private readonly runtime: RuntimeContext) {}

    async configure(req: { config: ConfigSource }): Promise<void> {
        this.runtime.configure(req.config);
    }

    /** The request half validates the same inputs and reports what is wrong; here only defaults are filled in. */
    async check(_olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult> {
        const parsed = jobOperationInputsSchema.safeParse(news);
        return { inputs: parsed.success ? { ...news, ...parsed.data } : news };
    }

    async diff(_id: string, olds: OperationOutputs, news: OperationInputs): Promise<pulumi.dynamic.DiffResult> {
        return diffJobOperation(olds, news);
    }

    async create(raw: Record<string, unknown>): Promise<pulumi.dynamic.CreateResult> {
        const inputs = this.parse(raw);
        const id = randomUUID();
        const jobs = await this.waitForAll(operationOf(this.runtime, inputs, "create"), id, raw, inputs.jobIds, inputs.submittedAt);
        return { id, outs: { ...withoutOutputs(raw), jobs } };
    }

    async update(id: string, olds: OperationOutputs, raw: Record<string, unknown>): Promise<pulumi.dynamic.UpdateResult> {
        const news = this.parse(raw);
        const again = olds.pendingJobs !== undefined || JSON.stringify(olds.jobIds) !== JSON.stringify(news.jobIds);
        if (!again) return { outs: { ...withoutOutputs(raw), jobs: olds.jobs } };
        return { outs: { ...withoutOutputs(raw), jobs: await this.waitForAll(operationOf(this.runtime, news, "update"), id, raw, news.jobIds, news.submittedAt) } };
    }

    /** Sends the delete request when there is one and waits for its job(s); otherwise forgets the operation. */
    async delete(_id: string, props: OperationOutputs): Promise<void> {
        const inputs = this.parse(props as unknown as Record<string, unknown>);
        const spec = inputs.delete;
        if (!spec) return;
        const op = operationOf(this.runtime, inputs, "delete");
        const secrets = secretValuesOf(inputs.bodies, inputs.secretPaths);
        let answer: unknown;
        try {
            ({ answer } = await op.submitWhenIdle(() => send(op.client, spec, inputs.bodies?.["delete"], secrets)));
        } catch (error) {
            if (!isInstanceGone(error)) throw error;
            op.announce(`${spec.method} ${spec.path} answered ${describeError(error)}: what it deletes is gone already; forgetting the operation`);
            return;
        }
        const jobIds = jobIdsAt(answer, jobIdPointerOf(inputs, "delete"));
        for (const jobId of jobIds) SUBMITTED_HERE.add(jobId);
        op.announce(`${spec.method} ${spec.path} sent${jobIds.length > 0 ? `: job ${jobIds.join(", ")}` : " (its answer names no job)"}`);
        const submittedAt = new Date().toISOString();
        const settled = await Promise.allSettled(jobIds.map((jobId) => this.waitForOne(op, jobId, submittedAt)));
        const failure = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
        if (failure) throw failure.reason;
    }

    async read(id: string, props: Record<string, unknown> = {}): Promise<pulumi.dynamic.ReadResult> {
        return { id, props };
    }

    private parse(raw: Record<string, unknown>): OperationInputs {
        return { ...(raw as unknown as SentRequest), ...jobOperationInputsSchema.parse(raw) };
    }

    /**
     * Waits for every job at once (a comma-joined list is several jobs). A failed job fails the operation with its
     * `fail_reason`; a deadline or a lost connection records the operation with its pending jobs, which the next
     * `pulumi up` waits for again (no request is sent again).
     */
    private async waitForAll(
        op: ResourceOperation,
        id: string,
        raw: Record<string, unknown>,
        jobIds: readonly string[],
        submittedAt: string,
    ): Promise<OtcOperationJob[]> {
        const settled = await Promise.allSettled(jobIds.map((jobId) => this.waitForOne(op, jobId, submittedAt)));
        const failed = settled.find((s): s is PromiseRejectedResult => s.status === "rejected" && (s.reason instanceof JobFailedError || s.reason instanceof JobNotFoundError));
        if (failed) {
            const error = failed.reason as Error;
            throw new Error(
                `${error.message}\nThe operation is not recorded; the next pulumi up sends its request again (fix the cause first).`,
                { cause: error },
            );
        }
        const done = settled.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
        const unfinished = jobIds.filter((_, i) => settled[i]?.status === "rejected");
        if (unfinished.length === 0) return done;
        const first = settled.find((s): s is PromiseRejectedResult => s.status === "rejected")!.reason;
        const pendingJobs: PendingJob[] = unfinished.map((jobId) => ({ id: jobId, name: "", submittedAt }));
        const outs: Record<string, unknown> = { ...withoutOutputs(raw), jobs: done, pendingJobs };
        if (outs["bodies"] !== undefined) outs["bodies"] = asSecret(outs["bodies"]);
        throw new ResourceInitError(
            `${describeError(first)}\nThe operation is recorded in state with its pending job(s) ${unfinished.join(", ")}; ` +
                `the next pulumi up waits for them again (no request is sent again). To wait outside Pulumi: otc-jobs wait ${unfinished[0]}`,
            id,
            outs,
        );
    }

    private async waitForOne(op: ResourceOperation, jobId: string, submittedAt: string): Promise<OtcOperationJob> {
        const resumed = !SUBMITTED_HERE.has(jobId);
        if (resumed) op.announce(`waiting again for job ${jobId}, submitted by an earlier run at ${submittedAt} (no request is sent again)`);
        const job = await op.waitForJob(
            { id: jobId, name: "", submittedAt: new Date(submittedAt) },
            {
                identity: {},
                timeoutHint: `The next pulumi up waits for job ${jobId} again (no request is sent again). To wait outside Pulumi: otc-jobs wait ${jobId}`,
                resumed,
            },
        );
        return recordOf(job!);
    }
}

/** The inputs without what only this provider outputs (the class registers them as unknown inputs). */
function withoutOutputs(raw: Record<string, unknown>): Record<string, unknown> {
    const { jobs: _jobs, pendingJobs: _pending, ...inputs } = raw;
    return inputs;
}

function recordOf(job: Job): OtcOperationJob {
    return {
        id: job.id,
        name: job.name,
        status: job.status,
        ...(job.entities ? { entities: job.entities } : {}),
        ...(job.instance ? { instance: job.instance } : {}),
        ...(job.created ? { created: job.created.toISOString() } : {}),
        ...(job.ended ? { ended: job.ended.toISOString() } : {}),
        ...(job.failReason ? { failReason: job.failReason } : {}),
    };
}
