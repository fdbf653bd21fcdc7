import { z } from "zod";
import type { CredentialsProvider } from "./credentials";
import { OtcApiError } from "./otc-api-error";
import type { OtcClient } from "./otc-client";

/** A user in an IAM domain (OTC: the tenant, e.g. `OTC-EU-DE-00000000001000012345`). */
export interface PasswordIdentity {
    username: string;
    password: string;
    /** The domain the user belongs to (`OS_USER_DOMAIN_NAME`, else `OS_DOMAIN_NAME`). */
    userDomainName: string;
}

/** What a token is scoped to: a project by id, or by name within the user's domain. */
export type ProjectScope = { id: string } | { name: string };

export interface CatalogEndpoint {
    interface: string | undefined;
    region: string | undefined;
    url: string;
}

export interface CatalogService {
    type: string;
    name: string | undefined;
    endpoints: CatalogEndpoint[];
}

export interface IssuedToken {
    /** The `X-Subject-Token` header of the answer: sent as `X-Auth-Token`. Never logged. */
    token: string;
    expiresAt: Date;
    projectId: string | undefined;
    projectName: string | undefined;
    catalog: CatalogService[];
}

// Keystone v3 as OTC documents it; unknown fields are ignored, only what is used is required.
const tokenBodySchema = z.object({
    token: z.object({
        expires_at: z.string(),
        project: z.object({ id: z.string(), name: z.string().optional() }).optional(),
        catalog: z
            .array(
                z.object({
                    type: z.string(),
                    name: z.string().optional(),
                    endpoints: z.array(
                        z.object({
                            interface: z.string().optional(),
                            region: z.string().optional(),
                            region_id: z.string().optional(),
                            url: z.string(),
                        }),
                    ),
                }),
            )
            .optional(),
    }),
});

/** Sends nothing but the request's own headers: the token request authenticates by its body. */
export const ANONYMOUS: CredentialsProvider = Object.freeze({
    kind: "credentials-provider" as const,
    cacheKey: "anonymous",
    authenticate: async (request: { headers: Record<string, string> }) => ({ ...request.headers }),
    projectId: async () => "",
    serviceEndpoint: async (endpoint: string) => endpoint,
    rejected: () => undefined,
});

/**
 * `POST {authUrl}/auth/tokens` with the password method, scoped to one project. `iam` is a client on the auth URL
 * (`https://iam.eu-de.otc.t-systems.com/v3`) with {@link ANONYMOUS} credentials. A 401 becomes an error that names
 * the user, domain and auth URL (never the password).
 */
export async function requestPasswordToken(
    iam: OtcClient,
    identity: PasswordIdentity,
    scope: ProjectScope,
    signal?: AbortSignal,
): Promise<IssuedToken> {
    const project = "id" in scope ? { id: scope.id } : { name: scope.name, domain: { name: identity.userDomainName } };
    const body = {
        auth: {
            identity: {
                methods: ["password"],
                password: { user: { name: identity.username, password: identity.password, domain: { name: identity.userDomainName } } },
            },
            scope: { project },
        },
    };
    let answer;
    try {
        // Asking for a token twice is harmless, so a lost answer is retried like a GET.
        answer = await iam.call(
            { method: "POST", path: "/auth/tokens", body, idempotent: true, withHeaders: true, ...(signal ? { signal } : {}) },
            tokenBodySchema,
        );
    } catch (error) {
        if (error instanceof OtcApiError && (error.status === 401 || error.status === 403)) {
            const scopeText = "id" in scope ? `project id ${scope.id}` : `project ${scope.name}`;
            // IAM's own message usually ends in a full stop already ("The username or password is wrong.").
            const reason = (error.errorMsg ?? error.message).replace(/\.+$/, "");
            error.message =
                `IAM (${iam.endpoint}) refused a token for user "${identity.username}" in domain "${identity.userDomainName}", ` +
                `scoped to ${scopeText}: ${reason}. Check otc:username / OS_USERNAME, otc:password / OS_PASSWORD, ` +
                `otc:domainName / OS_USER_DOMAIN_NAME / OS_DOMAIN_NAME and the project${error.requestId ? ` (request id ${error.requestId})` : ""}`;
        }
        throw error;
    }
    const header = answer.headers?.["x-subject-token"];
    const token = Array.isArray(header) ? header[0] : header;
    if (!token) throw new Error(`IAM (${iam.endpoint}) answered ${answer.status} without an X-Subject-Token header`);
    const expiresAt = new Date(answer.body.token.expires_at);
    if (Number.isNaN(expiresAt.getTime())) {
        throw new Error(`IAM (${iam.endpoint}) answered an unreadable expires_at: ${JSON.stringify(answer.body.token.expires_at)}`);
    }
    return {
        token,
        expiresAt,
        projectId: answer.body.token.project?.id,
        projectName: answer.body.token.project?.name,
        catalog: (answer.body.token.catalog ?? []).map((service) => ({
            type: service.type,
            name: service.name,
            endpoints: service.endpoints.map((e) => ({ interface: e.interface, region: e.region_id ?? e.region, url: e.url })),
        })),
    };
}

