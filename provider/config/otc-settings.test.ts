import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { cloudsYamlCandidates } from "./clouds-yaml";
import {
    describeSetting,
    OtcConfigError,
    plainTextCredentialKeys,
    plainTextCredentialWarning,
    requireEndpoint,
    resolveOtcSettings,
    type ConfigSource,
} from "./otc-settings";

// Settings resolution alone: a plain map as stack config, a plain object as the environment.

const PROJECT = "0549b4a43100d4f32f51c01c2fe4acdb";
const SECRET = "stack-secret-key-DO-NOT-PRINT";
const ENV_SECRET = "env-secret-key-DO-NOT-PRINT";
const TOKEN = "MIIenv-token-DO-NOT-PRINT";

const config = (values: Record<string, string> = {}): ConfigSource => ({ get: (key) => values[key] });

function errorOf(fn: () => unknown): OtcConfigError {
    try {
        fn();
    } catch (error) {
        expect(error).toBeInstanceOf(OtcConfigError);
        return error as OtcConfigError;
    }
    throw new Error("expected an OtcConfigError");
}

const AKSK_ENV = { OS_ACCESS_KEY: "ENVAK", OS_SECRET_KEY: ENV_SECRET, OS_PROJECT_ID: PROJECT };

describe("resolveOtcSettings", () => {
    it("reads everything from the OS_* environment the Terraform provider uses", () => {
        const settings = resolveOtcSettings(config(), {
            ...AKSK_ENV,
            OS_SECURITY_TOKEN: "sts",
            OS_REGION_NAME: "eu-de",
            OS_INSECURE: "true",
            OS_CACERT: "/etc/ca.pem",
            OTC_MAX_REQUESTS_PER_SECOND: "2.5",
            OTC_COALESCE_POLLS: "no",
        });
        expect(settings).toEqual({
            projectId: PROJECT,
            region: "eu-de",
            credentials: { accessKey: "ENVAK", secretKey: ENV_SECRET, securityToken: "sts" },
            endpoints: {
                gaussdb: "https://gaussdb.eu-de.otc.t-systems.com",
                rds: "https://rds.eu-de.otc.t-systems.com",
                taurusdb: "https://gaussdb-mysql.eu-de.otc.t-systems.com",
            },
            insecure: true,
            caCertPath: "/etc/ca.pem",
            maxRequestsPerSecond: 2.5,
            coalescePolls: false,
            projectName: undefined,
            authUrl: "https://iam.eu-de.otc.t-systems.com/v3",
            authMethod: "aksk",
            credentialsSource: "environment",
        });
    });

    it("lets stack config win over the environment, value by value", () => {
        const settings = resolveOtcSettings(
            config({ "otc:projectId": "stackproject1", "otc:accessKey": "STACKAK", "otc:secretKey": SECRET, "otc:region": "eu-nl" }),
            { ...AKSK_ENV, OS_REGION_NAME: "eu-de" },
        );
        expect(settings.projectId).toBe("stackproject1");
        expect(settings.credentials).toEqual({ accessKey: "STACKAK", secretKey: SECRET });
        expect(settings.region).toBe("eu-nl");
        expect(settings.endpoints.gaussdb).toBe("https://gaussdb.eu-nl.otc.t-systems.com");
    });

    it("treats an empty config value as unset", () => {
        const settings = resolveOtcSettings(config({ "otc:projectId": "" }), AKSK_ENV);
        expect(settings.projectId).toBe(PROJECT);
    });

    it("uses a token when no AK/SK is set, from OS_TOKEN or OS_AUTH_TOKEN", () => {
        expect(resolveOtcSettings(config(), { OS_PROJECT_ID: PROJECT, OS_TOKEN: TOKEN }).credentials).toEqual({ token: TOKEN });
        expect(resolveOtcSettings(config(), { OS_PROJECT_ID: PROJECT, OS_AUTH_TOKEN: TOKEN }).credentials).toEqual({ token: TOKEN });
        expect(resolveOtcSettings(config({ "otc:token": "stack-token" }), { OS_PROJECT_ID: PROJECT, OS_TOKEN: TOKEN }).credentials).toEqual({
            token: "stack-token",
        });
    });

    it("lets a token in stack config win over AK/SK in the environment", () => {
        const settings = resolveOtcSettings(config({ "otc:token": "stack-token" }), AKSK_ENV);
        expect(settings.credentials).toEqual({ token: "stack-token" });
    });

    it("lets otc:endpoint in stack config win over OTC_GAUSSDB_ENDPOINT in the environment", () => {
        const settings = resolveOtcSettings(config({ "otc:endpoint": "http://127.0.0.1:8080" }), {
            ...AKSK_ENV,
            OTC_GAUSSDB_ENDPOINT: "https://gaussdb.eu-de.otc.t-systems.com",
        });
        expect(settings.endpoints.gaussdb).toBe("http://127.0.0.1:8080");
    });

    it("prefers the service endpoint over the generic one over the region, within one source", () => {
        const env = { ...AKSK_ENV, OS_REGION_NAME: "eu-de" };
        expect(resolveOtcSettings(config(), { ...env, OTC_ENDPOINT: "http://generic:1" }).endpoints.gaussdb).toBe("http://generic:1");
        expect(
            resolveOtcSettings(config(), { ...env, OTC_ENDPOINT: "http://generic:1", OTC_GAUSSDB_ENDPOINT: "https://special" }).endpoints.gaussdb,
        ).toBe("https://special");
        expect(resolveOtcSettings(config(), AKSK_ENV).endpoints.gaussdb).toBeUndefined();
    });

    it("gives each service its own endpoint, its own setting first, then otc:endpoint with {service} filled in", () => {
        const settings = resolveOtcSettings(
            config({ "otc:endpoint": "http://127.0.0.1:8080/{service}", "otc:rdsEndpoint": "https://rds.proxy" }),
            { ...AKSK_ENV, OTC_TAURUSDB_ENDPOINT: "https://taurus.env" },
        );
        expect(settings.endpoints).toEqual({
            gaussdb: "http://127.0.0.1:8080/gaussdb",
            rds: "https://rds.proxy",
            // Stack config wins over the environment, even its generic setting over a specific one.
            taurusdb: "http://127.0.0.1:8080/gaussdb-mysql",
        });
        const plain = resolveOtcSettings(config({ "otc:endpoint": "http://proxy:1" }), AKSK_ENV);
        expect(plain.endpoints).toEqual({ gaussdb: "http://proxy:1", rds: "http://proxy:1", taurusdb: "http://proxy:1" });
        const regional = resolveOtcSettings(config({ "otc:region": "eu-ch2" }), AKSK_ENV);
        expect(regional.endpoints.rds).toBe("https://rds.eu-ch2.sc.otc.t-systems.com");
        expect(regional.endpoints.taurusdb).toBe("https://gaussdb-mysql.eu-ch2.sc.otc.t-systems.com");
    });

    it("names the service's own setting when its endpoint is missing or malformed", () => {
        const error = errorOf(() => requireEndpoint(resolveOtcSettings(config(), AKSK_ENV), "taurusdb"));
        for (const text of ["otc:taurusdbEndpoint", "OTC_TAURUSDB_ENDPOINT", "otc:endpoint", "gaussdb-mysql"]) expect(error.message).toContain(text);
        const bad = errorOf(() => resolveOtcSettings(config({ "otc:rdsEndpoint": "rds.eu-de" }), AKSK_ENV));
        expect(bad.message).toContain("otc:rdsEndpoint");
        expect(bad.message).toContain('"rds.eu-de"');
    });

    it("defaults coalescePolls to true and insecure to false", () => {
        const settings = resolveOtcSettings(config(), AKSK_ENV);
        expect(settings.coalescePolls).toBe(true);
        expect(settings.insecure).toBe(false);
        expect(settings.maxRequestsPerSecond).toBeUndefined();
    });

    describe("errors name the config key and the environment variable, and never a secret", () => {
        // Every case carries whatever secrets it can without changing which error it is about.
        const WITH_SECRETS = { ...AKSK_ENV, OS_TOKEN: TOKEN };
        const cases: [string, Record<string, string>, NodeJS.ProcessEnv, string[]][] = [
            ["no project id", { "otc:secretKey": SECRET }, { OS_ACCESS_KEY: "AK", OS_SECRET_KEY: ENV_SECRET, OS_TOKEN: TOKEN }, ["otc:projectId", "OS_PROJECT_ID"]],
            ["a malformed project id", { "otc:projectId": "my project!", "otc:secretKey": SECRET }, WITH_SECRETS, ["otc:projectId", "OS_PROJECT_ID", "my project!"]],
            ["no credentials", {}, { OS_PROJECT_ID: PROJECT }, ["otc:accessKey", "OS_ACCESS_KEY", "otc:secretKey", "OS_SECRET_KEY", "otc:token", "OS_TOKEN", "OS_AUTH_TOKEN"]],
            ["a secret key without access key", { "otc:secretKey": SECRET }, { OS_PROJECT_ID: PROJECT, OS_TOKEN: TOKEN }, ["otc:accessKey", "OS_ACCESS_KEY"]],
            ["an access key without secret key", {}, { OS_PROJECT_ID: PROJECT, OS_ACCESS_KEY: "AK", OS_TOKEN: TOKEN }, ["otc:secretKey", "OS_SECRET_KEY"]],
            ["an endpoint that is not a URL", { "otc:gaussdbEndpoint": "gaussdb.eu-de", "otc:secretKey": SECRET }, WITH_SECRETS, ["otc:gaussdbEndpoint", "OTC_GAUSSDB_ENDPOINT"]],
            ["a rate that is not positive", {}, { ...WITH_SECRETS, OTC_MAX_REQUESTS_PER_SECOND: "0" }, ["otc:maxRequestsPerSecond", "OTC_MAX_REQUESTS_PER_SECOND"]],
            ["a rate that is not a number", { "otc:maxRequestsPerSecond": "fast" }, WITH_SECRETS, ["otc:maxRequestsPerSecond", "OTC_MAX_REQUESTS_PER_SECOND"]],
            ["a malformed boolean", { "otc:insecure": "maybe", "otc:accessKey": "STACKAK", "otc:secretKey": SECRET }, WITH_SECRETS, ["otc:insecure", "OS_INSECURE", "maybe"]],
            ["a malformed coalescePolls", {}, { ...WITH_SECRETS, OTC_COALESCE_POLLS: "sometimes" }, ["otc:coalescePolls", "OTC_COALESCE_POLLS"]],
        ];
        it.each(cases)("%s", (_label, values, env, named) => {
            const error = errorOf(() => resolveOtcSettings(config(values), env));
            for (const text of named) expect(error.message).toContain(text);
            for (const secret of [SECRET, ENV_SECRET, TOKEN]) expect(`${error.message} ${error.stack}`).not.toContain(secret);
        });
    });

    it("requireEndpoint names every way to set it", () => {
        const settings = resolveOtcSettings(config(), AKSK_ENV);
        const error = errorOf(() => requireEndpoint(settings, "gaussdb"));
        for (const text of ["otc:region", "OS_REGION_NAME", "otc:gaussdbEndpoint", "OTC_GAUSSDB_ENDPOINT", "otc:endpoint", "OTC_ENDPOINT"]) {
            expect(error.message).toContain(text);
        }
        expect(requireEndpoint(resolveOtcSettings(config({ "otc:region": "eu-de" }), AKSK_ENV), "gaussdb")).toBe(
            "https://gaussdb.eu-de.otc.t-systems.com",
        );
    });

    it("describeSetting lists every environment variable", () => {
        expect(describeSetting("token")).toBe("otc:token (or OS_TOKEN / OS_AUTH_TOKEN)");
        expect(describeSetting("projectId")).toBe("otc:projectId (or OS_PROJECT_ID / OS_TENANT_ID)");
    });
});

