/**
 * OTC's timestamp format, `2021-07-12T09:22:04+0000`: seconds precision and an offset without a colon.
 * The simulator always answers in UTC; OTC uses the region's offset, which clients must handle anyway.
 */
export function formatOtcTimestamp(ms: number): string {
    return `${new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19)}+0000`;
}
