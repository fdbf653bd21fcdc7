import type { GaussDbInstanceApi } from "./gaussdb-api";
import type { FailedJob, GaussDbInstanceInputs, GaussDbInstanceOutputs, PendingJob } from "./gaussdb-instance-inputs";

/** Inputs as the provider receives them: validated inputs plus the serialized provider shim. */
export type ProviderInputs = GaussDbInstanceInputs & { __provider?: string };

/**
 * The outputs to record: the inputs, overridden by what OTC reports (flavor, volume, status…), so that the next
 * diff compares the program with the real instance, not with what was last asked for.
 */
export function outputsOf(
    inputs: ProviderInputs,
    instanceName: string,
    instance: GaussDbInstanceApi | undefined,
    extra: { pendingJob?: PendingJob; failedJob?: FailedJob; status?: string } = {},
): GaussDbInstanceOutputs & { __provider?: string } {
    const { __provider, ...rest } = inputs;
    const out: GaussDbInstanceOutputs & { __provider?: string } = {
        ...rest,
        flavorRef: instance?.flavor_ref ?? inputs.flavorRef,
        volume: {
            type: instance?.volume?.type ?? inputs.volume.type,
            size: instance?.volume?.size ?? inputs.volume.size,
        },
        region: instance?.region ?? inputs.region,
        instanceName: instance?.name ?? instanceName,
        status: extra.status ?? instance?.status ?? "UNKNOWN",
        privateIps: instance?.private_ips ?? [],
    };
    if (instance?.port !== undefined && instance.port !== null) out.port = Number(instance.port);
    if (extra.pendingJob) out.pendingJob = extra.pendingJob;
    if (extra.failedJob) out.failedJob = extra.failedJob;
    // The host adds __provider to ordinary results; partial-state errors must carry it themselves.
    if (__provider !== undefined) out.__provider = __provider;
    return out;
}
