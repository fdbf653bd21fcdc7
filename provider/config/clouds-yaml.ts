import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { isAlias, isMap, isScalar, LineCounter, parseDocument, visit, type Document, type Node, type Tags } from "yaml";

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
    const found = cloudEntry(path, name);
    if (!found.entry) {
        throw new CloudsYamlError(
`No cloud "${name}" in ${path}${found.known.length ? ` (it has: ${found.known.join(", ")})` : ""}`);
    }
    // secure.yaml beside clouds.yaml holds the secrets of the same clouds, by OpenStack convention.
    const securePath = join(path, "..", "secure.yaml");
    const secure = existsSync(securePath) ? cloudEntry(securePath, name).entry : undefined;
    const sources = [found.entry, secure].filter((source): source is CloudSource => source !== undefined);
    const values: Partial<Record<CloudsYamlSetting, string>> = {};
    for (const source of sources) {
        const { map } = source;
        const auth = mappingAt(map, ["auth"], source) ?? {};
        for (const [key, value] of Object.entries(auth)) {
            const setting = AUTH_KEYS[key];
            const text = scalarText(value, ["auth", key], source);
            if (setting && text !== undefined) values[setting] = text;
        }
        const region = scalarText(map["region_name"], ["region_name"], source);
        if (region !== undefined) values.region = region;
        const cacert = scalarText(map["cacert"], ["cacert"], source);
        if (cacert !== undefined) values.caCert = cacert;
        // `verify: false` is how clouds.yaml says "do not check TLS".
        if (map["verify"] === false) values.insecure = "true";
    }
    // OpenStack lets an entry list its regions instead of naming one; with no region_name anywhere, the first
    // listed region is the one used (as the openstack CLI does when none is chosen).
    if (values.region === undefined) {
        for (const source of sources.slice().reverse()) {
            const first = firstRegion(source.map["regions"], source);
            if (first !== undefined) {
                values.region = first;
                break;
            }
        }
    }
    return { path, values };
}

type Mapping = Record<string, unknown>;
interface CloudSource {
    file: string;
    name: string;
    map: Mapping;
    /** "clouds.<name>.auth.password in <file> line 7": where a setting was written (its entry's line when merged in). */
    locate(keys: readonly string[]): string;
}

// Numbers are kept as written: a password, project id or domain such as `0123` or `1.50` must reach IAM as the
// user typed it, not as 123 or 1.5. Booleans and null stay YAML's (`verify: false`, an empty value).
const keepNumbersAsText = (tags: Tags): Tags =>
    tags.filter((tag) => typeof tag === "string" || !/:(int|float)$/.test(tag.tag));

function parseFile(path: string): { document: Document; lineCounter: LineCounter } {
    let text: string;
    try {
        text = readFileSync(path, "utf8");
    } catch (error) {
        throw new CloudsYamlError(`Cannot read ${path}: ${(error as Error).message}`);
    }
    const lineCounter = new LineCounter();
    const document = parseDocument(text, { merge: true, lineCounter, prettyErrors: false, customTags: keepNumbersAsText });
    const error = document.errors[0];
    if (error) {
        const { line, col } = lineCounter.linePos(error.pos[0]);
        throw new CloudsYamlError(`${path} line ${line}, column ${col} is not valid YAML: ${error.message}`);
    }
    return { document, lineCounter };
}

/**
 * The entry of cloud `name` in `path`, as plain values. Only this entry is turned into values and checked, so
 * another cloud's entry (an alias to nothing, a merge of a list) cannot break the one asked for.
 */
function cloudEntry(path: string, name: string): { entry?: CloudSource; known: string[] } {
    const { document, lineCounter } = parseFile(path);
    let clouds: unknown = isMap(document.contents) ? document.contents.get("clouds", true) : undefined;
    if (isAlias(clouds)) clouds = clouds.resolve(document);
    if (!isMap(clouds)) return { known: [] };
    const known = clouds.items.map((pair) => String(isScalar(pair.key) ? pair.key.value : pair.key));
    const node = clouds.get(name, true) as Node | undefined;
    if (node === undefined) return { known };
    const lineAt = (at: Node | undefined): string => (at?.range ? ` line ${lineCounter.linePos(at.range[0]).line}` : "");
    const locate = (keys: readonly string[]): string => {
        // A key merged in from an anchor (`<<: *defaults`) is not under the entry's own node: its line is the entry's.
        const own = isMap(node) ? (node.getIn(keys, true) as Node | undefined) : undefined;
        return `${["clouds", name, ...keys].join(".")} in ${path}${lineAt(own && typeof own === "object" ? own : node)}`;
    };
    let value: unknown;
    try {
        value = (node as { toJS(doc: Document): unknown }).toJS(document);
    } catch (error) {
        // yaml's message has no position: point at the alias that resolves to nothing, when that is the cause.
        let unresolved: Node | undefined;
        visit(node, {
            Alias(_key, alias) {
                if (alias.resolve(document) !== undefined) return undefined;
                unresolved = alias;
                return visit.BREAK;
            },
        });
        throw new CloudsYamlError(`clouds.${name} in ${path}${lineAt(unresolved ?? node)} cannot be read: ${(error as Error).message}`);
    }
    if (!isMapping(value)) throw new CloudsYamlError(`${locate([])} must be a mapping of settings`);
    return { entry: { file: path, name, map: value, locate }, known };
}

function isMapping(value: unknown): value is Mapping {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

function mappingAt(map: Mapping, keys: readonly string[], source: CloudSource): Mapping | undefined {
    const value = map[keys[keys.length - 1] ?? ""];
    if (value === undefined || value === null) return undefined;
    if (!isMapping(value)) throw new CloudsYamlError(`${source.locate(keys)} must be a mapping`);
    return value;
}

function scalarText(value: unknown, keys: readonly string[], source: CloudSource): string | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value === "object") throw new CloudsYamlError(`${source.locate(keys)} must be a single value, not a list or mapping`);
    return String(value);
}

function firstRegion(value: unknown, source: CloudSource): string | undefined {
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value)) throw new CloudsYamlError(`${source.locate(["regions"])} must be a list of region names`);
    const first: unknown = value[0];
    if (first === undefined) return undefined;
    const region = isMapping(first) ? first["name"] : first;
    if (typeof region !== "string" || region === "") {
        throw new CloudsYamlError(`${source.locate(["regions"])}: the first region must be a name or have a \`name\``);
    }
    return region;
}
