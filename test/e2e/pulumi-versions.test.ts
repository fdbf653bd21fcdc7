import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RunningSimulator, startSimulator } from "../../provider/simulator";
import type { TestStack } from "../helpers/pulumi-cli";
import { REPO_ROOT } from "../helpers/pulumi-cli";
import { installedPulumiVersion, installUserProject, mustRunIn, packInto, upRefreshDestroy, writeUserProject } from "../helpers/user-project";

// The ends of the @pulumi/pulumi range the package claims (peerDependencies), each in a user project from the
// template with the packed tarball: tsc with the template's tsconfig, then pulumi up and destroy against the
// simulator. The template's own range (what npm picks for this Node.js) is covered by user-project.test.ts.
jest.setTimeout(600_000);

/**
 * Oldest: the first release whose dynamic providers get `configure` with the stack config (3.139) and whose
 * engine passes their output through (3.146), both of which the package relies on. Newest: the newest release
 * published when this was written; it declares Node.js >= 22 but is tested here on the machine's Node.js.
 */
const CLAIMED = { oldest: "3.146.0", newest: "3.276.0" };

let simulator: RunningSimulator;
let workDir: string;
const projects: Record<string, string> = {};
const stacks: TestStack[] = [];

beforeAll(async () => {
    simulator = await startSimulator({ timeScale: 600 });
    workDir = mkdtempSync(join(tmpdir(), "otc-jobs-versions-"));
    const tarball = await packInto(workDir);
    for (const [label, version] of Object.entries(CLAIMED)) {
        projects[label] = writeUserProject(workDir, `user-${label}`, tarball, { pulumi: version });
    }
    await Promise.all(Object.values(projects).map(installUserProject));
});

afterAll(async () => {
    for (const stack of stacks) stack.cleanup();
    await simulator?.close();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
});

test("the claimed ends are the ends of the peer range", () => {
    const peer = (JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { peerDependencies: Record<string, string> })
        .peerDependencies["@pulumi/pulumi"];
    expect(peer).toBe(`>=${CLAIMED.oldest} <4.0.0`);
});

test.each(Object.entries(CLAIMED))("@pulumi/pulumi %s (%s): tsc, pulumi up and destroy", async (label, version) => {
    const dir = projects[label]!;
    expect(await installedPulumiVersion(dir)).toBe(version);
    await mustRunIn(dir, "npx", ["tsc", "-p", "tsconfig.json", "--noEmit", "--pretty", "false"]);
    stacks.push(await upRefreshDestroy(simulator, dir, label, { refresh: false }));
});
