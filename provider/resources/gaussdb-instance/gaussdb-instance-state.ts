import type { GaussDbInstanceApi } from "./gaussdb-api";
import type { FailedJob, GaussDbInstanceInputs, GaussDbInstanceOutputs, PendingJob } from "./gaussdb-instance-inputs";

/** Inputs as the provider receives them: validated inputs plus the serialized provider shim. */
export type ProviderInputs = GaussDbInstanceInputs & { __provider?: string };

/** Outputs that are not inputs: what OTC assigned, and the bookkeeping of jobs. */
export const OUTPUT_ONLY_KEYS = ["instanceName", "status", "privateIps", "pendingJob", "failedJob"] as const;

/**
 * The inputs a refresh records: the previous ones, with the values OTC reports where they drifted, so that the
 * next preview shows the drift property by property (`flavorRef: "new" => "program's"`).
 */
export function inputsAfterRefresh(outputs: GaussDbInstanceOutputs): Record<string, unknown> {
    const inputs: Record<string, unknown> = { ...outputs };
    for (const key of [...OUTPUT_ONLY_KEYS, "__provider"]) delete inputs[key];
    return inputs;
}

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
    if (extra.pendingJob) out.pendingJob = extra.pendingJob;
    if (extra.failedJob) out.failedJob = extra.failedJob;
    // The host adds __provider to ordinary results; partial-state errors must carry it themselves.
    if (__provider !== undefined) out.__provider = __provider;
    return out;
}
