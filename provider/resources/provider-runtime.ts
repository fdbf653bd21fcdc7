import type * as pulumi from "@pulumi/pulumi";
import { GaussDbInstanceProvider } from "./gaussdb-instance/gaussdb-instance-provider";
import { watchEngine } from "./engine-watchdog";
import { RuntimeContext } from "./runtime-context";

// Loaded by the provider shims (`pulumi-otc-jobs/provider-runtime`) inside the Pulumi provider process. One
// runtime context per process: every resource shares its clients, rate limiters, job polling and log budget.

const runtime = new RuntimeContext();
watchEngine();

const factories: Record<string, () => pulumi.dynamic.ResourceProvider> = {
    "gaussdb-instance": () => new GaussDbInstanceProvider(runtime),
};

const providers = new Map<string, pulumi.dynamic.ResourceProvider>();

/** The implementation of one resource kind. */
export function providerFor(kind: string): pulumi.dynamic.ResourceProvider {
    let provider = providers.get(kind);
    if (!provider) {
        const factory = factories[kind];
        if (!factory) {
            throw new Error(
                `pulumi-otc-jobs has no resource kind "${kind}": the state was written by a newer version of the package; upgrade pulumi-otc-jobs`,
            );
        }
        provider = factory();
        providers.set(kind, provider);
    }
    return provider;
}
