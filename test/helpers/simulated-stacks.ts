import { type RunningSimulator, startSimulator } from "../../provider/simulator";
import { SimulatorTestClient } from "../../provider/simulator/core/test-client";
import { exampleStack, uniqueProjectId } from "./example-stack";
import type { StackOptions, TestStack } from "./pulumi-cli";

/**
 * One simulator per test file (reset before each test) and example stacks against it, each in a project of
 * its own; everything is cleaned up after the file.
 */
export function simulatedStacks(timeScale: number) {
    let simulator: RunningSimulator | undefined;
    const stacks: TestStack[] = [];
    beforeAll(async () => {
        simulator = await startSimulator({ timeScale });
    });
    afterAll(async () => {
        for (const stack of stacks) stack.cleanup();
        await simulator?.close();
    });
    beforeEach(() => simulator?.reset());

    const running = (): RunningSimulator => {
        if (!simulator) throw new Error("the simulator starts in beforeAll");
        return simulator;
    };
    return {
        get simulator(): RunningSimulator {
            return running();
        },
        /** An example stack in a fresh project, and a client for out-of-band calls in that project. */
        async stackFor(label: string, config: Record<string, string> = {}, options: Omit<StackOptions, "config" | "secrets"> = {}) {
            const projectId = uniqueProjectId(label);
            const stack = await exampleStack(running(), projectId, config, options);
            stacks.push(stack);
            return { stack, projectId, api: new SimulatorTestClient(running().url, undefined, projectId) };
        },
        /** Requests the simulator received on one route, e.g. `"GET /v3/{pid}/jobs"`. */
        requests(route: string): number {
            return running().stats().requests[route] ?? 0;
        },
    };
}

/** Polls `condition` every 50 ms until it holds. */
export async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await condition())) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 50));
    }
}
