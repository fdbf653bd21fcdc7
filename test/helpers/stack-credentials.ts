import {
    type RunningSimulator,
    SIMULATOR_PROJECT_NAME,
    SIMULATOR_USER,
    simulatorProjectId,
} from "../../provider/simulator";

/** How a user project authenticates against a simulator: for `pulumi` commands and for a `waitForJob` call. */
export interface UserProjectCredentials {
    /** Environment of every `pulumi` command (as in CI: the OS_* variables, no credentials in stack config). */
    pulumiEnv: Record<string, string>;
    /** The OTC project id the stack's instances land in, for assertions. */
    projectId: string;
    /** Environment of the jest run inside the user project. */
    jestEnv: Record<string, string>;
    /**
     * TypeScript source placed at the top of that jest test: its imports and
     * `function otcAuth(sim: RunningSimulator): { projectId: string; credentials: OtcCredentials }`, whose result
     * the test spreads into `waitForJob`'s options. Its jobs are submitted to `SIMULATOR_PROJECT_ID`.
     */
    authModuleSource: string;
    /** Values that must never appear in any output. */
    secretValues: string[];
}

/**
 * The one place the user-project end-to-end tests get their credentials: IAM username and password of the
 * simulator's user, scoped by a project *name* (`eu-de_…`, so the region follows from it), as most OTC teams
 * authenticate, from the OS_* variables. The simulator serves IAM's token route at `/v3`.
 */
export function userProjectCredentials(simulator: RunningSimulator, label: string): UserProjectCredentials {
    const projectName = `eu-de_${label.replace(/[^A-Za-z0-9]/g, "")}${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
    const projectId = simulatorProjectId(projectName);
    if (!projectId) throw new Error(`the simulator does not accept the project name ${projectName}`);
    const iamUser = {
        OS_USERNAME: SIMULATOR_USER.name,
        OS_PASSWORD: SIMULATOR_USER.password,
        OS_DOMAIN_NAME: SIMULATOR_USER.domainName,
    };
    return {
        pulumiEnv: { ...iamUser, OS_PROJECT_NAME: projectName, OS_AUTH_URL: `${simulator.url}/v3`, OTC_ENDPOINT: simulator.url },
        projectId,
        // The jest test starts a simulator of its own, so it learns the URLs only then (see otcAuth). Its project is
        // the simulator's default one, whose id is SIMULATOR_PROJECT_ID.
        jestEnv: { ...iamUser, OS_PROJECT_NAME: SIMULATOR_PROJECT_NAME },
        authModuleSource: `import { type OtcCredentials, resolveOtcSettings } from "pulumi-otc-jobs";

// The IAM user, domain and project name come from OS_* as in CI; the test's simulator stands in for IAM and GaussDB.
function otcAuth(sim: RunningSimulator): { projectId: string; credentials: OtcCredentials } {
    const settings = resolveOtcSettings({ get: () => undefined }, { ...process.env, OS_AUTH_URL: sim.url + "/v3", OTC_ENDPOINT: sim.url });
    return { projectId: settings.projectId, credentials: settings.credentials };
}
`,
        secretValues: [SIMULATOR_USER.password],
    };
}
