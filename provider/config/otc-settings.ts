import type { OtcCredentials } from "../client/credentials";

/** Everything needed to talk to OTC, resolved from stack config and the environment. */
export interface OtcSettings {
    projectId: string;
    region: string | undefined;
    credentials: OtcCredentials;
    /** Per service, e.g. `gaussdb` → `https://gaussdb.eu-de.otc.t-systems.com`. */
    endpoints: Record<ServiceName, string | undefined>;
    insecure: boolean;
    caCertPath: string | undefined;
    maxRequestsPerSecond: number | undefined;
    /** Poll many jobs of one project with one task-list call. Default true. */
    coalescePolls: boolean;
}

export type ServiceName = "gaussdb";

/** Reads one config key; `undefined` when unset. Pulumi's dynamic-provider config and a plain map both fit. */
export interface ConfigSource {
    get(key: string): string | undefined;
}

/** A setting is missing or malformed: the message names the config key and the environment variable. */
export class OtcConfigError extends Error {
    override readonly name = "OtcConfigError";
}

interface Setting {
    key: string;
    env: string[];
}

const SETTINGS = {
    accessKey: { key: "otc:accessKey", env: ["OS_ACCESS_KEY"] },
    secretKey: { key: "otc:secretKey", env: ["OS_SECRET_KEY"] },
    securityToken: { key: "otc:securityToken", env: ["OS_SECURITY_TOKEN"] },
    token: { key: "otc:token", env: ["OS_TOKEN", "OS_AUTH_TOKEN"] },
    projectId: { key: "otc:projectId", env: ["OS_PROJECT_ID"] },
    region: { key: "otc:region", env: ["OS_REGION_NAME"] },
    endpoint: { key: "otc:endpoint", env: ["OTC_ENDPOINT"] },
    gaussdbEndpoint: { key: "otc:gaussdbEndpoint", env: ["OTC_GAUSSDB_ENDPOINT"] },
    insecure: { key: "otc:insecure", env: ["OS_INSECURE"] },
    caCert: { key: "otc:caCert", env: ["OS_CACERT"] },
    maxRequestsPerSecond: { key: "otc:maxRequestsPerSecond", env: ["OTC_MAX_REQUESTS_PER_SECOND"] },
    coalescePolls: { key: "otc:coalescePolls", env: ["OTC_COALESCE_POLLS"] },
} satisfies Record<string, Setting>;

export type SettingName = keyof typeof SETTINGS;

/** `otc:projectId (or OS_PROJECT_ID)`, for error messages and docs. */
export function describeSetting(name: SettingName): string {
    const s = SETTINGS[name];
    return `${s.key} (or ${s.env.join(" / ")})`;
}

/**
 * Stack config wins over the environment, so a stack can pin what CI's environment says otherwise. Secrets are
 * read here and nowhere else; they never enter error messages.
 */
export function resolveOtcSettings(config: ConfigSource, env: NodeJS.ProcessEnv = process.env): OtcSettings {
    const fromConfig = (name: SettingName): string | undefined => nonEmpty(config.get(SETTINGS[name].key));
    const fromEnv = (name: SettingName): string | undefined => {
        for (const variable of SETTINGS[name].env as readonly string[]) {
            const value = nonEmpty(env[variable]);
            if (value !== undefined) return value;
        }
        return undefined;
    };
    const read = (name: SettingName): string | undefined => fromConfig(name) ?? fromEnv(name);

    const projectId = read("projectId");
    if (!projectId) throw new OtcConfigError(`No OTC project id: set ${describeSetting("projectId")}`);
    if (!/^[0-9a-zA-Z]+$/.test(projectId)) {
        throw new OtcConfigError(`${describeSetting("projectId")} must be a project id (letters and digits), got "${projectId}"`);
    }

    const region = read("region");
    // An endpoint in stack config, specific or generic, wins over any in the environment.
    const gaussdb =
        fromConfig("gaussdbEndpoint") ??
        fromConfig("endpoint") ??
        fromEnv("gaussdbEndpoint") ??
        fromEnv("endpoint") ??
        (region ? `https://gaussdb.${region}.otc.t-systems.com` : undefined);
    if (gaussdb !== undefined && !/^https?:\/\/[^/\s]+/.test(gaussdb)) {
        throw new OtcConfigError(`${describeSetting("gaussdbEndpoint")} (or ${describeSetting("endpoint")}) must be an http(s) URL, got "${gaussdb}"`);
    }

    const rps = read("maxRequestsPerSecond");
    const maxRequestsPerSecond = rps === undefined ? undefined : Number(rps);
    if (maxRequestsPerSecond !== undefined && !(maxRequestsPerSecond > 0)) {
        throw new OtcConfigError(`${describeSetting("maxRequestsPerSecond")} must be a positive number, got "${rps}"`);
    }

    // Credentials come whole from one place: any credential in stack config means the stack's, never a mix.
    const stackHasCredentials = (["accessKey", "secretKey", "token"] as const).some((name) => fromConfig(name) !== undefined);
    return {
        projectId,
        region,
        credentials: resolveCredentials(stackHasCredentials ? fromConfig : fromEnv),
        endpoints: { gaussdb },
        insecure: parseBoolean(read("insecure"), "insecure"),
        caCertPath: read("caCert"),
        maxRequestsPerSecond,
        coalescePolls: read("coalescePolls") === undefined ? true : parseBoolean(read("coalescePolls"), "coalescePolls"),
    };
}

function nonEmpty(value: string | undefined): string | undefined {
    return value === undefined || value === "" ? undefined : value;
}

function resolveCredentials(read: (name: SettingName) => string | undefined): OtcCredentials {
    const accessKey = read("accessKey");
    const secretKey = read("secretKey");
    if (accessKey || secretKey) {
        if (!accessKey) throw new OtcConfigError(`A secret key is set but no access key: set ${describeSetting("accessKey")}`);
        if (!secretKey) throw new OtcConfigError(`An access key is set but no secret key: set ${describeSetting("secretKey")}`);
        const securityToken = read("securityToken");
        return securityToken ? { accessKey, secretKey, securityToken } : { accessKey, secretKey };
    }
    const token = read("token");
    if (token) return { token };
    throw new OtcConfigError(
        `No OTC credentials: set ${describeSetting("accessKey")} and ${describeSetting("secretKey")}, ` +
            `or ${describeSetting("token")}. Use \`pulumi config set --secret\` for secrets.`,
    );
}

function parseBoolean(value: string | undefined, name: SettingName): boolean {
    if (value === undefined) return false;
    if (/^(1|true|yes)$/i.test(value)) return true;
    if (/^(0|false|no)$/i.test(value)) return false;
    throw new OtcConfigError(`${describeSetting(name)} must be true or false, got "${value}"`);
}

/** The endpoint of a service, or an error that says how to set it. */
export function requireEndpoint(settings: OtcSettings, service: ServiceName): string {
    const url = settings.endpoints[service];
    if (url) return url;
    throw new OtcConfigError(
        `No ${service} endpoint: set ${describeSetting("region")} (the endpoint is then https://${service}.<region>.otc.t-systems.com), ` +
            `${describeSetting("gaussdbEndpoint")}, or ${describeSetting("endpoint")}`,
    );
}
