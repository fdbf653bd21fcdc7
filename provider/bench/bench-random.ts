/**
 * A tiny seeded PRNG (mulberry32) so every bench run with the same seed sees the same jobs and the same
 * jitter. Not for anything security-related.
 */
export function mulberry32(seed: number): () => number {
    let state = seed >>> 0;
    return () => {
        state = (state + 0x6d2b79f5) >>> 0;
        let t = state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

/**
 * Derives an independent seed from a base seed and a few integers (job index, policy index), so each
 * (job, policy) pair gets its own stream and adding a policy does not change the jitter another one sees.
 */
export function deriveSeed(base: number, ...parts: number[]): number {
    let h = base >>> 0;
    for (const part of parts) {
        h = Math.imul(h ^ (part >>> 0), 0x9e3779b1) >>> 0;
        h ^= h >>> 16;
    }
    return h >>> 0;
}
