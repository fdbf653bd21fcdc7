import { OtcApiError, OtcEndpointError, OtcNetworkError, OtcResponseError } from "../../client/otc-api-error";
import { networkErrorCode } from "../../client/otc-client";

/**
 * True when a create request may have reached OTC although no answer came back (reset connection, 5xx,
 * unreadable body): the instance may exist, so it must be looked for before anything is retried. A refused
 * connection, a failed name lookup or a refused TLS handshake never reached OTC.
 */
export function createOutcomeUnknown(error: unknown): boolean {
    if (error instanceof OtcEndpointError) return false;
    if (error instanceof OtcApiError) return error.status >= 500;
    if (error instanceof OtcResponseError) return true;
    if (error instanceof OtcNetworkError) return !["ECONNREFUSED", "UND_ERR_CONNECT_TIMEOUT"].includes(error.causeCode);
    return networkErrorCode(error) !== undefined;
}
