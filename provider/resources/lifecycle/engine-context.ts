import type { OtcClient } from "../../client/otc-client";
import type { RuntimeContext } from "../runtime-context";
import type { InstanceAdapter, LifecycleInputs, ManagedInstance } from "./instance-adapter";
import { InstanceStatusSource, type InstanceTarget } from "./instance-status-source";
import type { ResourceOperation, SubmittedJob } from "./resource-operation";

/** One adapter in one provider process, and the small verbs every lifecycle step builds on. */
export class EngineContext<I extends LifecycleInputs, A extends ManagedInstance> {
    constructor(
        readonly adapter: InstanceAdapter<I, A>,
        readonly runtime: RuntimeContext,
    ) {}

    /** Every name a job that creates the instance may have (a restore into a new instance is its own job). */
    get createJobNames(): readonly string[] {
        return [this.adapter.jobNames.create, ...(this.adapter.jobNames.otherCreates ?? [])];
    }

    /** True for a job that creates the instance, whichever of its names. */
    isCreateJob(jobName: string | undefined): boolean {
        return jobName !== undefined && this.createJobNames.includes(jobName);
    }

    async read(client: OtcClient, instanceId: string, signal?: AbortSignal): Promise<A | undefined> {
        const [instance] = await this.adapter.find(client, { id: instanceId }, signal);
        return instance;
    }

    /** Waits, with progress lines, until the instance is ready (or gone), when there is no job to wait for. */
    async waitOnInstance(op: ResourceOperation, instanceId: string, instanceName: string, target: InstanceTarget, jobName: string): Promise<void> {
        const source = new InstanceStatusSource((signal) => this.read(op.client, instanceId, signal), (i) => this.adapter.phaseOf(i), target, jobName);
        const job: SubmittedJob = { id: `instance-status:${instanceId}`, name: jobName, submittedAt: new Date() };
        await op.waitOnSource(
            source,
            job,
            { instanceId, instanceName },
            `Run pulumi ${op.operation === "delete" ? "destroy" : "up"} again to keep waiting for instance ${instanceName} (${instanceId}).`,
        );
    }
}