describe("credentials come whole from one place", () => {
    it("refuses a stack secret key paired with an access key from the environment", () => {
        const error = errorOf(() => resolveOtcSettings(config({ "otc:secretKey": SECRET }), AKSK_ENV));
        expect(error.message).toContain("otc:accessKey");
        expect(error.message).not.toContain(SECRET);
        expect(error.message).not.toContain(ENV_SECRET);
    });

    it("uses the environment's pair when the stack sets no credential", () => {
        expect(resolveOtcSettings(config({ "otc:region": "eu-de" }), AKSK_ENV).credentials).toEqual({
            accessKey: "ENVAK",
            secretKey: ENV_SECRET,
        });
    });
});

describe("IAM password auth, project names, clouds.yaml", () => {
    const PASSWORD = "iam-password-DO-NOT-PRINT";
    const IAM_ENV = { OS_USERNAME: "jane", OS_PASSWORD: PASSWORD, OS_DOMAIN_NAME: "OTC-EU-DE-00000000001000012345", OS_PROJECT_NAME: "eu-de_orders" };

    it("builds an IAM session from OS_USERNAME/OS_PASSWORD/OS_DOMAIN_NAME and a project name, region from its prefix", () => {
        const settings = resolveOtcSettings(config(), IAM_ENV);
        expect(settings.authMethod).toBe("password");
        expect(settings.projectId).toBe("");
        expect(settings.projectName).toBe("eu-de_orders");
        expect(settings.region).toBe("eu-de");
        expect(settings.authUrl).toBe("https://iam.eu-de.otc.t-systems.com/v3");
        expect(settings.endpoints.gaussdb).toBe("https://gaussdb.eu-de.otc.t-systems.com");
        expect(settings.credentials).toMatchObject({ kind: "credentials-provider" });
        // The session keeps its secrets private: not in JSON, not in util.inspect.
        expect(JSON.stringify(settings)).not.toContain(PASSWORD);
        expect(inspect(settings, { depth: 10 })).not.toContain(PASSWORD);
    });

    it("uses eu-ch2's hosts for a Swiss project", () => {
        const settings = resolveOtcSettings(config(), { ...IAM_ENV, OS_PROJECT_NAME: "eu-ch2_payments" });
        expect(settings.authUrl).toBe("https://iam-pub.eu-ch2.sc.otc.t-systems.com/v3");
        expect(settings.endpoints.gaussdb).toBe("https://gaussdb.eu-ch2.sc.otc.t-systems.com");
    });

    it("prefers OS_REGION_NAME over the project prefix, and takes the region from OS_AUTH_URL last", () => {
        expect(resolveOtcSettings(config(), { ...IAM_ENV, OS_REGION_NAME: "eu-nl" }).region).toBe("eu-nl");
        const byAuthUrl = resolveOtcSettings(config(), { ...IAM_ENV, OS_PROJECT_NAME: "orders", OS_AUTH_URL: "https://iam.eu-nl.otc.t-systems.com/v3" });
        expect(byAuthUrl.region).toBe("eu-nl");
    });

    it("takes an IAM URL without a path as its /v3 root", () => {
        expect(resolveOtcSettings(config(), { ...IAM_ENV, OS_AUTH_URL: "https://iam.eu-de.otc.t-systems.com/" }).authUrl).toBe(
            "https://iam.eu-de.otc.t-systems.com/v3",
        );
        expect(resolveOtcSettings(config(), { ...IAM_ENV, OS_AUTH_URL: "http://127.0.0.1:8080/v3" }).authUrl).toBe("http://127.0.0.1:8080/v3");
    });

    it("reads the same from stack config keys", () => {
        const settings = resolveOtcSettings(
            config({ "otc:username": "jane", "otc:password": PASSWORD, "otc:domainName": "OTC-EU-DE-1", "otc:projectName": "eu-nl_x" }),
            {},
        );
        expect(settings.authMethod).toBe("password");
        expect(settings.credentialsSource).toBe("stack config");
        expect(settings.region).toBe("eu-nl");
    });

    it("names the secret credentials stored in plain text in stack config, and how to encrypt them, never a value", () => {
        const values: Record<string, string> = { "otc:username": "jane", "otc:password": PASSWORD, "otc:secretKey": "SK-VALUE", "otc:token": "T" };
        const source: ConfigSource = { get: (key) => values[key], isSecret: (key) => key === "otc:token" };
        // The user name is not a secret; the token is stored encrypted.
        expect(plainTextCredentialKeys(source)).toEqual(["otc:secretKey", "otc:password"]);
        const warning = plainTextCredentialWarning(plainTextCredentialKeys(source), "dev");
        expect(warning).toBe(
            "otc:secretKey, otc:password are stored in plain text in the stack config (Pulumi.dev.yaml): anyone who can read that file can read them. " +
                "Encrypt them with: pulumi config set --secret otc:secretKey <value>; pulumi config set --secret otc:password <value>",
        );
        expect(warning).not.toContain(PASSWORD);
        // A source that cannot tell secrets (no isSecret, or undefined) warns of nothing.
        expect(plainTextCredentialKeys({ get: (key) => values[key] })).toEqual([]);
        expect(plainTextCredentialKeys({ get: (key) => values[key], isSecret: () => undefined })).toEqual([]);
        // The same stack still resolves: the rule warns, it does not refuse.
        const passwordOnly: Record<string, string> = { "otc:username": "jane", "otc:password": PASSWORD, "otc:domainName": "D", "otc:projectName": "eu-de" };
        expect(resolveOtcSettings({ get: (key) => passwordOnly[key], isSecret: () => false }, {}).authMethod).toBe("password");
    });

    it("keeps a static AK/SK with a project id exactly as before, but resolves a project name through IAM", () => {
        expect(resolveOtcSettings(config(), AKSK_ENV).credentials).toEqual({ accessKey: "ENVAK", secretKey: ENV_SECRET });
        const byName = resolveOtcSettings(config(), { OS_ACCESS_KEY: "ENVAK", OS_SECRET_KEY: ENV_SECRET, OS_PROJECT_NAME: "eu-de_x" });
        expect(byName.credentials).toMatchObject({ kind: "credentials-provider" });
        expect(JSON.stringify(byName)).not.toContain(ENV_SECRET);
    });

    it("explains the one-place rule when credentials would be mixed, naming what is ignored, never a value", () => {
        const error = errorOf(() => resolveOtcSettings(config({ "otc:username": "jane" }), IAM_ENV));
        expect(error.message).toContain("otc:username is set in the stack config but otc:password is not");
        expect(error.message).toContain("pulumi config set --secret otc:password");
        expect(error.message).toContain("never mixed");
        expect(error.message).toContain("OS_PASSWORD is ignored");
        expect(error.message).not.toContain(PASSWORD);
        const akError = errorOf(() => resolveOtcSettings(config({ "otc:secretKey": SECRET }), AKSK_ENV));
        expect(akError.message).toContain("OS_ACCESS_KEY is ignored");
        expect(akError.message).not.toContain(SECRET);
        expect(akError.message).not.toContain(ENV_SECRET);
    });

    it("asks for the user's domain by name", () => {
        const { OS_DOMAIN_NAME: _d, ...env } = IAM_ENV;
        const error = errorOf(() => resolveOtcSettings(config(), env));
        expect(error.message).toContain("OS_DOMAIN_NAME");
        expect(error.message).toContain("OS_USER_DOMAIN_NAME");
    });

    describe("clouds.yaml", () => {
        const dir = mkdtempSync(join(tmpdir(), "clouds-"));
        afterAll(() => rmSync(dir, { recursive: true, force: true }));
        const file = join(dir, "clouds.yaml");
        writeFileSync(
            file,
            [
                "clouds:",
                "  otc-prod:",
                "    auth:",
                "      auth_url: https://iam.eu-nl.otc.t-systems.com/v3",
                "      username: cloud-user",
                "      user_domain_name: OTC-EU-NL-1",
                "      project_name: eu-nl_prod",
                "    region_name: eu-nl",
                "    verify: false",
            ].join("\n"),
        );
        writeFileSync(join(dir, "secure.yaml"), ["clouds:", "  otc-prod:", "    auth:", `      password: ${PASSWORD}`].join("\n"));

        it("reads the cloud named by OS_CLOUD from OS_CLIENT_CONFIG_FILE, with secure.yaml's password", () => {
            const settings = resolveOtcSettings(config(), { OS_CLOUD: "otc-prod", OS_CLIENT_CONFIG_FILE: file });
            expect(settings.authMethod).toBe("password");
            expect(settings.projectName).toBe("eu-nl_prod");
            expect(settings.region).toBe("eu-nl");
            expect(settings.insecure).toBe(true);
            expect(settings.credentialsSource).toContain(file);
        });

        it("lets the environment win value by value, and credentials in the environment replace the cloud's whole", () => {
            const settings = resolveOtcSettings(config(), { OS_CLOUD: "otc-prod", OS_CLIENT_CONFIG_FILE: file, OS_REGION_NAME: "eu-de", ...AKSK_ENV });
            expect(settings.region).toBe("eu-de");
            expect(settings.credentials).toEqual({ accessKey: "ENVAK", secretKey: ENV_SECRET });
        });

        it("names the file and the clouds it has when the cloud is not there", () => {
            const error = errorOf(() => resolveOtcSettings(config(), { OS_CLOUD: "missing", OS_CLIENT_CONFIG_FILE: file }));
            expect(error.message).toContain(file);
            expect(error.message).toContain("otc-prod");
            expect(error.message).toContain("OS_CLOUD");
        });

        it("searches ./clouds.yaml, ~/.config/openstack and /etc/openstack by default", () => {
            expect(cloudsYamlCandidates({}, "/work", "/home/jane")).toEqual([
                "/work/clouds.yaml",
                "/home/jane/.config/openstack/clouds.yaml",
                "/etc/openstack/clouds.yaml",
            ]);
            expect(cloudsYamlCandidates({ XDG_CONFIG_HOME: "/xdg" }, "/work", "/home/jane")[1]).toBe("/xdg/openstack/clouds.yaml");
        });
    });
});
