import type { OtcCredentials } from "../client/credentials";
import { IamSession, type IamIdentity } from "../client/iam-session";
import { cloudsYamlCandidates, readCloudsYaml, CloudsYamlError, type CloudsYamlSetting } from "./clouds-yaml";
import { OtcConfigError } from "./otc-config-error";
import { defaultAuthUrl, defaultServiceEndpoint, regionFromAuthUrl, regionFromProjectName } from "./otc-regions";

export { OtcConfigError } from "./otc-config-error";

/** How requests are authenticated, for messages and docs (never a secret). */
export type OtcAuthMethod = "aksk" | "token" | "password";

/** Everything needed to talk to OTC, resolved from stack config, the environment and clouds.yaml. */
export interface OtcSettings {
    /**
     * The project id. Empty when only a project name is configured: then `credentials` is an `IamSession` that
     * resolves the id (from the password token, or `GET /v3/projects?name=`) on the first request, and an
     * `OtcClient` given both fills it in by itself.
     */
    projectId: string;
    region: string | undefined;
    /** AK/SK or a token as they are; an `IamSession` (a `CredentialsProvider`) for a password or a project name. */
    credentials: OtcCredentials;
    /** Per service, e.g. `gaussdb` → `https://gaussdb.eu-de.otc.t-systems.com`. */
    endpoints: Record<ServiceName, string | undefined>;
    insecure: boolean;
    caCertPath: string | undefined;
    maxRequestsPerSecond: number | undefined;
    /** Poll many jobs of one project with one task-list call. Default true. */
    coalescePolls: boolean;
    /** The project name, when configured (`eu-de_orders`). */
    projectName?: string | undefined;
    /** IAM (Keystone v3) URL, when one is used or configured. */
    authUrl?: string | undefined;
    authMethod?: OtcAuthMethod;
    /** Where the credentials came from: `stack config`, `environment` or the clouds.yaml path and cloud. */
    credentialsSource?: string;
    /** `otc:taurusdbJobsPath` as set (auto, v3 or mysql); read by `taurusDbJobPathPrefixes` when TaurusDB is used. */
    taurusdbJobsPath?: string | undefined;
}

/** The OTC services this package talks to. */
export type ServiceName = "gaussdb" | "rds" | "taurusdb";

/**
 * Each service's host label (`https://<label>.<region>.otc.t-systems.com`), also what `{service}` in
 * `otc:endpoint` becomes, and the simulator's path prefix for it.
 */
export const SERVICE_HOST_LABELS: Readonly<Record<ServiceName, string>> = {
    gaussdb: "gaussdb",
    rds: "rds",
    taurusdb: "gaussdb-mysql",
};

export const SERVICE_NAMES = Object.keys(SERVICE_HOST_LABELS) as ServiceName[];

/** The setting that holds one service's own endpoint. */
const ENDPOINT_SETTINGS = {
    gaussdb: "gaussdbEndpoint",
    rds: "rdsEndpoint",
    taurusdb: "taurusdbEndpoint",
} as const satisfies Record<ServiceName, string>;

/** Reads one config key; `undefined` when unset. Pulumi's dynamic-provider config and a plain map both fit. */
export interface ConfigSource {
    get(key: string): string | undefined;
    /**
     * Whether a key is stored as a secret, when the source knows (`pulumi config --json` does): a secret credential
     * that is not gets the warning of {@link plainTextCredentialWarning}.
     */
    isSecret?(key: string): boolean | undefined;
}

interface Setting {
    key: string;
    env: string[];
    /** Its name in clouds.yaml, when clouds.yaml can give it. */
    cloud?: CloudsYamlSetting;
}

