import { type RunningSimulator, SIMULATOR_USER, simulatorProjectId, startSimulator } from "../../provider/simulator";
import { DB_PASSWORD } from "../helpers/example-stack";
import { instancesIn, TestStack } from "../helpers/pulumi-cli";

// pulumi up / refresh / destroy on the example stack, authenticated by IAM username and password with a project
// *name*: no project id, no AK/SK anywhere. The provider gets a token from the simulator's IAM, the project id from
// the token, and never writes the password to state or output.

jest.setTimeout(240_000);

let simulator: RunningSimulator;
let stack: TestStack | undefined;
beforeAll(async () => {
    simulator = await startSimulator({ timeScale: 300 });
});
afterAll(async () => {
    stack?.cleanup();
    await simulator.close();
});

test("IAM password auth with a project name: up, refresh, destroy", async () => {
    const projectName = `eu-de_e2e${Date.now().toString(36)}`;
    const projectId = simulatorProjectId(projectName) ?? "";
    stack = await TestStack.create({
        config: {
            "otc:endpoint": simulator.url,
            "otc:authUrl": `${simulator.url}/v3`,
            "otc:username": SIMULATOR_USER.name,
            "otc:domainName": SIMULATOR_USER.domainName,
            "otc:projectName": projectName,
        },
        secrets: { "otc:password": SIMULATOR_USER.password, dbPassword: DB_PASSWORD },
    });

    const up = await stack.up();
    expect(up.code).toBe(0);
    expect(up.output).toMatch(/orders-db: CreateGaussDBV5Instance completed/);
    expect(simulator.stats().instancesByProject[projectId]).toBe(1);
    // One token for the whole run: every resource and every poll shared it.
    expect(simulator.stats().requests["POST /v3/auth/tokens"]).toBe(1);
    expect(simulator.stats().requests["GET /v3/projects"] ?? 0).toBe(0);

    const state = JSON.stringify(await stack.exportState());
    expect(instancesIn(await stack.exportState())).toHaveLength(1);
    expect(state).not.toContain(SIMULATOR_USER.password);
    expect(up.output).not.toContain(SIMULATOR_USER.password);

    const refreshed = await stack.refresh();
    expect(refreshed.code).toBe(0);

    const destroyed = await stack.destroy();
    expect(destroyed.code).toBe(0);
    expect(simulator.stats().instancesByProject[projectId]).toBeUndefined();
    expect(`${refreshed.output}${destroyed.output}`).not.toContain(SIMULATOR_USER.password);
});
