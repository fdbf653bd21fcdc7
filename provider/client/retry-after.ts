/** `Retry-After` as delay-seconds or an HTTP date, in ms from `nowMs`; undefined when absent or malformed. */
export function parseRetryAfterMs(value: string | string[] | undefined, nowMs: number = Date.now()): number | undefined {
    const text = Array.isArray(value) ? value[0] : value;
    if (text === undefined || text.trim() === "") return undefined;
    if (/^\s*\d+(\.\d+)?\s*$/.test(text)) return Math.round(Number(text) * 1000);
    const date = Date.parse(text);
    return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}