/**
 * The catalog types a service may be listed under. GaussDB (openGauss) is not in OTC's published endpoint table;
 * these names are what Huawei-derived catalogs use (UNVERIFIED for OTC: a configured endpoint always wins).
 */
const CATALOG_TYPES: Readonly<Record<string, readonly string[]>> = {
    gaussdb: ["opengauss", "gaussdbv3", "gaussdb"],
    // RDS v3 is "rdsv3" in OTC's catalog. The retired v1 API's "rds" entry is not taken: its URL
    // (`…/rds/v1/{project_id}`) carries a path prefix of v1 that the v3 routes do not have.
    rds: ["rdsv3"],
    taurusdb: ["gaussdb-mysql", "gaussdbformysql", "taurusdb"],
};

/** A catalog URL that belongs to another service listed under a shared type. */
const FOREIGN_URLS: Readonly<Record<string, RegExp>> = {
    // TaurusDB (gaussdb-mysql) must never be taken for openGauss.
    gaussdb: /mysql/i,
};

/** The public endpoint of `service` in `region` (any region when undefined), or undefined. */
export function catalogEndpoint(catalog: readonly CatalogService[], service: string, region: string | undefined): string | undefined {
    for (const type of CATALOG_TYPES[service] ?? [service]) {
        const entry = catalog.find((s) => s.type === type);
        if (!entry) continue;
        const candidates = entry.endpoints.filter(
            (e) => (e.interface === undefined || e.interface === "public") && (region === undefined || e.region === undefined || e.region === region),
        );
        const foreign = FOREIGN_URLS[service];
        const url = candidates.map((e) => e.url).find((u) => foreign === undefined || !foreign.test(u));
        if (url) return serviceBaseUrl(url);
    }
    return undefined;
}

/**
 * A catalog URL as a base URL for the client, which adds `/v3/{project_id}/…` itself. Catalogs list some services
 * with their API version and project in the path (`https://rds.eu-de.otc.t-systems.com/v3/<project id>`, what
 * the OTC Go SDK expects of `rdsv3`), others bare; which form OTC gives for which type is not documented, so both
 * are read the same: the version segment and what follows it are dropped, a path prefix before it is kept.
 */
export function serviceBaseUrl(url: string): string {
    return url.replace(/\/+$/, "").replace(/\/v\d+(\.\d+)?(\/[^/]+)?$/i, "");
}

const projectsBodySchema = z.object({
    projects: z.array(z.object({ id: z.string(), name: z.string(), enabled: z.boolean().optional() })),
});

/**
 * The id of the project named `name` (`GET {authUrl}/projects?name=`), as the OTC Terraform provider resolves a
 * project name for AK/SK. Undefined when the credentials see no such project.
 */
export async function findProjectId(iam: OtcClient, name: string, signal?: AbortSignal): Promise<string | undefined> {
    const { body } = await iam.call(
        { method: "GET", path: "/projects", query: { name }, ...(signal ? { signal } : {}) },
        projectsBodySchema,
    );
    return body.projects.find((p) => p.name === name)?.id;
}
