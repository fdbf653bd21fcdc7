import { createHash } from "node:crypto";
import type { Dispatcher } from "undici";
import { OtcConfigError } from "../config/otc-config-error";
import type { AkSkCredentials, CredentialsProvider, RequestToAuthenticate, TokenCredentials } from "./credentials";
import { authenticate } from "./credentials";
import { ANONYMOUS, catalogEndpoint, findProjectId, type IssuedToken, type PasswordIdentity, requestPasswordToken } from "./iam-token";
import { sharedHttpDispatcher } from "./http-dispatcher";
import { OtcClient } from "./otc-client";

/**
 * Renew a token this long before it expires. OTC tokens live 24 h; a margin of 30 min covers clock skew and a
 * request that is slow to be sent, and costs one extra token a day.
 */
export const TOKEN_RENEWAL_MARGIN_MS = 30 * 60_000;

export type IamIdentity =
    | ({ kind: "password" } & PasswordIdentity)
    | ({ kind: "aksk" } & AkSkCredentials)
    | ({ kind: "token" } & TokenCredentials);

export interface IamSessionOptions {
    /** Keystone v3 URL, e.g. `https://iam.eu-de.otc.t-systems.com/v3` (`OS_AUTH_URL`). */
    authUrl: string;
    identity: IamIdentity;
    /** At least one of them. */
    project: { id?: string | undefined; name?: string | undefined };
    /** The region, to pick catalog endpoints. */
    region?: string | undefined;
    /**
     * Endpoints that are only region defaults (not configured), with their service: the token's catalog, when it
     * lists the service, replaces them.
     */
    defaultedEndpoints?: Readonly<Record<string, string>>;
    /** Default: the process-wide pool for `tls`, so IAM calls trust what the service calls trust. */
    dispatcher?: Dispatcher;
    /** `OS_INSECURE` / `OS_CACERT`, applied to the IAM calls too. */
    tls?: { insecure?: boolean; caCertPath?: string | undefined };
    now?: () => number;
}

/** Tokens of this process, by identity and scope, so every client and every resource shares one token. */
const tokenCache = new Map<string, Promise<IssuedToken>>();

/** For tests: forget every cached token. */
export function clearIamTokenCache(): void {
    tokenCache.clear();
}

/**
 * Authentication against OTC IAM for everything the provider and the waiter send: a password token fetched once
 * per process and renewed before expiry, or AK/SK or a given token with the project resolved by name. Secrets are
 * kept in private fields, so neither `JSON.stringify` nor `util.inspect` of a session shows them.
 */
export class IamSession implements CredentialsProvider {
    readonly kind = "credentials-provider" as const;
    readonly cacheKey: string;
    readonly authUrl: string;
    readonly #identity: IamIdentity;
    readonly #options: IamSessionOptions;
    #iamClient: OtcClient | undefined;
    readonly #now: () => number;
    #projectId: Promise<string> | undefined;

    constructor(options: IamSessionOptions) {
        if (!options.project.id && !options.project.name) throw new OtcConfigError("An IAM session needs a project id or a project name");
        this.authUrl = options.authUrl.replace(/\/+$/, "");
        this.#identity = options.identity;
        this.#options = options;
        this.#now = options.now ?? Date.now;
        // The hash covers the secret too, so a changed password or key is a new identity; it is never reversible.
        this.cacheKey = createHash("sha256")
            .update(JSON.stringify([this.authUrl, options.identity, options.project.id ?? "", options.project.name ?? ""]))
            .digest("hex");
    }

