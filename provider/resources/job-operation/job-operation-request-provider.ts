import type * as pulumi from "@pulumi/pulumi";
import type { ConfigSource } from "../../config/otc-settings";
import { createOutcomeUnknown } from "../lifecycle/lost-create-answer";
import { describeError } from "../lifecycle/lifecycle-state";
import { resourceNameOf } from "../lifecycle/ownership";
import type { ResourceOperation } from "../lifecycle/resource-operation";
import type { RuntimeContext } from "../runtime-context";
import { clientOf, operationOf, send, statusSourceOf, SUBMITTED_HERE } from "./job-operation-calls";
import { diffJobOperation } from "./job-operation-diff";
import {
    checkJobOperationInputs,
    jobIdPointerOf,
    type JobOperationInputs,
    jobOperationInputsSchema,
} from "./job-operation-inputs";
import { jobIdsAt, resolvePointer } from "./json-pointer";
import { redact, secretValuesOf } from "./secret-redaction";

/** What the request resource records besides its inputs: what was sent, what OTC answered. */
export interface SentRequest {
    /** The job(s) to wait for; several when the answer holds a list or comma-joined ids. */
    jobIds: string[];
    /** OTC's answer, with every secret of the bodies replaced by "[secret]". */
    answer: unknown;
    answerStatus: number;
    /** ISO time the request went out (or the lookup found the operation). */
    submittedAt: string;
    /** "create", "update", or "lookup" when the lookup found the operation already submitted. */
    sentRequest: "create" | "update" | "lookup";
}

type RequestOutputs = JobOperationInputs & SentRequest;

/**
 * The first half of an OtcJobOperation (`<name>-request`): sends the create (or update) request and returns at
 * once, so that the engine writes the job id to the state before anything waits for it. The operation resource
 * beside it waits. Deleting it deletes nothing: the operation resource sends the delete request.
 */
export class JobOperationRequestProvider implements pulumi.dynamic.ResourceProvider {
    constructor(private readonly runtime: RuntimeContext) {}

    async configure(req: { config: ConfigSource }): Promise<void> {
        this.runtime.configure(req.config);
    }

