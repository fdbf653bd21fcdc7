import type * as pulumi from "@pulumi/pulumi";
import { gaussDbBackupAdapter } from "./gaussdb-backup/gaussdb-backup-adapter";
import { gaussDbInstanceAdapter } from "./gaussdb-instance/gaussdb-instance-adapter";
import { rdsBackupAdapter } from "./rds-backup/rds-backup-adapter";
import { rdsInstanceAdapter } from "./rds-instance/rds-instance-adapter";
import { watchEngine } from "./engine-watchdog";
import { JobOperationProvider } from "./job-operation/job-operation-provider";
import { JobOperationRequestProvider } from "./job-operation/job-operation-request-provider";
import { LifecycleProvider } from "./lifecycle/lifecycle-provider";
import { OwnershipTokenProvider } from "./ownership-token/ownership-token-provider";
import { RuntimeContext } from "./runtime-context";
import { taurusDbInstanceAdapter } from "./taurusdb-instance/taurusdb-instance-adapter";

// Loaded by the provider shims (`pulumi-otc-jobs/provider-runtime`) inside the Pulumi provider process. One
// runtime context per process: every resource shares its clients, rate limiters, job polling and log budget.

const runtime = new RuntimeContext();
watchEngine();

/** Resource kinds, as the shims in users' states name them: never rename one (states of 0.1.0 say "gaussdb-instance"). */
const factories: Record<string, () => pulumi.dynamic.ResourceProvider> = {
    "gaussdb-instance": () => new LifecycleProvider(gaussDbInstanceAdapter, runtime),
    "gaussdb-backup": () => new LifecycleProvider(gaussDbBackupAdapter, runtime),
    "ownership-token": () => new OwnershipTokenProvider(),
    "taurusdb-instance": () => new LifecycleProvider(taurusDbInstanceAdapter, runtime),
    "job-operation": () => new JobOperationProvider(runtime),
    "job-operation-request": () => new JobOperationRequestProvider(runtime),
    "rds-instance": () => new LifecycleProvider(rdsInstanceAdapter, runtime),
    "rds-backup": () => new LifecycleProvider(rdsBackupAdapter, runtime),
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
