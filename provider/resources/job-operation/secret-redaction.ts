import { resolvePointer } from "./json-pointer";

const REDACTED = "[secret]";

/**
 * The strings of the request bodies that were secrets in the program (the resource class recorded where they are,
 * as JSON pointers into each body): every string and number leaf under each such place.
 */
export function secretValuesOf(bodies: Record<string, unknown> | undefined, secretPaths: Record<string, string[]> | undefined): string[] {
    const values = new Set<string>();
    const collect = (value: unknown): void => {
        if (typeof value === "string" && value !== "") values.add(value);
        else if (typeof value === "number" || typeof value === "bigint") values.add(String(value));
        else if (Array.isArray(value)) value.forEach(collect);
        else if (typeof value === "object" && value !== null) Object.values(value).forEach(collect);
    };
    for (const [kind, pointers] of Object.entries(secretPaths ?? {})) {
        for (const pointer of pointers) collect(resolvePointer(bodies?.[kind], pointer));
    }
    // Longest first, so a secret that contains another is replaced whole.
    return [...values].sort((a, b) => b.length - a.length);
}

/**
 * A copy of an answer with every secret value replaced, in keys and values alike, without changing the words around
 * it: a string or number that is a secret is replaced whole; inside a longer text, a secret is replaced only where
 * it stands as a value of its own (not touching a letter or digit), and a secret made of letters only (which could
 * be a word of the message: a password "password" in "password must contain…") only where the text presents it as a
 * value, in quotes or after `=`.
 */
export function redact<T>(value: T, secrets: readonly string[]): T {
    if (secrets.length === 0) return value;
    const patterns = secrets.map(occurrencePattern);
    const scrub = (text: string): string => {
        if (secrets.includes(text)) return REDACTED;
        return patterns.reduce((out, pattern) => out.replace(pattern, (_match, before: string, after: string) => `${before}${REDACTED}${after}`), text);
    };
    const walk = (node: unknown): unknown => {
        if (typeof node === "string") return scrub(node);
        if (typeof node === "number" && secrets.includes(String(node))) return REDACTED;
        if (Array.isArray(node)) return node.map(walk);
        if (typeof node === "object" && node !== null) {
            return Object.fromEntries(Object.entries(node).map(([key, child]) => [scrub(key), walk(child)]));
        }
        return node;
    };
    return walk(value) as T;
}

/** Where `secret` stands as a value inside a longer text; groups 1 and 2 are the delimiters kept around it. */
function occurrencePattern(secret: string): RegExp {
    const escaped = secret.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    if (/^\p{L}+$/u.test(secret)) return new RegExp(`(["'\`]|=)${escaped}(["'\`]|(?![\\p{L}\\p{N}]))`, "gu");
    return new RegExp(`(^|[^\\p{L}\\p{N}])${escaped}((?![\\p{L}\\p{N}]))`, "gu");
}

/** An error whose message (and its first line, which Pulumi shows) never carries a secret value. */
export function redactError(error: unknown, secrets: readonly string[]): unknown {
    if (!(error instanceof Error) || secrets.length === 0) return error;
    const message = redact(error.message, secrets);
    if (message === error.message) return error;
    const copy = new Error(message);
    copy.name = error.name;
    return copy;
}
