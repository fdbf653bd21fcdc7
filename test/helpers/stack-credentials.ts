import { type RunningSimulator, SIMULATOR_CREDENTIALS } from "../../provider/simulator";

/** How a user project authenticates against a simulator: for `pulumi` commands and for a `waitForJob` call. */
export interface UserProjectCredentials {
    /** Environment of every `pulumi` command (as in CI: the OS_* variables, no credentials in stack config). */
    pulumiEnv: Record<string, string>;
    /** Environment of the jest run inside the user project. */
    jestEnv: Record<string, string>;
    /**
     * TypeScript source of the authentication fields of `waitForJob`'s options inside that jest test, read from
     * `process.env`; `sim` (the test's own simulator) and `PROJECT_ID` are in scope there.
     */
    waitForJobAuthSource: string;
    /** Values that must never appear in any output. */
    secretValues: string[];
}

/**
 * The one place the user-project end-to-end test (`test/e2e/user-project.test.ts`) gets its credentials.
 *
 * >>> SWITCH TO IAM HERE <<< Issue 10 wants `pulumi up` authenticated by IAM username and password with a project
 * name (OS_USERNAME, OS_PASSWORD, OS_DOMAIN_NAME, OS_PROJECT_NAME, OS_AUTH_URL). That is built on branch `auth`;
 * until it is merged this returns AK/SK with a project id. After the merge, replace the body: `pulumiEnv` with
 * the five IAM variables (OS_AUTH_URL = `${simulator.url}/v3`, the simulator's IAM user, OS_PROJECT_NAME an
 * `eu-de_…` project name), `jestEnv` likewise, and `waitForJobAuthSource` with whatever `waitForJob` then takes
 * for a password login, `secretValues` with the password. Nothing else in the test names a credential.
 */
export function userProjectCredentials(simulator: RunningSimulator, projectId: string): UserProjectCredentials {
    return {
        pulumiEnv: {
            OS_ACCESS_KEY: SIMULATOR_CREDENTIALS.accessKey,
            OS_SECRET_KEY: SIMULATOR_CREDENTIALS.secretKey,
            OS_PROJECT_ID: projectId,
            OS_REGION_NAME: "eu-de",
            OTC_ENDPOINT: simulator.url,
        },
        jestEnv: {
            OS_ACCESS_KEY: SIMULATOR_CREDENTIALS.accessKey,
            OS_SECRET_KEY: SIMULATOR_CREDENTIALS.secretKey,
        },
        waitForJobAuthSource:
            "projectId: PROJECT_ID, credentials: { accessKey: process.env.OS_ACCESS_KEY!, secretKey: process.env.OS_SECRET_KEY! }",
        secretValues: [SIMULATOR_CREDENTIALS.secretKey],
    };
}
