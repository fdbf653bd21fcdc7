/**
 * Parses OTC's progress field (`progress` on GaussDB, `process` on TaurusDB/RDS): "60%" → 60. Accepts
 * surrounding blanks, a missing "%" and decimals; anything else, and values outside 0..100, give undefined
 * (OTC sends "" when there is nothing to report).
 */
export function parseProgressPercent(raw: string | null | undefined): number | undefined {
    if (typeof raw !== "string") return undefined;
    const match = /^\s*(\d{1,3}(?:\.\d+)?)\s*%?\s*$/.exec(raw);
    if (match?.[1] === undefined) return undefined;
    const value = Number(match[1]);
    return value <= 100 ? value : undefined;
}
