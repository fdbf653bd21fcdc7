import { apiNotFound, methodNotAllowed, SimulatorApiError } from "./api-error";
import { FaultRuleError, parseFaultRule, type FaultRule } from "./faults";
import type { SimulatorStats } from "./stats";
import type { JsonAnswer } from "./runtime";

/** Path prefix of the control API; it needs no authentication and is never throttled or faulted. */
export const CONTROL_PREFIX = "/_sim";

export interface SimulatorControl {
    addFaults(rules: FaultRule[]): void;
    listFaults(): FaultRule[];
    clearFaults(): void;
    stats(): SimulatorStats;
    reset(): void;
}

const CONTROL_ROUTES: Readonly<Record<string, readonly string[]>> = {
    "/_sim/faults": ["GET", "POST", "DELETE"],
    "/_sim/stats": ["GET"],
    "/_sim/reset": ["POST"],
};

export function isControlPath(path: string): boolean {
    return path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`);
}

/**
 * `POST /_sim/faults` (one rule or an array; all are checked before any is added), `GET /_sim/faults`,
 * `DELETE /_sim/faults`, `GET /_sim/stats`, `POST /_sim/reset`.
 */
export function handleControlRequest(
    method: string,
    path: string,
    body: Buffer,
    control: SimulatorControl,
): JsonAnswer {
    const allowed = CONTROL_ROUTES[path];
    if (!Object.hasOwn(CONTROL_ROUTES, path) || allowed === undefined) throw apiNotFound();
    if (!allowed.includes(method)) throw methodNotAllowed(allowed);
    switch (`${method} ${path}`) {
        case "POST /_sim/faults": {
            const rules = parseRules(body);
            control.addFaults(rules);
            return { status: 200, body: { added: rules.length, faults: control.listFaults() } };
        }
        case "GET /_sim/faults":
            return { status: 200, body: { faults: control.listFaults() } };
        case "DELETE /_sim/faults":
            control.clearFaults();
            return { status: 200, body: {} };
        case "GET /_sim/stats":
            return { status: 200, body: control.stats() };
        case "POST /_sim/reset":
            control.reset();
            return { status: 200, body: {} };
        default:
            throw apiNotFound();
    }
}

function parseRules(body: Buffer): FaultRule[] {
    try {
        const parsed: unknown = JSON.parse(body.toString("utf8"));
        return (Array.isArray(parsed) ? parsed : [parsed]).map(parseFaultRule);
    } catch (error) {
        const message =
            error instanceof FaultRuleError ? error.message : `body is not valid JSON: ${(error as Error).message}`;
        throw new SimulatorApiError(400, "SIM.0001", `Invalid fault rule: ${message}`);
    }
}