    async check(_olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult> {
        return checkJobOperationInputs(news);
    }

    /**
     * Besides the input changes: when a job of the last request failed (the operation half failed `pulumi up` with
     * its fail_reason and is not in the state), the request is run again: `update` again when it was the update
     * and there is one, else a replacement that sends `create`. One job query per job id, best effort (none at a
     * preview without credentials, and a job the task center no longer knows counts as not failed).
     */
    async diff(_id: string, olds: RequestOutputs, news: JobOperationInputs): Promise<pulumi.dynamic.DiffResult> {
        const diff = diffJobOperation(olds, news);
        if (diff.replaces && diff.replaces.length > 0) return diff;
        const failed = await this.failedJobOf(olds);
        if (!failed) return diff;
        this.runtime.reporter.announce(
            `${resourceNameOf(olds.ownerUrn)}: job ${failed} of the last ${olds.sentRequest} request failed; pulumi up runs the operation again`,
        );
        if (olds.sentRequest === "update" && news.update) return { ...diff, changes: true };
        return { changes: true, replaces: ["jobIds"], deleteBeforeReplace: true };
    }

    async create(raw: Record<string, unknown>): Promise<pulumi.dynamic.CreateResult> {
        const inputs = jobOperationInputsSchema.parse(raw);
        const op = operationOf(this.runtime, inputs, "create");
        const found = inputs.lookup ? await this.lookup(op, inputs) : undefined;
        const sent = found ?? (await this.submit(op, inputs, "create"));
        return { id: sent.jobIds[0] ?? `${resourceNameOf(inputs.ownerUrn)}-${Date.now()}`, outs: { ...raw, ...sent } };
    }

    async update(_id: string, olds: RequestOutputs, raw: Record<string, unknown>): Promise<pulumi.dynamic.UpdateResult> {
        const news = jobOperationInputsSchema.parse(raw);
        const rerun =
            news.update !== undefined &&
            (JSON.stringify(olds.triggers) !== JSON.stringify(news.triggers) || (olds.sentRequest === "update" && (await this.failedJobOf(olds)) !== undefined));
        if (!rerun) {
            const { jobIds, answer, answerStatus, submittedAt, sentRequest } = olds;
            return { outs: { ...raw, jobIds, answer, answerStatus, submittedAt, sentRequest } };
        }
        return { outs: { ...raw, ...(await this.submit(operationOf(this.runtime, news, "update"), news, "update")) } };
    }

    /** Forgets only: the operation resource, deleted first, sent the delete request if there is one. */
    async delete(): Promise<void> {}

    async read(id: string, props: Record<string, unknown> = {}): Promise<pulumi.dynamic.ReadResult> {
        return { id, props };
    }

    /** The first job of the last request that the task center reports Failed, if any. */
    private async failedJobOf(olds: RequestOutputs): Promise<string | undefined> {
        if (!Array.isArray(olds.jobIds) || olds.jobIds.length === 0) return undefined;
        try {
            const client = clientOf(this.runtime, olds);
            const source = statusSourceOf(this.runtime, client, olds.jobsPath);
            for (const jobId of olds.jobIds) {
                const lookup = await source.lookup(jobId);
                if (lookup.kind === "found" && lookup.job.status === "Failed") return `${lookup.job.name} ${jobId}`;
            }
        } catch {
            // No settings (a preview without credentials) or OTC unreachable: the inputs alone decide.
        }
        return undefined;
    }

    private async submit(op: ResourceOperation, inputs: JobOperationInputs, kind: "create" | "update"): Promise<SentRequest> {
        const spec = inputs[kind];
        if (!spec) throw new Error(`OtcJobOperation has no ${kind} request`);
        const secrets = secretValuesOf(inputs.bodies, inputs.secretPaths);
        let sent: { status: number; answer: unknown };
        try {
            sent = await op.submitWhenIdle(() => send(op.client, spec, inputs.bodies?.[kind], secrets));
        } catch (error) {
            if (!createOutcomeUnknown(error)) throw error;
            throw new Error(
                `${describeError(error)}\nThe outcome of the ${kind} request ${spec.method} ${spec.path} is unknown: OTC may have carried it out. ` +
                    (inputs.lookup
                        ? `The next pulumi up runs the lookup request first and waits for the operation it finds instead of sending it again.`
                        : `The next pulumi up sends it again; set lookup on the OtcJobOperation to find an operation already submitted instead.`),
                { cause: error },
            );
        }
        const pointer = jobIdPointerOf(inputs, kind);
        const jobIds = jobIdsAt(sent.answer, pointer);
        if (jobIds.length === 0) {
            const keys = typeof sent.answer === "object" && sent.answer !== null ? Object.keys(sent.answer).join(", ") : typeof sent.answer;
            throw new Error(
                `${spec.method} ${spec.path} answered ${sent.status}, but its answer has no job id at jobIdPointer "${pointer}" ` +
                    `(the answer has: ${keys || "nothing"}). OTC carried the request out; nothing was recorded. Fix jobIdPointer ` +
                    `(it may point at a string, a comma-joined list or an array of ids) before running pulumi up again, which sends the request again.`,
            );
        }
        for (const id of jobIds) SUBMITTED_HERE.add(id);
        op.announce(`${spec.method} ${spec.path} answered ${sent.status}: job ${jobIds.join(", ")}`);
        // When OTC answered, not when the request joined the rate-limit queue: the wait reads progress against it.
        const submittedAt = new Date().toISOString();
        return { jobIds, answer: redact(sent.answer, secrets), answerStatus: sent.status, submittedAt, sentRequest: kind };
    }

    /**
     * Before a create request: an operation an interrupted run already submitted (its answer lost with the run)
     * is taken over when the lookup finds it.
     */
    private async lookup(op: ResourceOperation, inputs: JobOperationInputs): Promise<SentRequest | undefined> {
        const spec = inputs.lookup!;
        const secrets = secretValuesOf(inputs.bodies, inputs.secretPaths);
        const { status, answer } = await send(op.client, spec, inputs.bodies?.["lookup"], secrets);
        const jobIds = spec.jobIdPointer !== undefined ? jobIdsAt(answer, spec.jobIdPointer) : [];
        const found = spec.found
            ? spec.found.equals === undefined
                ? resolvePointer(answer, spec.found.pointer) !== undefined
                : JSON.stringify(resolvePointer(answer, spec.found.pointer)) === JSON.stringify(spec.found.equals)
            : jobIds.length > 0;
        if (!found) return undefined;
        op.announce(
            `lookup ${spec.method} ${spec.path} found the operation already submitted` +
                (jobIds.length > 0 ? ` (job ${jobIds.join(", ")}): waiting for it instead of sending ${inputs.create.method} ${inputs.create.path}` : `: not sending ${inputs.create.method} ${inputs.create.path}`),
        );
        return { jobIds, answer: redact(answer, secrets), answerStatus: status, submittedAt: new Date().toISOString(), sentRequest: "lookup" };
    }
}
