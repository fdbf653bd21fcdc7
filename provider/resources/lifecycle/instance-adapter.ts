import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import type { OtcClient } from "../../client/otc-client";
import type { ServiceName } from "../../config/otc-settings";
import type { OperationTimeouts } from "./operation-timeouts";
import type { OwnershipToken } from "./ownership";
import type { FlavorCatalogue } from "./flavor-check";
import type { FailedJob, PendingJob } from "./job-records";
import type { ZoneInput } from "./placement-check";

/** What every instance's API answer has. */
export interface ManagedInstance {
    id: string;
    name: string;
    status: string;
    /** ISO creation time, when OTC reports it. */
    created?: string | null | undefined;
}

/** The inputs the lifecycle engine itself reads, whatever the resource. */
export interface LifecycleInputs {
    /** Name prefix; the instance is `<name>-<token suffix>`. */
    name?: string | undefined;
    /** An exact OTC instance name instead (no ownership suffix: an interrupted create cannot be adopted). */
    instanceName?: string | undefined;
    region?: string | undefined;
    /** Set by the resource class; the resource name in progress lines and the 0.1.0 marker come from it. */
    ownerUrn: string;
    /** From the resource's `OwnershipToken`; absent in state written by 0.1.0. */
    ownership?: OwnershipToken | undefined;
    /** Take over this existing instance instead of creating one (an explicit act of the user). */
    adoptInstanceId?: string | undefined;
    timeouts?: OperationTimeouts | undefined;
    keepFailedInstance: boolean;
}

// PendingJob and FailedJob live in a zod-free module: GaussDbInstance's published declarations reference them.
export type { FailedJob, PendingJob } from "./job-records";

/** What the engine adds to the inputs in the state. */
export interface LifecycleOutputs {
    instanceName: string;
    status: string;
    pendingJob?: PendingJob;
    failedJob?: FailedJob;
}

/** How an instance status reads to the engine. */
export type InstancePhase = "ready" | "building" | "failed" | "busy";

/** One property changed in place: the request that changes it, and the job that request starts (if any). */
export interface UpdateStep<I, A> {
    /** The input it changes, named in messages. */
    property: string;
    /** True when the instance (as just read) is not yet what the program says. Decided again on every attempt. */
    needed(instance: A, news: I, olds: I): boolean;
    /**
     * Sends the change. A step whose request takes effect at once returns no job id; several jobs (TaurusDB answers
     * a comma-joined list for replicas) come comma-joined, and each is waited for.
     */
    submit(client: OtcClient, instanceId: string, news: I): Promise<{ jobId?: string | undefined; jobName?: string | undefined }>;
    /** The job name OTC gives the step's job (a submit may name another, e.g. for a removal instead of an addition). */
    jobName?: string;
    /**
     * Once its jobs ended, decided again and submitted again while still needed: for a change OTC makes one piece
     * per request (one read replica removed per call). Bounded, so an instance that never changes fails the update.
     */
    repeat?: boolean;
}

/**
 * What a job-backed instance resource tells the lifecycle engine; the engine does everything else (ownership and
 * adoption, lost create answers, waiting with progress, rollback, partial state, resume, busy retries, read-back).
 * Every verb must be idempotent in the crossplane sense: `find` never fails for "none", a delete of a gone
 * instance answers a gone error (404 or a documented code), never success with another meaning.
 */
export interface InstanceAdapter<I extends LifecycleInputs, A extends ManagedInstance> {
    /** The resource class name, for messages. */
    readonly typeName: string;
    readonly service: ServiceName;
    /** Validates everything but the engine's own fields; messages must never quote a secret. */
    readonly schema: z.ZodType<I>;
    /** Inputs holding secrets: always recorded as secrets, never shown in a message. */
    readonly secretInputs: readonly string[];
    /** Dotted input paths OTC cannot change in place. */
    readonly replaceOn: readonly string[];
    readonly updateSteps: readonly UpdateStep<I, A>[];
    /** `otherCreates`: names a create job may also have (a restore into a new instance is its own job). */
    readonly jobNames: { readonly create: string; readonly delete: string; readonly otherCreates?: readonly string[] };
    /** OTC's longest instance name. */
    readonly maxNameLength: number;
    phaseOf(instance: A): InstancePhase;
    /**
     * Instances with this id or exact name. A search by name for the resource being created also gets its inputs, for
     * things listed only within a parent (RDS lists backups per instance).
     */
    find(client: OtcClient, query: { id: string } | { name: string }, signal?: AbortSignal, inputs?: I): Promise<A[]>;
    /** `jobName`: the create job's name when it is not `jobNames.create` (one of `otherCreates`). */
    submitCreate(
        client: OtcClient,
        inputs: I,
        instanceName: string,
        region: string,
    ): Promise<{ instanceId: string; jobId?: string | undefined; jobName?: string | undefined }>;
    /** `jobName`: the delete job's name when it is not `jobNames.delete` (RDS names it per engine). */
    submitDelete(client: OtcClient, instanceId: string): Promise<{ jobId?: string | undefined; jobName?: string | undefined }>;
    /** Immutable inputs on which a found instance differs from the program: `"vpcId is X, the program says Y"`. */
    adoptionMismatches(instance: A, inputs: I): string[];
    /** What OTC reports, overriding the inputs in the recorded outputs (so diffs compare with the real instance). */
    observed(instance: A | undefined, inputs: I): Record<string, unknown>;
    /** Keys `observed` adds that are not inputs (dropped from the inputs a refresh records). */
    readonly outputOnlyKeys: readonly string[];
    /** Inputs that describe an instance read by `Resource.get` (no program). */
    inputsOfExisting(instance: A): Record<string, unknown>;
    /**
     * The create job of an existing instance (adopted, or whose create answer was lost), when the service's task
     * list can tell. Default: the task list `GET /v3/{project_id}/tasks?name=<create job>`.
     */
    findCreateJob?(client: OtcClient, instanceId: string): Promise<{ id: string; name: string; submittedAt: Date } | undefined>;
    /** The inputs naming AZs, read from raw inputs, for the region check at preview (see placement-check.ts). */
    zoneInputs?(inputs: Record<string, unknown>): ZoneInput[];
    /** The service's flavor list, checked before a create or a resize is submitted (see flavor-check.ts). */
    readonly flavors?: FlavorCatalogue<I>;
    /** Checks across old and new inputs (a volume that would shrink). */
    checkTransition?(olds: Record<string, unknown>, news: Record<string, unknown>): pulumi.dynamic.CheckFailure[];
}
