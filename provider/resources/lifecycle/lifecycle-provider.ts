import type * as pulumi from "@pulumi/pulumi";
import { OtcConfigError, type ConfigSource } from "../../config/otc-settings";
import { isTerminal } from "../../jobs/job-schema";
import type { RuntimeContext } from "../runtime-context";
import { EngineContext } from "./engine-context";
import type { FailedJob, InstanceAdapter, LifecycleInputs, LifecycleOutputs, ManagedInstance, PendingJob } from "./instance-adapter";
import { checkInputs, diffInputs } from "./lifecycle-check";
import { createInstance } from "./lifecycle-create";
import { deleteInstance } from "./lifecycle-delete";
import { inputsAfterRefresh, outputsOf, type WithProvider } from "./lifecycle-state";
import { updateInstance } from "./lifecycle-update";
import type { Operation } from "./operation-timeouts";
import { instanceNaming, resourceNameOf } from "./ownership";
import { ResourceOperation } from "./resource-operation";

type Outputs<I> = I & LifecycleOutputs;

/**
 * The dynamic provider of every job-backed instance resource: the Pulumi verbs, each handed to the lifecycle step
 * that owns it, with the resource's adapter supplying only what is specific to its OTC service.
 */
export class LifecycleProvider<I extends LifecycleInputs, A extends ManagedInstance> implements pulumi.dynamic.ResourceProvider {
    private readonly engine: EngineContext<I, A>;

    constructor(
        readonly adapter: InstanceAdapter<I, A>,
        private readonly runtime: RuntimeContext,
    ) {
        this.engine = new EngineContext(adapter, runtime);
    }

    async configure(req: { config: ConfigSource }): Promise<void> {
        this.runtime.configure(req.config);
    }

    async check(olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult> {
        return checkInputs(this.adapter, olds, news, this.runtime.defaultRegion());
    }

    async diff(id: string, olds: Outputs<I>, news: I): Promise<pulumi.dynamic.DiffResult> {
        const diff = diffInputs(this.adapter, olds, news);
        const destructive = (diff.replaces ?? []).filter((path) => path !== "status");
        if (destructive.length > 0) {
            // Preview says only "replace"; a database replacement loses its data, so say it where it cannot be missed.
            this.runtime.reporter.announce(
                `${resourceNameOf(news.ownerUrn ?? olds.ownerUrn)}: WARNING: changing ${destructive.join(", ")} replaces the ${this.adapter.typeName}: ` +
                    `instance ${olds.instanceName} (${id}) and all its data are DELETED before the new one is created. ` +
                    `Set the resource option protect: true to make Pulumi refuse that.`,
            );
        }
        const { updates: _updates, ...result } = diff;
        return result;
    }

    async create(inputs: WithProvider<I>): Promise<pulumi.dynamic.CreateResult> {
        const op = this.operation(inputs, "create", resourceNameOf(inputs.ownerUrn));
        const region = inputs.region ?? this.runtime.settings().region;
        if (!region) {
            throw new OtcConfigError(`${this.adapter.typeName} needs a region: set the region property, otc:region, or OS_REGION_NAME`);
        }
        return createInstance(this.engine, op, { ...inputs, region }, region);
    }

    async update(id: string, olds: Outputs<I>, news: WithProvider<I>): Promise<pulumi.dynamic.UpdateResult> {
        const op = this.operation(news, "update", resourceNameOf(news.ownerUrn));
        return updateInstance(this.engine, op, id, olds, { ...news, region: news.region ?? olds.region });
    }

    async delete(id: string, props: Partial<Outputs<I>>): Promise<void> {
        const op = this.operation(props, "delete", props.ownerUrn ? resourceNameOf(props.ownerUrn) : id);
        await deleteInstance(this.engine, op, id, props.instanceName ?? id);
    }

    /**
     * Refresh, and `Resource.get`. An instance gone from OTC returns no id, which drops it from the state. A job left
     * pending is looked at once (never waited for here) and forgotten when it ended.
     */
    async read(id: string, props: WithProvider<Partial<Outputs<I>>> = {}): Promise<pulumi.dynamic.ReadResult> {
        const client = this.runtime.client(this.adapter.service);
        const instance = await this.engine.read(client, id);
        if (!instance) return {};
        const managed = props.ownerUrn !== undefined && props.ownerUrn !== "";
        // The recorded outputs minus what only outputs hold: a pending job that ended must not be carried over.
        const inputs = (
            managed
                ? { ...inputsAfterRefresh(props, this.adapter.outputOnlyKeys), __provider: props.__provider }
                : this.adapter.inputsOfExisting(instance)
        ) as WithProvider<I>;
        const extra: { pendingJob?: PendingJob; failedJob?: FailedJob } = {};
        if (props.failedJob) extra.failedJob = props.failedJob;
        if (props.pendingJob) {
            const lookup = await this.runtime.statusSource(client).lookup(props.pendingJob.id).catch(() => undefined);
            const ended = lookup?.kind === "found" && isTerminal(lookup.job.status);
            if (!ended && lookup?.kind !== "unknown") extra.pendingJob = props.pendingJob;
            else if (lookup?.kind === "found" && lookup.job.status === "Failed" && this.engine.isCreateJob(lookup.job.name)) {
                extra.failedJob = { id: lookup.job.id, name: lookup.job.name, failReason: lookup.job.failReason ?? "" };
            }
        }
        const name = props.instanceName ?? (managed ? instanceNaming(inputs).name : instance.name);
        const outputs = outputsOf(this.adapter, inputs, name, instance, extra);
        return managed ? { id, props: outputs, inputs: inputsAfterRefresh(outputs, this.adapter.outputOnlyKeys) } : { id, props: outputs };
    }

    private operation(inputs: Partial<LifecycleInputs>, operation: Operation, label: string): ResourceOperation {
        return new ResourceOperation(this.runtime, this.runtime.client(this.adapter.service), label, operation, inputs.timeouts);
    }
}
