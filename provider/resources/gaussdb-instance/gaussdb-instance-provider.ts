import type * as pulumi from "@pulumi/pulumi";
import type { ConfigSource } from "../../config/otc-settings";
import { OtcConfigError } from "../../config/otc-settings";
import { isTerminal } from "../../jobs/job-schema";
import { resourceNameOf } from "../lifecycle/ownership";
import { ResourceOperation } from "../lifecycle/resource-operation";
import type { RuntimeContext } from "../runtime-context";
import { findGaussDbInstances, type GaussDbInstanceApi } from "./gaussdb-api";
import { createGaussDbInstanceResource } from "./gaussdb-instance-create";
import { deleteGaussDbInstanceResource } from "./gaussdb-instance-delete";
import { checkGaussDbInstanceInputs, diffGaussDbInstance } from "./gaussdb-instance-diff";
import type { GaussDbInstanceInputs, GaussDbInstanceOutputs } from "./gaussdb-instance-inputs";
import { inputsAfterRefresh, outputsOf, type ProviderInputs } from "./gaussdb-instance-state";
import { updateGaussDbInstanceResource } from "./gaussdb-instance-update";

/** The implementation behind the `gaussdb-instance` provider shim. */
export class GaussDbInstanceProvider implements pulumi.dynamic.ResourceProvider {
    constructor(private readonly runtime: RuntimeContext) {}

    async configure(req: { config: ConfigSource }): Promise<void> {
        this.runtime.configure(req.config);
    }

    async check(olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult> {
        return checkGaussDbInstanceInputs(olds, news, this.runtime.defaultRegion());
    }

    async diff(_id: string, olds: GaussDbInstanceOutputs, news: GaussDbInstanceInputs): Promise<pulumi.dynamic.DiffResult> {
        return diffGaussDbInstance(olds, news);
    }

    async create(inputs: ProviderInputs): Promise<pulumi.dynamic.CreateResult<GaussDbInstanceOutputs>> {
        const op = this.operation(inputs, "create", resourceNameOf(inputs.ownerUrn));
        const region = inputs.region ?? this.runtime.settings().region;
        if (!region) throw new OtcConfigError(`GaussDbInstance needs a region: set the region property, otc:region, or OS_REGION_NAME`);
        return createGaussDbInstanceResource(op, { ...inputs, region }, region);
    }

    async update(
        id: string,
        olds: GaussDbInstanceOutputs,
        news: ProviderInputs,
    ): Promise<pulumi.dynamic.UpdateResult<GaussDbInstanceOutputs>> {
        const op = this.operation(news, "update", resourceNameOf(news.ownerUrn));
        return updateGaussDbInstanceResource(op, id, olds, { ...news, region: news.region ?? olds.region });
    }

    async delete(id: string, props: Partial<GaussDbInstanceOutputs>): Promise<void> {
        const op = this.operation(props, "delete", props.ownerUrn ? resourceNameOf(props.ownerUrn) : id);
        await deleteGaussDbInstanceResource(op, id, props.instanceName ?? id);
    }

    /**
     * Refresh, and `GaussDbInstance.get`. An instance gone from OTC returns no id, which drops it from the state.
     * A job left pending is looked at once (never waited for here) and forgotten when it ended.
     */
    async read(id: string, props: Partial<GaussDbInstanceOutputs> & { __provider?: string } = {}): Promise<pulumi.dynamic.ReadResult> {
        const client = this.runtime.client("gaussdb");
        const [instance] = await findGaussDbInstances(client, { id });
        if (!instance) return {};
        // The recorded outputs minus what only outputs hold: a pending job that ended must not be carried over.
        const inputs = props.ownerUrn
            ? ({ ...inputsAfterRefresh(props as GaussDbInstanceOutputs), __provider: props.__provider } as ProviderInputs)
            : inputsOfExisting(instance);
        const extra: Parameters<typeof outputsOf>[3] = {};
        if (props.failedJob) extra.failedJob = props.failedJob;
        if (props.pendingJob) {
            const lookup = await this.runtime.statusSource(client).lookup(props.pendingJob.id).catch(() => undefined);
            const ended = lookup?.kind === "found" && isTerminal(lookup.job.status);
            if (!ended) extra.pendingJob = props.pendingJob;
            else if (lookup.job.status === "Failed" && lookup.job.name === "CreateGaussDBV5Instance") {
                extra.failedJob = { id: lookup.job.id, name: lookup.job.name, failReason: lookup.job.failReason ?? "" };
            }
        }
        const outputs = outputsOf(inputs, props.instanceName ?? instance.name, instance, extra);
        return props.ownerUrn ? { id, props: outputs, inputs: inputsAfterRefresh(outputs) } : { id, props: outputs };
    }

    private operation(
        inputs: { timeouts?: GaussDbInstanceInputs["timeouts"] },
        operation: "create" | "update" | "delete",
        label: string,
    ): ResourceOperation {
        return new ResourceOperation(this.runtime, this.runtime.client("gaussdb"), label, operation, inputs.timeouts);
    }
}

/** Inputs that describe an instance this stack did not create (`GaussDbInstance.get`). */
function inputsOfExisting(instance: GaussDbInstanceApi): ProviderInputs {
    return {
        name: instance.name,
        flavorRef: instance.flavor_ref ?? "",
        volume: { type: instance.volume?.type ?? "", size: instance.volume?.size ?? 0 },
        password: "",
        availabilityZone: instance.availability_zone ?? "",
        vpcId: instance.vpc_id ?? "",
        subnetId: instance.subnet_id ?? "",
        securityGroupId: instance.security_group_id ?? "",
        ha: { mode: instance.ha?.mode === "enterprise" ? "enterprise" : "centralization_standard" },
        ...(instance.region ? { region: instance.region } : {}),
        ...(instance.datastore?.version ? { datastoreVersion: instance.datastore.version } : {}),
        ownerUrn: "",
        keepFailedInstance: false,
    };
}
