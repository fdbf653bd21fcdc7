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

/** A copy of an answer with every occurrence of a secret value replaced, in keys and values alike. */
export function redact<T>(value: T, secrets: readonly string[]): T {
    if (secrets.length === 0) return value;
    const scrub = (text: string): string => secrets.reduce((out, secret) => out.split(secret).join(REDACTED), text);
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

/** An error whose message (and its first line, which Pulumi shows) never carries a secret value. */
export function redactError(error: unknown, secrets: readonly string[]): unknown {
    if (!(error instanceof Error) || secrets.length === 0) return error;
    const message = redact(error.message, secrets);
    if (message === error.message) return error;
    const copy = new Error(message);
    copy.name = error.name;
    return copy;
}
