import { join } from "node:path";
import { SimulatorTestClient } from "../../provider/simulator/core/test-client";
import type { StackExport, StateResource } from "./pulumi-cli";
import { REPO_ROOT } from "./pulumi-cli";
import { simulatedStacks } from "./simulated-stacks";

export const RDS_EXAMPLE_DIR = join(REPO_ROOT, "examples", "rds-instance");

/**
 * Stacks of examples/rds-instance against one simulator per test file, with `otc:endpoint` at the simulator's
 * `<url>/{service}` so the RDS endpoint is `<url>/rds`.
 */
export function rdsStacks(timeScale: number) {
    const env = simulatedStacks(timeScale);
    return {
        env,
        stackFor: (label: string, config: Record<string, string> = {}) =>
            env.stackFor(label, { "otc:endpoint": env.simulator.endpoint, ...config }, { projectDir: RDS_EXAMPLE_DIR }).then((made) => ({
                ...made,
                /** A client of the simulator's RDS service in the stack's project. */
                rds: new SimulatorTestClient(`${env.simulator.url}/rds`, made.api.auth, made.projectId),
            })),
        /** Live RDS records of a project, as the simulator's stats count them (instances and backups). */
        recordsIn: (projectId: string): number | undefined => env.simulator.stats().instancesByProject[`rds/${projectId}`],
    };
}

export function rdsResourcesIn(state: StackExport, type: "RdsInstance" | "RdsBackup"): StateResource[] {
    return (state.deployment.resources ?? []).filter((r) => r.type === `pulumi-nodejs:dynamic/otc-jobs:${type}`);
}

export interface ListedRdsInstance {
    id: string;
    name: string;
    status: string;
    flavor_ref: string;
    volume: { size: number };
    datastore: { type: string; version: string };
}
