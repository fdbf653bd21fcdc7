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

/**
 * OTC's answers to a mutation of an instance that is busy with another operation (or a backup, or in a status that
 * does not allow it yet), from the error-code tables of the GaussDB (openGauss), TaurusDB and RDS API references.
 * OTC sends some of them with 400 or 403, not only 409, so the code decides, not the status. Codes that may mean
 * the instance is broken for good (DBS.280011 "abnormal or has been deleted") are left out: waiting cannot help.
 */
const BUSY_CODES = new Set([
    "DBS.200011", "DBS.200019", "DBS.200047", "DBS.201202", "DBS.212006", // another operation is being performed
    "DBS.201205", // backup in progress
    "DBS.200086", "DBS.201014", "DBS.280406", "DBS.06020003", // not allowed by the current status / conflicting operation
    "DBS.212010", "DBS.212033", // parameter group being applied
    "RDS.0011", "RDS.0029", "RDS.1002", "RDS.3004", // RDS v1 table: operation, creation, restore, backup in progress
]);
/** "The DB instance does not exist" in the three services' tables (DBS.200408 is left out: openGauss uses it for "no normal nodes"). */
const GONE_CODES = new Set([
    "DBS.200002", "DBS.200045", "DBS.200602", "DBS.201028", "DBS.290005", "DBS.290011", "DBS.280022",
    "RDS.0002", "RDS.0022", "RDS.1103",
]);

export function isInstanceBusy(error: unknown): boolean {
    if (!(error instanceof OtcApiError)) return false;
    if (error.errorCode !== undefined && BUSY_CODES.has(error.errorCode)) return true;
    return error.status === 409 && (error.errorCode === undefined || /another operation|being (performed|processed)/i.test(error.errorMsg ?? ""));
}

export function isInstanceGone(error: unknown): boolean {
    return error instanceof OtcApiError && (error.status === 404 || (error.errorCode !== undefined && GONE_CODES.has(error.errorCode)));
}

/**
 * A job id the task center does not know (yet, or any more): OTC documents 400 DBS.200543. Which status a purged
 * job gets is not documented, so DBS.200543 counts whatever the status, and so does a 404 that carries a service
 * error code (a 404 without one is a wrong URL, and must not look like a finished job).
 */
export function isJobUnknown(error: unknown): boolean {
    return (
        error instanceof OtcApiError &&
        (error.errorCode === "DBS.200543" ||
            error.errorCode === "RDS.5041" ||
            (error.status === 404 && error.errorCode !== undefined && /^(DBS|RDS)\./.test(error.errorCode)))
    );
}

export function isAuthError(error: unknown): boolean {
    return error instanceof OtcApiError && (error.status === 401 || error.status === 403);
}
