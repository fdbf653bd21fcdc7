import * as pulumi from "@pulumi/pulumi";
import type { PendingJob } from "../lifecycle/job-records";
import { createProviderShim } from "../provider-shim";
import type { OtcJobOperationArgs, OtcJobOperationOptions, OtcLookupArgs, OtcRequestArgs } from "./job-operation-args";
import { warnOfPlainTextCredentials } from "../plain-text-credentials";

const operationShim = createProviderShim("job-operation");
const requestShim = createProviderShim("job-operation-request");

/** The Pulumi type token: `pulumi-nodejs:dynamic/otc-jobs:OtcJobOperation`. */
export const OTC_JOB_OPERATION_TYPE = "pulumi-nodejs:dynamic/otc-jobs:OtcJobOperation";

/** A job of the operation as it ended. */
export interface OtcOperationJob {
    id: string;
    /** The task center's job name, e.g. `RestartGaussDBV5Instance`. */
    name: string;
    /** `Completed` (a failed job fails `pulumi up` with its `fail_reason` instead). */
    status: string;
    /** What the job worked on, where the service reports it (RDS, TaurusDB). */
    entities?: Record<string, unknown>;
    instance?: { id: string; name?: string };
    /** ISO time OTC created the job. */
    created?: string;
    /** ISO time the job ended. */
    ended?: string;
    failReason?: string;
}

const KINDS = ["create", "update", "delete", "lookup"] as const;
const REQUEST_OUTPUTS = ["jobIds", "answer", "answerStatus", "submittedAt", "sentRequest"] as const;

/**
 * Any OTC call that answers with a job id (a restart, a restore, a switchover, scaling a replica), run by
 * `pulumi up` and waited for like the instance resources' jobs: progress lines, the shared poll policy and rate
 * limit, and OTC's `fail_reason` verbatim when the job fails. The outputs hold the final jobs and OTC's answer.
 *
 * It is two resources: `<name>-request` sends the request and returns at once, so the engine has written the job
 * id to the state before `<name>` (this one) waits for it. What an interrupted `pulumi up` leaves, exactly:
 * - killed while waiting (the usual case: the wait is nearly all of the time): the next `pulumi up` waits for the
 *   same job again, sending no request;
 * - a deadline (`customTimeouts`) or a lost connection while waiting: the operation is recorded with `pendingJobs`,
 *   and the next `pulumi up` waits for them again, sending no request;
 * - killed after the request went out but before its answer was recorded (milliseconds; longer only if the
 *   answer is lost on the network): the next `pulumi up` sends the create request again, unless `lookup` finds the
 *   operation already submitted, whose job it then waits for instead.
 *
 * A failed job fails `pulumi up` with OTC's `fail_reason`; the next `pulumi up` sees that job failed and sends the
 * request again (`update` if the failed job was the update's, else `create`).
 */
export class OtcJobOperation extends pulumi.dynamic.Resource {
    /** The job(s) the last request started (or the lookup found). */
    declare readonly jobIds: pulumi.Output<string[]>;
    /** The job(s) as they ended. */
    declare readonly jobs: pulumi.Output<OtcOperationJob[]>;
    /** OTC's answer to the last request (JSON), secrets of the bodies replaced by `[secret]`. */
    declare readonly answer: pulumi.Output<unknown>;
    /** Its HTTP status. */
    declare readonly answerStatus: pulumi.Output<number>;
    /** ISO time the last request was sent. */
    declare readonly submittedAt: pulumi.Output<string>;
    /** Which request started the jobs: `create`, `update`, or `lookup` (found already submitted). */
    declare readonly sentRequest: pulumi.Output<"create" | "update" | "lookup">;
    /** Set while a job outlived the deadline; the next `pulumi up` waits for it again. */
    declare readonly pendingJobs: pulumi.Output<PendingJob[] | undefined>;

