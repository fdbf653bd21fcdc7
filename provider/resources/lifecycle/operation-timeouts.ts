/** Per-operation deadlines, from Pulumi's `customTimeouts` resource option (forwarded by the resource class). */
export interface OperationTimeouts {
    create?: string;
    update?: string;
    delete?: string;
}

export type Operation = keyof OperationTimeouts;

/**
 * Defaults no shorter than the Terraform providers for OTC/Huawei Cloud openGauss (create 120 min, update
 * 150 min, delete 45 min): a resize of a large cluster legitimately takes hours.
 */
export const DEFAULT_TIMEOUTS_MS: Record<Operation, number> = {
    create: 120 * 60_000,
    update: 150 * 60_000,
    delete: 45 * 60_000,
};

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Go duration syntax, as `customTimeouts` takes it: "90s", "20m", "1h30m", "1.5h". undefined if malformed. */
export function parseDurationMs(text: string): number | undefined {
    const trimmed = text.trim();
    if (trimmed === "") return undefined;
    const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/gy;
    let total = 0;
    let consumed = 0;
    for (let m = re.exec(trimmed); m; m = re.exec(trimmed)) {
        total += Number(m[1]) * (UNIT_MS[m[2] ?? ""] ?? Number.NaN);
        consumed = re.lastIndex;
    }
    return consumed === trimmed.length && total > 0 ? Math.round(total) : undefined;
}

export function timeoutMsFor(operation: Operation, timeouts: OperationTimeouts | undefined): number {
    const text = timeouts?.[operation];
    return (text && parseDurationMs(text)) || DEFAULT_TIMEOUTS_MS[operation];
}
