import type { FailedJob, InstanceAdapter, LifecycleInputs, LifecycleOutputs, ManagedInstance, PendingJob } from "./instance-adapter";

/** Inputs as the provider receives them: validated inputs plus the serialized provider shim. */
export type WithProvider<T> = T & { __provider?: string };

/** The wire form of a secret (`pulumi.secret`): the engine stores such a value encrypted, whatever the inputs said. */
const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** Outputs that are not inputs: what OTC assigned, and the bookkeeping of jobs. */
const OUTPUT_ONLY_KEYS = ["instanceName", "status", "pendingJob", "failedJob", "__provider"] as const;

/**
 * The outputs to record: the inputs, overridden by what OTC reports (flavor, volume, status…), so the next diff
 * compares the program with the real instance, not with what was last asked for. Secret inputs go out marked
 * secret on every path, partial state included.
 */
export function outputsOf<I extends LifecycleInputs, A extends ManagedInstance>(
    adapter: InstanceAdapter<I, A>,
    inputs: WithProvider<I>,
    instanceName: string,
    instance: A | undefined,
    extra: { pendingJob?: PendingJob | undefined; failedJob?: FailedJob | undefined; status?: string | undefined } = {},
): WithProvider<I & LifecycleOutputs> {
    const { __provider, ...rest } = inputs;
    const out = {
        ...rest,
        ...adapter.observed(instance, inputs),
        instanceName: instance?.name ?? instanceName,
        status: extra.status ?? instance?.status ?? "UNKNOWN",
    } as WithProvider<I & LifecycleOutputs>;
    if (extra.pendingJob) out.pendingJob = extra.pendingJob;
    if (extra.failedJob) out.failedJob = extra.failedJob;
    for (const key of adapter.secretInputs) {
        const value = (out as unknown as Record<string, unknown>)[key];
        if (value !== undefined) (out as unknown as Record<string, unknown>)[key] = asSecret(value);
    }
    // The host adds __provider to ordinary results; partial-state errors must carry it themselves.
    if (__provider !== undefined) out.__provider = __provider;
    return out;
}

export function asSecret(value: unknown): unknown {
    if (typeof value === "object" && value !== null && SECRET_SIG_KEY in value) return value;
    return { [SECRET_SIG_KEY]: SECRET_SIG, value };
}

/**
 * The inputs a refresh records: the previous ones, with the values OTC reports where they drifted, so that the
 * next preview shows the drift property by property (`flavorRef: "new" => "program's"`).
 */
export function inputsAfterRefresh(outputs: object, extraOutputKeys: readonly string[]): Record<string, unknown> {
    const inputs: Record<string, unknown> = { ...outputs };
    for (const key of [...OUTPUT_ONLY_KEYS, ...extraOutputKeys]) delete inputs[key];
    return inputs;
}

export function pendingJobOf(job: { id: string; name: string; submittedAt: Date } | undefined): PendingJob | undefined {
    return job ? { id: job.id, name: job.name, submittedAt: job.submittedAt.toISOString() } : undefined;
}

export function describeError(error: unknown): string {
    return error instanceof Error ? (error.message.split("\n")[0] ?? error.name) : String(error);
}