const SETTINGS = {
    accessKey: { key: "otc:accessKey", env: ["OS_ACCESS_KEY"], cloud: "accessKey" },
    secretKey: { key: "otc:secretKey", env: ["OS_SECRET_KEY"], cloud: "secretKey" },
    securityToken: { key: "otc:securityToken", env: ["OS_SECURITY_TOKEN"], cloud: "securityToken" },
    token: { key: "otc:token", env: ["OS_TOKEN", "OS_AUTH_TOKEN"], cloud: "token" },
    username: { key: "otc:username", env: ["OS_USERNAME", "OS_USER_NAME"], cloud: "username" },
    password: { key: "otc:password", env: ["OS_PASSWORD"], cloud: "password" },
    domainName: { key: "otc:domainName", env: ["OS_DOMAIN_NAME"], cloud: "domainName" },
    userDomainName: { key: "otc:userDomainName", env: ["OS_USER_DOMAIN_NAME"], cloud: "userDomainName" },
    authUrl: { key: "otc:authUrl", env: ["OS_AUTH_URL"], cloud: "authUrl" },
    projectId: { key: "otc:projectId", env: ["OS_PROJECT_ID", "OS_TENANT_ID"], cloud: "projectId" },
    projectName: { key: "otc:projectName", env: ["OS_PROJECT_NAME", "OS_TENANT_NAME"], cloud: "projectName" },
    cloud: { key: "otc:cloud", env: ["OS_CLOUD"] },
    region: { key: "otc:region", env: ["OS_REGION_NAME"], cloud: "region" },
    endpoint: { key: "otc:endpoint", env: ["OTC_ENDPOINT"] },
    gaussdbEndpoint: { key: "otc:gaussdbEndpoint", env: ["OTC_GAUSSDB_ENDPOINT"] },
    rdsEndpoint: { key: "otc:rdsEndpoint", env: ["OTC_RDS_ENDPOINT"] },
    taurusdbEndpoint: { key: "otc:taurusdbEndpoint", env: ["OTC_TAURUSDB_ENDPOINT"] },
    insecure: { key: "otc:insecure", env: ["OS_INSECURE"], cloud: "insecure" },
    caCert: { key: "otc:caCert", env: ["OS_CACERT"], cloud: "caCert" },
    maxRequestsPerSecond: { key: "otc:maxRequestsPerSecond", env: ["OTC_MAX_REQUESTS_PER_SECOND"] },
    coalescePolls: { key: "otc:coalescePolls", env: ["OTC_COALESCE_POLLS"] },
    taurusdbJobsPath: { key: "otc:taurusdbJobsPath", env: ["OTC_TAURUSDB_JOBS_PATH"] },
} satisfies Record<string, Setting>;

export type SettingName = keyof typeof SETTINGS;

/** The settings that are, or choose, a credential: they all come from one place. */
const CREDENTIAL_SETTINGS = ["accessKey", "secretKey", "securityToken", "token", "username", "password"] as const satisfies readonly SettingName[];

/** The credentials that are secrets themselves (an access key id or a user name is not). */
const SECRET_CREDENTIAL_SETTINGS = ["secretKey", "securityToken", "token", "password"] as const satisfies readonly SettingName[];

/**
 * The secret credentials set in stack config without `--secret`, e.g. `["otc:password"]`: they sit in plain text in
 * `Pulumi.<stack>.yaml`. Empty when the source cannot tell which keys are secrets.
 */
export function plainTextCredentialKeys(config: ConfigSource): string[] {
    return SECRET_CREDENTIAL_SETTINGS.map((name) => SETTINGS[name].key).filter(
        (key) => config.get(key) !== undefined && config.isSecret?.(key) === false,
    );
}

/**
 * The one rule for plain-text credentials, said the same by `pulumi preview`/`up` and by `otc-jobs wait --stack`:
 * warn and go on. Refusing would not take the value out of the file (nor out of its git history), and would stop a
 * `pulumi destroy` or an urgent fix of a stack that has always worked; the warning says how to encrypt it.
 */
export function plainTextCredentialWarning(keys: readonly string[], stack?: string): string {
    const file = `Pulumi.${stack ?? "<stack>"}.yaml`;
    const what = keys.length === 1 ? `${keys[0]} is` : `${keys.join(", ")} are`;
    const fixes = keys.map((key) => `pulumi config set --secret ${key} <value>`).join("; ");
    return `${what} stored in plain text in the stack config (${file}): anyone who can read that file can read ${keys.length === 1 ? "it" : "them"}. Encrypt ${keys.length === 1 ? "it" : "them"} with: ${fixes}`;
}

