/**
 * An error answer in OTC's shape (`{"error_code","error_msg"}`), thrown by route handlers and turned into
 * the HTTP response by the server. API-gateway errors (`APIGW.*`) also carry the request id in the body,
 * as the real gateway does; service errors (`DBS.*`) do not.
 */
export class SimulatorApiError extends Error {
    override readonly name = "SimulatorApiError";

    constructor(
        readonly status: number,
        readonly errorCode: string,
        readonly errorMsg: string,
        readonly headers: Readonly<Record<string, string>> = {},
    ) {
        super(`${status} ${errorCode}: ${errorMsg}`);
    }
}

export function invalidParameter(detail: string): SimulatorApiError {
    return new SimulatorApiError(400, "DBS.200001", `Invalid parameter: ${detail}`);
}

export function instanceNotFound(): SimulatorApiError {
    return new SimulatorApiError(404, "DBS.200002", "The DB instance does not exist.");
}

export function instanceBusy(): SimulatorApiError {
    return new SimulatorApiError(
        409,
        "DBS.200019",
        "Another operation is being performed on the DB instance. Please try again later.",
    );
}

// OTC answers 400, not 404, for a job it does not know (seed 000 and the waiter rely on this).
export function jobNotFound(): SimulatorApiError {
    return new SimulatorApiError(400, "DBS.200543", "The job does not exist.");
}

export function apiNotFound(): SimulatorApiError {
    return new SimulatorApiError(404, "APIGW.0101", "The API does not exist or has not been published in the environment");
}

// The real gateway answers 404 for a method it has no API for; the simulator says 405 so a client bug
// (wrong verb on a known path) is told apart from a wrong path.
export function methodNotAllowed(allowed: readonly string[]): SimulatorApiError {
    return new SimulatorApiError(
        405,
        "APIGW.0101",
        "The API does not exist or has not been published in the environment (method not allowed)",
        { Allow: allowed.join(", ") },
    );
}

export function unauthorized(reason: string): SimulatorApiError {
    return new SimulatorApiError(401, "APIGW.0301", `Incorrect IAM authentication information: ${reason}`);
}

export function forbidden(reason: string): SimulatorApiError {
    return new SimulatorApiError(403, "APIGW.0302", `The IAM user is not authorized to access the API: ${reason}`);
}

export function throttled(limitPerSecond: number, retryAfterSeconds: number): SimulatorApiError {
    return new SimulatorApiError(
        429,
        "APIGW.0308",
        `The throttling threshold has been reached: policy user over ratelimit,limit:${limitPerSecond},time:1 second`,
        { "Retry-After": String(retryAfterSeconds) },
    );
}
