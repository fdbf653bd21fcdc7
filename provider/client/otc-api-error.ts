/**
 * An error answer of an OTC API: the HTTP status, OTC's `error_code`/`error_msg` when the body has them,
 * and the request id to quote to OTC support. Never carries credentials: only the method and the path.
 */
export class OtcApiError extends Error {
    override readonly name = "OtcApiError";
    readonly status: number;
    readonly errorCode: string | undefined;
    readonly errorMsg: string | undefined;
    readonly requestId: string | undefined;
    readonly method: string;
    readonly path: string;
    /** From a `Retry-After` header, when the answer had one. */
    readonly retryAfterMs: number | undefined;

    constructor(init: {
        status: number;
        method: string;
        path: string;
        errorCode?: string | undefined;
        errorMsg?: string | undefined;
        requestId?: string | undefined;
        retryAfterMs?: number | undefined;
        bodySnippet?: string | undefined;
    }) {
        const detail = init.errorCode
            ? `${init.errorCode}: ${init.errorMsg ?? ""}`.trim()
            : init.errorMsg
              ? init.errorMsg
              : init.bodySnippet
              ? `unexpected body: ${init.bodySnippet}`
              : "no error body";
        const request = init.requestId ? ` (request id ${init.requestId})` : "";
        super(`${init.method} ${init.path} answered ${init.status}: ${detail}${request}`);
        this.status = init.status;
        this.errorCode = init.errorCode;
        this.errorMsg = init.errorMsg;
        this.requestId = init.requestId;
        this.method = init.method;
        this.path = init.path;
        this.retryAfterMs = init.retryAfterMs;
    }
}

/** A 2xx answer whose body is not the JSON this package expects (truncated, or of another shape). */
export class OtcResponseError extends Error {
    override readonly name = "OtcResponseError";
    constructor(
        readonly method: string,
        readonly path: string,
        readonly status: number,
        readonly reason: string,
        readonly requestId: string | undefined,
        /** Truncated JSON is worth another try; a body of the wrong shape is not. */
        readonly transient: boolean,
    ) {
        super(`${method} ${path} answered ${status} with an invalid body: ${reason}${requestId ? ` (request id ${requestId})` : ""}`);
    }
}

/** The request never got an answer (connection refused or reset, timeout) even after retries. */
export class OtcNetworkError extends Error {
    override readonly name = "OtcNetworkError";
    /** `gaussdb.eu-de.otc.t-systems.com:443`, when known. */
    readonly host: string | undefined;
    constructor(
        readonly method: string,
        readonly path: string,
        readonly causeCode: string,
        cause: unknown,
        /** The full URL that was requested (it never carries credentials). */
        readonly url?: string,
    ) {
        super(`${method} ${path} failed: ${describeNetworkCode(causeCode)}${url ? ` (host ${hostOf(url)}, URL ${url})` : ""}`, { cause });
        this.host = url ? hostOf(url) : undefined;
    }
}

/**
 * The endpoint cannot be used at all: its host name does not resolve, or its TLS certificate is not trusted.
 * Retrying cannot help, so it is not an `OtcNetworkError` (which waiters treat as transient); the message says
 * what to fix.
 */
export class OtcEndpointError extends Error {
    override readonly name = "OtcEndpointError";
    readonly host: string;
    constructor(
        readonly kind: "dns" | "tls",
        readonly method: string,
        readonly url: string,
        readonly causeCode: string,
        cause: unknown,
    ) {
        const host = hostOf(url);
        super(`${method} ${url} failed: ${endpointAdvice(kind, host, causeCode, cause)}`, { cause });
        this.host = host;
    }
}

function hostOf(url: string): string {
    try {
        const parsed = new URL(url);
        return parsed.port ? `${parsed.hostname}:${parsed.port}` : parsed.hostname;
    } catch {
        return url;
    }
}

function describeNetworkCode(code: string): string {
    switch (code) {
        case "ECONNREFUSED":
            return "ECONNREFUSED (nothing listens there: is the endpoint right?)";
        case "UND_ERR_CONNECT_TIMEOUT":
            return "UND_ERR_CONNECT_TIMEOUT (no TCP connection within the connect timeout: a firewall, proxy or wrong host?)";
        default:
            return code;
    }
}

function endpointAdvice(kind: "dns" | "tls", host: string, code: string, cause: unknown): string {
    if (kind === "dns") {
        return (
            `the host name ${host.replace(/:\d+$/, "")} does not resolve (${code}). Check the endpoint or region ` +
            `(otc:region / OS_REGION_NAME, otc:endpoint / OTC_ENDPOINT, otc:authUrl / OS_AUTH_URL) and the DNS or proxy ` +
            `(HTTPS_PROXY) of this machine. Not retried: a name that does not resolve will not start resolving.`
        );
    }
    const what =
        code === "ERR_TLS_CERT_ALTNAME_INVALID"
            ? `the certificate of ${host} is not issued for that host name (hostname mismatch)`
            : code === "CERT_HAS_EXPIRED"
              ? `the certificate of ${host} has expired`
              : /SELF_SIGNED/.test(code)
                ? `the certificate of ${host} is self-signed or signed by a CA this machine does not trust`
                : code === "ERR_SSL_WRONG_VERSION_NUMBER" || /wrong version number/i.test(String((cause as { message?: unknown })?.message ?? ""))
                  ? `${host} does not speak TLS (is it an http:// endpoint?)`
                  : `the TLS certificate of ${host} is not trusted`;
    return (
        `TLS: ${what} (${code}). If a proxy or a private cloud uses its own CA, set otc:caCert / OS_CACERT to that CA's ` +
        `PEM bundle; for a test cloud only, otc:insecure / OS_INSECURE=true skips the check.`
    );
}

/** OTC's answers to a mutation of an instance that is busy with another operation. */
const BUSY_CODES = new Set(["DBS.200011", "DBS.200019", "DBS.200047", "DBS.201202", "DBS.212006"]);
const GONE_CODES = new Set(["DBS.200002", "DBS.280022"]);

export function isInstanceBusy(error: unknown): boolean {
    return error instanceof OtcApiError && error.status === 409 && (error.errorCode === undefined || BUSY_CODES.has(error.errorCode) || /another operation/i.test(error.errorMsg ?? ""));
}

export function isInstanceGone(error: unknown): boolean {
    return error instanceof OtcApiError && (error.status === 404 || (error.errorCode !== undefined && GONE_CODES.has(error.errorCode)));
}

/** A job id the task center does not know (yet): OTC answers 400 DBS.200543, not 404. */
export function isJobUnknown(error: unknown): boolean {
    return error instanceof OtcApiError && error.errorCode === "DBS.200543";
}

export function isAuthError(error: unknown): boolean {
    return error instanceof OtcApiError && (error.status === 401 || error.status === 403);
}
