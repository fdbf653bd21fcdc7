import { createHash, randomBytes } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { SimulatorApiError } from "../core/api-error";
import { SIMULATOR_PROJECT_ID, SIMULATOR_PROJECT_NAME } from "../core/defaults";

/** Default token lifetime: OTC's 24 h. */
export const DEFAULT_TOKEN_LIFETIME_MS = 24 * 60 * 60_000;

export interface SimulatorUser {
    name: string;
    password: string;
    domainName: string;
}

interface IssuedToken {
    projectId: string;
    expiresAtMs: number;
}

/** What a token in `X-Auth-Token` is worth on a request to `/v3/{projectId}/...`. */
export type TokenCheck = "valid" | "expired" | "wrong-project" | "unknown";

export interface IamAnswer {
    status: number;
    body: unknown;
    headers?: Record<string, string>;
}

/** IAM paths the simulator serves; everything else under /v3 is the database API. */
export function isIamPath(path: string): boolean {
    return path === "/v3/auth/tokens" || path === "/v3/projects";
}

/**
 * Project ids by name: the region's default project (`eu-de`) is {@link SIMULATOR_PROJECT_ID}; any other
 * well-formed name (`eu-de_orders`, `eu-nl`) gets a stable id derived from it, so tests can use fresh projects by
 * name without registering them.
 */
export function simulatorProjectId(name: string): string | undefined {
    if (name === SIMULATOR_PROJECT_NAME) return SIMULATOR_PROJECT_ID;
    if (!/^[a-z]{2}-[a-z]+\d*(_[A-Za-z0-9_-]{1,60})?$/.test(name)) return undefined;
    return createHash("sha256").update(`simulator-project:${name}`).digest("hex").slice(0, 32);
}

/**
 * Keystone v3 as OTC serves it, the two calls a client needs: a password token scoped to a project
 * (`POST /v3/auth/tokens`: 201, token in `X-Subject-Token`, body `token.{expires_at, issued_at, methods, user,
 * project, roles, catalog}`) and the project list by name (`GET /v3/projects?name=`). A wrong user, password or
 * domain answers 401 with Keystone's error body, as OTC's IAM does.
 */
export class SimulatorIam {
    private readonly tokens = new Map<string, IssuedToken>();
    /** Project names the simulator has handed out ids for, by id (for `token.project.name`). */
    private readonly names = new Map<string, string>([[SIMULATOR_PROJECT_ID, SIMULATOR_PROJECT_NAME]]);
    /** The port of each service's own base URL, once listening: the catalog points there. */
    private servicePorts: Readonly<Record<"iam" | "gaussdb" | "rds" | "taurusdb", number>> | undefined;

    constructor(
        private readonly users: readonly SimulatorUser[],
        private readonly tokenLifetimeMs: number,
    ) {}

    /** From now on, the token's catalog lists each service at its own base URL (the host the client used). */
    catalogPorts(ports: Readonly<Record<"iam" | "gaussdb" | "rds" | "taurusdb", number>>): void {
        this.servicePorts = ports;
    }

    checkToken(token: string, projectId: string, nowMs: number): TokenCheck {
        const issued = this.tokens.get(token);
        if (!issued) return "unknown";
        if (issued.expiresAtMs <= nowMs) return "expired";
        // A project-scoped token is good for its own project only (other routes carry no project id).
        if (projectId !== "" && issued.projectId !== projectId) return "wrong-project";
        return "valid";
    }