    constructor(name: string, args: OtcJobOperationArgs, opts: OtcJobOperationOptions = {}) {
        warnOfPlainTextCredentials();
        const props = operationProps(name, args, opts);
        const request = new OtcJobOperationRequest(`${name}-request`, props, {
            ...(opts.parent ? { parent: opts.parent } : {}),
            ...(opts.dependsOn ? { dependsOn: opts.dependsOn } : {}),
            ...(opts.protect !== undefined ? { protect: opts.protect } : {}),
            deleteBeforeReplace: true,
            additionalSecretOutputs: ["bodies"],
        });
        super(
            operationShim,
            name,
            {
                ...props,
                ...Object.fromEntries(REQUEST_OUTPUTS.map((key) => [key, request[key]])),
                jobs: undefined,
                pendingJobs: undefined,
            },
            {
                ...opts,
                deleteBeforeReplace: opts.deleteBeforeReplace ?? true,
                additionalSecretOutputs: [...(opts.additionalSecretOutputs ?? []), "bodies"],
            },
            "otc-jobs",
            "OtcJobOperation",
        );
    }
}

/** The first half: sends the create or update request and records its answer (see {@link OtcJobOperation}). */
class OtcJobOperationRequest extends pulumi.dynamic.Resource {
    declare readonly jobIds: pulumi.Output<string[]>;
    declare readonly answer: pulumi.Output<unknown>;
    declare readonly answerStatus: pulumi.Output<number>;
    declare readonly submittedAt: pulumi.Output<string>;
    declare readonly sentRequest: pulumi.Output<string>;

    constructor(name: string, props: pulumi.Inputs, opts: pulumi.CustomResourceOptions) {
        super(requestShim, name, { ...props, ...Object.fromEntries(REQUEST_OUTPUTS.map((key) => [key, undefined])) }, opts, "otc-jobs", "OtcJobOperationRequest");
    }
}

/**
 * Both halves' inputs: each request without its body; the bodies together, as one secret; where in the bodies the
 * program's own secrets are (so the provider can keep them out of the recorded answer and of messages).
 */
function operationProps(name: string, args: OtcJobOperationArgs, opts: pulumi.CustomResourceOptions): pulumi.Inputs {
    const requests: Record<string, unknown> = {};
    const bodies: Record<string, unknown> = {};
    const secretPaths: Record<string, Promise<string[]>> = {};
    for (const kind of KINDS) {
        const spec = args[kind] as OtcRequestArgs | OtcLookupArgs | undefined;
        if (!spec) continue;
        const { body, ...rest } = spec;
        requests[kind] = rest;
        if (body !== undefined) {
            bodies[kind] = body;
            secretPaths[kind] = secretPointers(body, "");
        }
    }
    const kinds = Object.keys(secretPaths);
    return {
        ownerUrn: pulumi.createUrn(name, OTC_JOB_OPERATION_TYPE, opts.parent),
        endpoint: args.endpoint,
        service: args.service,
        jobIdPointer: args.jobIdPointer,
        jobsPath: args.jobsPath,
        triggers: args.triggers,
        ...requests,
        bodies: pulumi.secret(bodies),
        secretPaths: pulumi.output(Promise.all(kinds.map((k) => secretPaths[k]!)).then((lists) => Object.fromEntries(kinds.map((k, i) => [k, lists[i]])))),
        // The engine neither enforces customTimeouts for dynamic providers nor passes them on.
        timeouts: opts.customTimeouts ?? {},
    };
}

/** JSON pointers of the places in a body that hold a secret `Output` (everything below them is secret). */
async function secretPointers(value: unknown, at: string): Promise<string[]> {
    if (pulumi.Output.isInstance(value)) return (await pulumi.isSecret(value)) ? [at] : [];
    if (Array.isArray(value)) return (await Promise.all(value.map((child, i) => secretPointers(child, `${at}/${i}`)))).flat();
    if (typeof value === "object" && value !== null && !(value instanceof Promise)) {
        const entries = Object.entries(value);
        const nested = await Promise.all(entries.map(([key, child]) => secretPointers(child, `${at}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`)));
        return nested.flat();
    }
    return [];
}
