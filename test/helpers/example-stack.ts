import { type RunningSimulator, SIMULATOR_CREDENTIALS } from "../../provider/simulator";
import { type StackOptions, TestStack } from "./pulumi-cli";

export const DB_PASSWORD = "E2e-Passw0rd!";

/**
 * The example stack (examples/gaussdb-instance) pointed at a simulator, in a project of its own so tests never
 * share instances. Credentials come from the OS_* variables, as in CI; `config` holds the example's knobs.
 */
export async function exampleStack(
    simulator: RunningSimulator,
    projectId: string,
    config: Record<string, string> = {},
    options: Omit<StackOptions, "config" | "secrets"> = {},
): Promise<TestStack> {
    return TestStack.create({
        ...options,
        config: { "otc:endpoint": simulator.url, "otc:region": "eu-de", ...config },
        secrets: { dbPassword: DB_PASSWORD },
        env: {
            OS_ACCESS_KEY: SIMULATOR_CREDENTIALS.accessKey,
            OS_SECRET_KEY: SIMULATOR_CREDENTIALS.secretKey,
            OS_PROJECT_ID: projectId,
            ...options.env,
        },
    });
}

/** A fresh project id per test: the simulator keeps instances per project. */
export function uniqueProjectId(label: string): string {
    return `${label.replace(/[^a-z0-9]/gi, "")}${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
}
