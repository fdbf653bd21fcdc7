import { join } from "node:path";
import { REPO_ROOT, type StackExport, type StateResource } from "./pulumi-cli";
import { simulatedStacks } from "./simulated-stacks";

/** The example program of TaurusDbInstance, a Pulumi project of its own. */
export const TAURUSDB_EXAMPLE_DIR = join(REPO_ROOT, "examples", "taurusdb-instance");

/**
 * Stacks of examples/taurusdb-instance against one simulator per test file, each in a project of its own, with
 * `otc:endpoint` set to the simulator's `<url>/{service}` so TaurusDB is reached at `/gaussdb-mysql`.
 */
export function taurusDbStacks(timeScale: number) {
    const env = simulatedStacks(timeScale);
    return {
        get simulator() {
            return env.simulator;
        },
        requests: env.requests,
        stackFor: (label: string, config: Record<string, string> = {}) =>
            env.stackFor(label, { "otc:endpoint": env.simulator.endpoint, ...config }, { projectDir: TAURUSDB_EXAMPLE_DIR }),
    };
}

/** The TaurusDbInstance resources of a checkpoint. */
export function taurusDbInstancesIn(state: StackExport): StateResource[] {
    return (state.deployment.resources ?? []).filter((r) => r.type === "pulumi-nodejs:dynamic/otc-jobs:TaurusDbInstance");
}