    /** Built on first use, so resolving settings (at preview, say) reads no CA file and opens no connection. */
    get #iam(): OtcClient {
        const identity = this.#identity;
        const tls = this.#options.tls;
        this.#iamClient ??= new OtcClient({
            endpoint: this.authUrl,
            projectId: "",
            credentials: identity.kind === "aksk" ? akskOf(identity) : identity.kind === "token" ? { token: identity.token } : ANONYMOUS,
            dispatcher:
                this.#options.dispatcher ??
                sharedHttpDispatcher({ insecure: tls?.insecure ?? false, ...(tls?.caCertPath ? { caCertPath: tls.caCertPath } : {}) }),
        });
        return this.#iamClient;
    }

    /** What authenticates requests, for messages: never a secret. */
    describe(): string {
        const scope = this.#options.project.id ? `project id ${this.#options.project.id}` : `project ${this.#options.project.name ?? ""}`;
        switch (this.#identity.kind) {
            case "password":
                return `IAM user "${this.#identity.username}" (domain "${this.#identity.userDomainName}"), ${scope}, via ${this.authUrl}`;
            case "aksk":
                return `access key ${this.#identity.accessKey}, ${scope}`;
            case "token":
                return `a given IAM token, ${scope}`;
        }
    }

    async authenticate(request: RequestToAuthenticate, signal?: AbortSignal): Promise<Record<string, string>> {
        switch (this.#identity.kind) {
            case "password":
                return { ...request.headers, "X-Auth-Token": (await this.passwordToken(signal)).token };
            case "aksk":
                return authenticate(request, akskOf(this.#identity));
            case "token":
                return { ...request.headers, "X-Auth-Token": this.#identity.token };
        }
    }

    projectId(signal?: AbortSignal): Promise<string> {
        const configured = this.#options.project.id;
        if (configured) return Promise.resolve(configured);
        this.#projectId ??= this.resolveProjectId(signal).catch((error: unknown) => {
            this.#projectId = undefined; // a later request may succeed (IAM was down, say)
            throw error;
        });
        return this.#projectId;
    }

    async serviceEndpoint(endpoint: string, signal?: AbortSignal): Promise<string> {
        const service = this.#options.defaultedEndpoints?.[endpoint.replace(/\/+$/, "")];
        if (service === undefined || this.#identity.kind !== "password") return endpoint;
        const token = await this.passwordToken(signal);
        return catalogEndpoint(token.catalog, service, this.#options.region) ?? endpoint;
    }

    rejected(): void {
        if (this.#identity.kind === "password") tokenCache.delete(this.tokenKey());
    }

    /** Never the secrets: what a log line or a serialized object may show. */
    toJSON(): object {
        return { kind: this.kind, authUrl: this.authUrl, identity: this.#identity.kind };
    }

    private async resolveProjectId(signal: AbortSignal | undefined): Promise<string> {
        const name = this.#options.project.name ?? "";
        if (this.#identity.kind === "password") {
            const token = await this.passwordToken(signal);
            if (token.projectId) return token.projectId;
            throw new Error(`IAM (${this.authUrl}) issued a token for project ${name} without token.project.id`);
        }
        const id = await findProjectId(this.#iam, name, signal);
        if (id) return id;
        throw new OtcConfigError(
            `No project named "${name}" is visible to ${this.describe()}: check otc:projectName (or OS_PROJECT_NAME), ` +
                `or set otc:projectId (or OS_PROJECT_ID) instead`,
        );
    }

    private tokenKey(): string {
        return this.cacheKey;
    }

    /** The cached token, or a new one when there is none or it expires within the renewal margin. */
    private async passwordToken(signal: AbortSignal | undefined): Promise<IssuedToken> {
        if (this.#identity.kind !== "password") throw new Error("not a password identity");
        const key = this.tokenKey();
        const cached = tokenCache.get(key);
        if (cached) {
            const token = await cached.catch(() => undefined);
            if (token && token.expiresAt.getTime() - this.#now() > TOKEN_RENEWAL_MARGIN_MS) return token;
            if (tokenCache.get(key) !== cached) return this.passwordToken(signal); // someone else renewed meanwhile
        }
        const identity = this.#identity;
        const scope = this.#options.project.id ? { id: this.#options.project.id } : { name: this.#options.project.name ?? "" };
        const fetching = requestPasswordToken(this.#iam, identity, scope, signal);
        tokenCache.set(key, fetching);
        fetching.catch(() => {
            if (tokenCache.get(key) === fetching) tokenCache.delete(key);
        });
        return fetching;
    }
}

function akskOf(identity: { accessKey: string; secretKey: string; securityToken?: string | undefined }): AkSkCredentials {
    return identity.securityToken
        ? { accessKey: identity.accessKey, secretKey: identity.secretKey, securityToken: identity.securityToken }
        : { accessKey: identity.accessKey, secretKey: identity.secretKey };
}