/** `otc:projectId (or OS_PROJECT_ID / OS_TENANT_ID)`, for error messages and docs. */
export function describeSetting(name: SettingName): string {
    const s = SETTINGS[name];
    return `${s.key} (or ${s.env.join(" / ")})`;
}

type Reader = (name: SettingName) => string | undefined;

interface CredentialSource {
    label: string;
    read: Reader;
}

/**
 * Stack config wins over the environment, which wins over clouds.yaml (`otc:cloud` / `OS_CLOUD`), value by value;
 * credentials come whole from the first of these places that sets any. Secrets are read here and nowhere else;
 * they never enter error messages.
 */
export function resolveOtcSettings(
    config: ConfigSource,
    env: NodeJS.ProcessEnv = process.env,
    options: { cloudsYamlCandidates?: string[] } = {},
): OtcSettings {
    const fromConfig: Reader = (name) => nonEmpty(config.get(SETTINGS[name].key));
    const fromEnv: Reader = (name) => {
        for (const variable of SETTINGS[name].env as readonly string[]) {
            const value = nonEmpty(env[variable]);
            if (value !== undefined) return value;
        }
        return undefined;
    };
    const cloudName = fromConfig("cloud") ?? fromEnv("cloud");
    let cloud: ReturnType<typeof readCloudsYaml> | undefined;
    if (cloudName !== undefined) {
        try {
            cloud = readCloudsYaml(cloudName, options.cloudsYamlCandidates ?? cloudsYamlCandidates(env));
        } catch (error) {
            if (error instanceof CloudsYamlError) throw new OtcConfigError(`${error.message} (${describeSetting("cloud")})`);
            throw error;
        }
    }
    const fromCloud: Reader = (name) => {
        const key = (SETTINGS[name] as Setting).cloud;
        return key === undefined ? undefined : nonEmpty(cloud?.values[key]);
    };
    const read: Reader = (name) => fromConfig(name) ?? fromEnv(name) ?? fromCloud(name);

    const projectName = read("projectName");
    const projectId = read("projectId");
    if (!projectId && !projectName) {
        throw new OtcConfigError(`No OTC project id: set ${describeSetting("projectId")}, or ${describeSetting("projectName")}`);
    }
    if (projectId && !/^[0-9a-zA-Z]+$/.test(projectId)) {
        throw new OtcConfigError(`${describeSetting("projectId")} must be a project id (letters and digits), got "${projectId}"`);
    }

    const explicitAuthUrl = withKeystonePath(read("authUrl"));
    if (explicitAuthUrl !== undefined && !/^https?:\/\/[^/\s]+/.test(explicitAuthUrl)) {
        throw new OtcConfigError(`${describeSetting("authUrl")} must be an http(s) URL such as https://iam.eu-de.otc.t-systems.com/v3, got "${explicitAuthUrl}"`);
    }
    const region =
        read("region") ??
        (projectName ? regionFromProjectName(projectName) : undefined) ??
        (explicitAuthUrl ? regionFromAuthUrl(explicitAuthUrl) : undefined);
    const authUrl = explicitAuthUrl ?? (region ? defaultAuthUrl(region) : undefined);

    const { endpoints, defaultedEndpoints } = resolveEndpoints(fromConfig, fromEnv, region);

    const rps = read("maxRequestsPerSecond");
    const maxRequestsPerSecond = rps === undefined ? undefined : Number(rps);
    if (maxRequestsPerSecond !== undefined && !(maxRequestsPerSecond > 0)) {
        throw new OtcConfigError(`${describeSetting("maxRequestsPerSecond")} must be a positive number, got "${rps}"`);
    }

    // Credentials come whole from one place: the first that sets any credential, never a mix.
    const sources: CredentialSource[] = [
        { label: "stack config", read: fromConfig },
        { label: "environment", read: fromEnv },
        ...(cloud ? [{ label: `cloud "${cloudName ?? ""}" in ${cloud.path}`, read: fromCloud }] : []),
    ];
    const source = sources.find((s) => CREDENTIAL_SETTINGS.some((name) => s.read(name) !== undefined));
    const identity = resolveIdentity(source, sources, read);
    const common = {
        region,
        endpoints,
        insecure: parseBoolean(read("insecure"), "insecure"),
        caCertPath: read("caCert"),
        maxRequestsPerSecond,
        coalescePolls: read("coalescePolls") === undefined ? true : parseBoolean(read("coalescePolls"), "coalescePolls"),
        projectName,
        authUrl,
        authMethod: identity.kind,
        credentialsSource: source?.label ?? "",
        taurusdbJobsPath: read("taurusdbJobsPath"),
    };

    // Static credentials with a known project id need nothing else: exactly what was sent before IAM support.
    if (identity.kind !== "password" && projectId) {
        const { kind: _kind, ...credentials } = identity;
        return { projectId, credentials, ...common };
    }
    if (!authUrl) {
        throw new OtcConfigError(
            `No IAM URL to ${identity.kind === "password" ? "get a token from" : `look up project "${projectName ?? ""}" at`}: set ` +
                `${describeSetting("authUrl")}, or ${describeSetting("region")} (the IAM URL is then https://iam.<region>.otc.t-systems.com/v3)`,
        );
    }
    const session = new IamSession({
        authUrl,
        identity,
        project: { id: projectId, name: projectName },
        region,
        tls: { insecure: common.insecure, caCertPath: common.caCertPath },
        // A region default gives way to the token's catalog; a configured endpoint never does.
        defaultedEndpoints,
    });
    return { projectId: projectId ?? "", credentials: session, ...common };
}