    /** `POST /v3/auth/tokens` */
    issueToken(body: Buffer, query: URLSearchParams, headers: IncomingHttpHeaders, nowMs: number): IamAnswer {
        const request = parseJson(body);
        const auth = record(request?.["auth"]);
        const identity = record(auth?.["identity"]);
        const methods = identity?.["methods"];
        const user = record(record(identity?.["password"])?.["user"]);
        if (!Array.isArray(methods) || !methods.includes("password") || !user) {
            throw badRequest("auth.identity must have methods [\"password\"] and password.user");
        }
        const name = user["name"];
        const password = user["password"];
        const domainName = record(user["domain"])?.["name"];
        const known = this.users.find((u) => u.name === name && u.password === password && u.domainName === domainName);
        if (!known) throw keystoneError(401, "Unauthorized", "The username or password is wrong.");

        const scopeProject = record(record(auth?.["scope"])?.["project"]);
        if (!scopeProject) throw badRequest("auth.scope.project is required (the simulator issues project-scoped tokens only)");
        let projectId: string | undefined;
        let projectName: string | undefined;
        if (typeof scopeProject["id"] === "string") {
            projectId = /^[0-9a-zA-Z]+$/.test(scopeProject["id"]) ? scopeProject["id"] : undefined;
            projectName = projectId === undefined ? undefined : (this.names.get(projectId) ?? SIMULATOR_PROJECT_NAME);
        } else if (typeof scopeProject["name"] === "string") {
            projectName = scopeProject["name"];
            projectId = simulatorProjectId(projectName);
        }
        if (projectId === undefined || projectName === undefined) {
            throw keystoneError(401, "Unauthorized", "The project in the scope does not exist or the user has no role in it.");
        }
        this.names.set(projectId, projectName);

        const token = `MIIsim${randomBytes(24).toString("hex")}`;
        const expiresAtMs = nowMs + this.tokenLifetimeMs;
        this.tokens.set(token, { projectId, expiresAtMs });
        const region = projectName.split("_")[0] ?? projectName;
        const host = headerValue(headers, "host") ?? "127.0.0.1";
        const domain = { id: domainId(known.domainName), name: known.domainName };
        // Each service at its own base URL, on the host the client reached IAM by (a container name, say): what
        // OTC's catalog gives and official clients use. Catalog types as OTC names them (rdsv3, gaussdb-mysql).
        const ports = this.servicePorts;
        const at = (port: number) => `http://${host.replace(/:\d+$/, "")}:${port}`;
        const catalog = ports
            ? [
                  catalogEntry("identity", "iam", region, `${at(ports.iam)}/v3`),
                  catalogEntry("opengauss", "gaussdb", region, at(ports.gaussdb)),
                  // With the version and project in the path, as the OTC Go SDK expects of rdsv3; the others bare.
                  // Which form OTC gives is not documented: clients must read both (see catalogEndpoint).
                  catalogEntry("rdsv3", "rds", region, `${at(ports.rds)}/v3/${projectId}`),
                  catalogEntry("gaussdb-mysql", "taurusdb", region, at(ports.taurusdb)),
              ]
            : [catalogEntry("identity", "iam", region, `http://${host}/v3`), catalogEntry("opengauss", "gaussdb", region, `http://${host}`)];
        return {
            status: 201,
            headers: { "X-Subject-Token": token },
            body: {
                token: {
                    methods: ["password"],
                    expires_at: keystoneTime(expiresAtMs),
                    issued_at: keystoneTime(nowMs),
                    user: { id: createHash("sha256").update(`user:${known.name}`).digest("hex").slice(0, 32), name: known.name, domain, password_expires_at: "" },
                    project: { id: projectId, name: projectName, domain },
                    roles: [{ id: "0", name: "te_admin" }],
                    ...(query.has("nocatalog") ? {} : { catalog }),
                },
            },
        };
    }

    /** `GET /v3/projects?name=` (authenticated by the caller). */
    listProjects(query: URLSearchParams): IamAnswer {
        const name = query.get("name");
        const projects: { id: string; name: string }[] = [];
        if (name !== null) {
            const id = simulatorProjectId(name);
            if (id !== undefined) projects.push({ id, name });
        } else {
            for (const [id, projectName] of this.names) projects.push({ id, name: projectName });
        }
        return {
            status: 200,
            body: {
                projects: projects.map((p) => ({
                    id: p.id,
                    name: p.name,
                    description: "",
                    enabled: true,
                    is_domain: false,
                    domain_id: domainId("simulator"),
                    parent_id: domainId("simulator"),
                    links: { self: `/v3/projects/${p.id}` },
                })),
                links: { self: "/v3/projects", previous: null, next: null },
            },
        };
    }

    clear(): void {
        this.tokens.clear();
    }
}

function catalogEntry(type: string, name: string, region: string, url: string) {
    const id = createHash("sha256").update(`${type}:${region}`).digest("hex").slice(0, 32);
    return { type, name, id, endpoints: [{ id, interface: "public", region, region_id: region, url }] };
}

// Keystone writes microseconds and a Z: 2026-11-30T11:24:46.000000Z.
function keystoneTime(ms: number): string {
    return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
}

function domainId(name: string): string {
    return createHash("sha256").update(`domain:${name}`).digest("hex").slice(0, 32);
}

/** Keystone's error body (`{"error":{"code","title","message"}}`), which OTC's IAM answers. */
export function keystoneError(status: number, title: string, message: string): SimulatorApiError {
    return new KeystoneError(status, title, message);
}

export class KeystoneError extends SimulatorApiError {
    constructor(status: number, readonly title: string, message: string) {
        super(status, `IAM.${status}`, message);
    }
    body(): unknown {
        return { error: { code: this.status, title: this.title, message: this.errorMsg } };
    }
}

function badRequest(message: string): SimulatorApiError {
    return keystoneError(400, "Bad Request", message);
}

function parseJson(body: Buffer): Record<string, unknown> | undefined {
    try {
        return record(JSON.parse(body.toString("utf8")));
    } catch {
        throw badRequest("The request body is not JSON");
    }
}

function record(value: unknown): Record<string, unknown> | undefined {
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
}
