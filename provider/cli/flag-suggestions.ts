/**
 * "Did you mean --timeout?" for a mistyped flag or command. Edit distance, with a cut-off that keeps suggestions
 * to plausible typos (a transposition, a dropped or doubled letter) rather than any flag at all.
 */
export function closestMatch(input: string, candidates: readonly string[]): string | undefined {
    const bare = input.replace(/^-+/, "").split("=")[0] ?? "";
    let best: { candidate: string; distance: number } | undefined;
    for (const candidate of candidates) {
        const distance = editDistance(bare.toLowerCase(), candidate.replace(/^-+/, "").toLowerCase());
        if (!best || distance < best.distance) best = { candidate, distance };
    }
    if (!best) return undefined;
    const limit = Math.max(1, Math.floor(best.candidate.replace(/^-+/, "").length / 3));
    return best.distance <= limit ? best.candidate : undefined;
}

/** Damerau–Levenshtein (optimal string alignment): a swapped pair of letters counts as one edit. */
function editDistance(a: string, b: string): number {
    const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
    for (let j = 1; j <= b.length; j++) d[0]![j] = j;
    for (let i = 1; i <= a.length; i++) {
        for (let j = 1; j <= b.length; j++) {
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            let value = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
            if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, d[i - 2]![j - 2]! + 1);
            d[i]![j] = value;
        }
    }
    return d[a.length]![b.length]!;
}

/**
 * The message for node:util parseArgs' unknown-option error, with a suggestion from the command's own option
 * table (so a flag another change adds is suggested too). Other errors pass through unchanged.
 */
export function describeArgsError(error: unknown, options: Readonly<Record<string, unknown>>): string {
    const message = error instanceof Error ? error.message : String(error);
    const unknown = /Unknown option '([^']+)'/.exec(message)?.[1];
    if (unknown === undefined) return message;
    const suggestion = closestMatch(unknown, Object.keys(options).map((name) => `--${name}`));
    return `unknown option ${unknown}${suggestion ? ` (did you mean ${suggestion}?)` : ""}`;
}
