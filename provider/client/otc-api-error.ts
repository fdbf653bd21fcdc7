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
    constructor(
        readonly method: string,
        readonly path: string,
        readonly causeCode: string,
        cause: unknown,
    ) {
        super(`${method} ${path} failed: ${causeCode}`, { cause });
    }
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
