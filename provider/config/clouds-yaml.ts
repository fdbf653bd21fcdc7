import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { parseYamlSubset, type YamlMapping, type YamlValue } from "./simple-yaml";

/** Settings a `clouds.yaml` entry can give, named as in otc-settings (a subset of its `SettingName`s). */
export type CloudsYamlSetting =
    | "authUrl"
    | "username"
    | "password"
    | "domainName"
    | "userDomainName"
    | "projectName"
    | "projectId"
    | "accessKey"
    | "secretKey"
    | "securityToken"
    | "token"
    | "region"
    | "caCert"
    | "insecure";

export interface CloudsYamlEntry {
    /** The file the cloud was found in (`secure.yaml` beside it is merged in). */
    path: string;
    values: Partial<Record<CloudsYamlSetting, string>>;
}

export class CloudsYamlError extends Error {
    override readonly name = "CloudsYamlError";
}

/**
 * Where OpenStack tools (the `openstack` CLI, Terraform, the OTC CLI) look, in their order:
 * `OS_CLIENT_CONFIG_FILE`, `./clouds.yaml`, `$XDG_CONFIG_HOME/openstack/` (default `~/.config/openstack/`),
 * `/etc/openstack/`.
 */
export function cloudsYamlCandidates(env: NodeJS.ProcessEnv, cwd: string = process.cwd(), home: string = homedir()): string[] {
    // A file named explicitly is the only one looked at: falling back silently would read another cloud's keys.
    const explicit = env["OS_CLIENT_CONFIG_FILE"];
    if (explicit) return [explicit];
    const configHome = env["XDG_CONFIG_HOME"] || join(home, ".config");
    return [
        join(cwd, "clouds.yaml"),
        join(configHome, "openstack", "clouds.yaml"),
        "/etc/openstack/clouds.yaml",
    ];
}

// clouds.yaml key (under `auth:` unless marked top-level) → setting. OTC's own tools also accept ak/sk.
const AUTH_KEYS: Readonly<Record<string, CloudsYamlSetting>> = {
    auth_url: "authUrl",
    username: "username",
    user_name: "username",
    password: "password",
    domain_name: "domainName",
    user_domain_name: "userDomainName",
    project_name: "projectName",
    tenant_name: "projectName",
    project_id: "projectId",
    tenant_id: "projectId",
    ak: "accessKey",
    access_key: "accessKey",
    sk: "secretKey",
    secret_key: "secretKey",
    security_token: "securityToken",
    token: "token",
};

/** Reads cloud `name` from the first clouds.yaml that exists; throws naming the files when it is not there. */
export function readCloudsYaml(name: string, candidates: readonly string[]): CloudsYamlEntry {
    const files = candidates.filter((path) => existsSync(path));
    if (files.length === 0) {
        throw new CloudsYamlError(`OS_CLOUD is "${name}" but no clouds.yaml was found (looked in ${candidates.join(", ")})`);
    }
    const path = files[0] ?? "";
    const clouds = mappingAt(parseFile(path), "clouds");
    const cloud = clouds ? mappingAt(clouds, name) : undefined;
    if (!cloud) {
        const known = clouds ? Object.keys(clouds) : [];
        throw new CloudsYamlError(
`No cloud "${name}" in ${path}${known.length ? ` (it has: ${known.join(", ")})` : ""}`);
    }
    // secure.yaml beside clouds.yaml holds the secrets of the same clouds, by OpenStack convention.
    const securePath = join(path, "..", "secure.yaml");
    const secure = existsSync(securePath) ? mappingAt(mappingAt(parseFile(securePath), "clouds") ?? {}, name) : undefined;
    const values: Partial<Record<CloudsYamlSetting, string>> = {};
    for (const source of [cloud, secure]) {
        if (!source) continue;
        const auth = mappingAt(source, "auth") ?? {};
        for (const [key, value] of Object.entries(auth)) {
            const setting = AUTH_KEYS[key];
            const text = scalarText(value);
            if (setting && text !== undefined) values[setting] = text;
        }
        const region = scalarText(source["region_name"]);
        if (region !== undefined) values.region = region;
        const cacert = scalarText(source["cacert"]);
        if (cacert !== undefined) values.caCert = cacert;
        // `verify: false` is how clouds.yaml says "do not check TLS".
        if (source["verify"] === false) values.insecure = "true";
    }
    return { path, values };
}

function parseFile(path: string): YamlMapping {
    try {
        return parseYamlSubset(readFileSync(path, "utf8"));
    } catch (error) {
        throw new CloudsYamlError(`Cannot read ${path}: ${(error as Error).message}`);
    }
}

function mappingAt(map: YamlMapping, key: string): YamlMapping | undefined {
    const value = map[key];
    return typeof value === "object" && value !== null ? value : undefined;
}

function scalarText(value: YamlValue | undefined): string | undefined {
    if (value === undefined || value === null || typeof value === "object") return undefined;
    return String(value);
}