function resolveIdentity(source: CredentialSource | undefined, sources: readonly CredentialSource[], read: Reader): IamIdentity {
    if (!source) {
        throw new OtcConfigError(
            `No OTC credentials: set ${describeSetting("accessKey")} and ${describeSetting("secretKey")}, ` +
                `or ${describeSetting("username")}, ${describeSetting("password")} and ${describeSetting("domainName")}, ` +
                `or ${describeSetting("token")}, or name a clouds.yaml entry with ${describeSetting("cloud")}. ` +
                `Use \`pulumi config set --secret\` for secrets.`,
        );
    }
    const get = source.read;
    // Names only, never values: which credential settings the other places have, that this one makes us ignore.
    const ignored = (names: readonly SettingName[]) => {
        const found: string[] = [];
        for (const other of sources) {
            if (other === source) continue;
            for (const name of names) {
                if (other.read(name) === undefined) continue;
                found.push(other.label === "stack config" ? SETTINGS[name].key : other.label === "environment" ? SETTINGS[name].env.join("/") : `${SETTINGS[name].key.slice(4)} in the ${other.label}`);
            }
        }
        return found;
    };
    const incomplete = (have: SettingName, missing: SettingName) => {
        const elsewhere = ignored([missing]);
        const nameIn = (name: SettingName) =>
            source.label === "stack config" ? SETTINGS[name].key : source.label === "environment" ? (SETTINGS[name].env[0] ?? "") : `auth.${name}`;
        const fix =
            source.label === "stack config"
                ? `pulumi config set${missing === "password" || missing === "secretKey" ? " --secret" : ""} ${SETTINGS[missing].key} …` +
                  `${elsewhere.length ? `, or remove ${SETTINGS[have].key} from the stack to use the other place's credentials` : ""}`
                : `set ${nameIn(missing)} there too`;
        return new OtcConfigError(
            `${nameIn(have)} is set in the ${source.label} but ${nameIn(missing)} is not (${fix}). Credentials come whole from ` +
                `one place (stack config, else the environment, else clouds.yaml) and are never mixed, so a setting from one place ` +
                `cannot complete another's` +
                (elsewhere.length ? `: ${elsewhere.join(", ")} ${elsewhere.length > 1 ? "are" : "is"} ignored while the ${source.label} sets a credential` : "") +
                `. The missing setting: ${describeSetting(missing)}.`,
        );
    };

    const accessKey = get("accessKey");
    const secretKey = get("secretKey");
    if (accessKey || secretKey) {
        if (!accessKey) throw incomplete("secretKey", "accessKey");
        if (!secretKey) throw incomplete("accessKey", "secretKey");
        const securityToken = get("securityToken");
        return securityToken ? { kind: "aksk", accessKey, secretKey, securityToken } : { kind: "aksk", accessKey, secretKey };
    }
    const username = get("username");
    const password = get("password");
    if (username || password) {
        if (!username) throw incomplete("password", "username");
        if (!password) throw incomplete("username", "password");
        // The user's domain: OS_USER_DOMAIN_NAME when set, else OS_DOMAIN_NAME (both are the OTC tenant name).
        const userDomainName = read("userDomainName") ?? read("domainName");
        if (!userDomainName) {
            throw new OtcConfigError(
                `IAM user "${username}" needs its domain (the OTC tenant, e.g. OTC-EU-DE-000000000010000xxxxx): set ` +
                    `${describeSetting("domainName")} or ${describeSetting("userDomainName")}`,
            );
        }
        return { kind: "password", username, password, userDomainName };
    }
    const token = get("token");
    if (token) return { kind: "token", token };
    // Only a security token: it belongs to an AK/SK pair.
    throw incomplete("securityToken", "accessKey");
}

