import * as pulumi from "@pulumi/pulumi";
import { ownershipOf } from "../ownership-token/stack-ownership";
import { warnOfPlainTextCredentials } from "../plain-text-credentials";

/** Resource options every lifecycle resource takes: Pulumi's, plus what happens to an instance whose create job failed. */
export interface LifecycleResourceOptions extends pulumi.CustomResourceOptions {
    /**
     * When OTC reports the create job `Failed`, keep the failed instance (recorded in state, for inspection)
     * instead of deleting it. The next `pulumi up` replaces it. Default `false`: delete it, then fail.
     */
    keepFailedInstance?: boolean;
}

/** What a lifecycle resource class tells {@link lifecycleResourceArgs}. */
export interface LifecycleResourceSpec {
    /** `pulumi-nodejs:dynamic/otc-jobs:<Class>`, for the owner URN. */
    typeToken: string;
    /** Every output the class declares: registered as unknown so the engine fills them in. */
    outputs: readonly string[];
    /** Inputs that hold secrets: wrapped as secrets even when the program passes plain strings. */
    secretInputs: readonly string[];
    /** Set when the OTC name comes from elsewhere than `name` (e.g. `instanceName` given). */
    exactNameKey?: string;
}

/**
 * The properties and options of a lifecycle resource (an OTC thing made by a job): its ownership token, derived
 * from the stack's key (written to the state before its create request), the engine's own inputs, secrets marked
 * as such.
 * For `Resource.get` (an id in the options) only the outputs are registered.
 */
export function lifecycleResourceArgs(
    name: string,
    args: Record<string, unknown> | undefined,
    opts: LifecycleResourceOptions,
    spec: LifecycleResourceSpec,
): { props: pulumi.Inputs; options: pulumi.CustomResourceOptions } {
    warnOfPlainTextCredentials();
    const { keepFailedInstance, ...resourceOptions } = opts;
    let props: pulumi.Inputs = {};
    if (!opts.id && args) {
        const exactName = spec.exactNameKey ?? "instanceName";
        const ownerUrn = pulumi.createUrn(name, spec.typeToken, opts.parent);
        props = {
            ...args,
            ...(args[exactName] === undefined ? { name: args["name"] ?? name } : {}),
            ownerUrn,
            ownership: ownershipOf(ownerUrn),
            // The engine neither enforces customTimeouts for dynamic providers nor passes them on.
            timeouts: opts.customTimeouts ?? {},
            keepFailedInstance: keepFailedInstance ?? false,
        };
        for (const key of spec.secretInputs) {
            if (props[key] !== undefined) props[key] = pulumi.secret(props[key]);
        }
    }
    for (const output of spec.outputs) {
        if (!(output in props)) props[output] = undefined;
    }
    return {
        props,
        options: {
            ...resourceOptions,
            additionalSecretOutputs: [...(resourceOptions.additionalSecretOutputs ?? []), ...spec.secretInputs],
        },
    };
}