/** `https://iam.eu-de.otc.t-systems.com` means its Keystone v3 root: OTC serves nothing else there. */
function withKeystonePath(url: string | undefined): string | undefined {
    if (url === undefined) return undefined;
    return /^https?:\/\/[^/\s]+\/?$/.test(url) ? `${url.replace(/\/$/, "")}/v3` : url;
}

function nonEmpty(value: string | undefined): string | undefined {
    return value === undefined || value === "" ? undefined : value;
}

function parseBoolean(value: string | undefined, name: SettingName): boolean {
    if (value === undefined) return false;
    if (/^(1|true|yes)$/i.test(value)) return true;
    if (/^(0|false|no)$/i.test(value)) return false;
    throw new OtcConfigError(`${describeSetting(name)} must be true or false, got "${value}"`);
}

/**
 * Every service's endpoint. Stack config wins over the environment; in each, the service's own setting wins over
 * `otc:endpoint`, whose `{service}` placeholder becomes the service's host label (`http://127.0.0.1:8080/{service}`
 * for the simulator, `https://{service}.eu-de.example.com` for a proxy). A URL without the placeholder is used as it
 * is for every service. Without any, the region's public host. `defaultedEndpoints` maps the URLs that are only
 * region defaults to their service, so an IAM token's catalog may replace them.
 */
function resolveEndpoints(
    fromConfig: Reader,
    fromEnv: Reader,
    region: string | undefined,
): { endpoints: Record<ServiceName, string | undefined>; defaultedEndpoints: Record<string, ServiceName> } {
    const endpoints = {} as Record<ServiceName, string | undefined>;
    const defaultedEndpoints: Record<string, ServiceName> = {};
    for (const service of SERVICE_NAMES) {
        const own = ENDPOINT_SETTINGS[service];
        const label = SERVICE_HOST_LABELS[service];
        const generic = (value: string | undefined) => value?.replaceAll("{service}", label);
        const configured = fromConfig(own) ?? generic(fromConfig("endpoint")) ?? fromEnv(own) ?? generic(fromEnv("endpoint"));
        const regionDefault = region ? defaultServiceEndpoint(label, region) : undefined;
        const url = configured ?? regionDefault;
        if (url !== undefined && !/^https?:\/\/[^/\s{}]+/.test(url)) {
            throw new OtcConfigError(`${describeSetting(own)} (or ${describeSetting("endpoint")}) must be an http(s) URL, got "${url}"`);
        }
        endpoints[service] = url;
        if (configured === undefined && regionDefault !== undefined) defaultedEndpoints[regionDefault] = service;
    }
    return { endpoints, defaultedEndpoints };
}

/** The endpoint of a service, or an error that says how to set it. */
export function requireEndpoint(settings: OtcSettings, service: ServiceName): string {
    const url = settings.endpoints[service];
    if (url) return url;
    const label = SERVICE_HOST_LABELS[service];
    throw new OtcConfigError(
        `No ${service} endpoint: set ${describeSetting("region")} (the endpoint is then https://${label}.<region>.otc.t-systems.com), ` +
            `${describeSetting("projectName")} (its region prefix, e.g. eu-de_orders, sets the region), ` +
            `${describeSetting(ENDPOINT_SETTINGS[service])}, or ${describeSetting("endpoint")} (where {service} stands for ${label})`,
    );
}
