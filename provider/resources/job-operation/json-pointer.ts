// JSON pointers (RFC 6901) into an OTC answer: where the job id is, what a lookup checks.

/** Why a pointer is malformed, or undefined when it is well-formed: "" (the whole document) or "/a/b~1c/0". */
export function pointerSyntaxError(pointer: string): string | undefined {
    if (pointer === "") return undefined;
    if (!pointer.startsWith("/")) return 'must be a JSON pointer: "" or starting with "/", e.g. "/job_id"';
    if (/~(?![01])/.test(pointer)) return 'must escape "~" as "~0" and "/" as "~1" (RFC 6901)';
    return undefined;
}

function tokensOf(pointer: string): string[] {
    if (pointer === "") return [];
    return pointer
        .slice(1)
        .split("/")
        .map((token) => token.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** The value the pointer names, or undefined when the document has none there. */
export function resolvePointer(document: unknown, pointer: string): unknown {
    let value: unknown = document;
    for (const token of tokensOf(pointer)) {
        if (Array.isArray(value)) {
            if (!/^(0|[1-9][0-9]*)$/.test(token)) return undefined;
            value = value[Number(token)];
        } else if (typeof value === "object" && value !== null) {
            value = Object.prototype.hasOwnProperty.call(value, token) ? (value as Record<string, unknown>)[token] : undefined;
        } else {
            return undefined;
        }
    }
    return value;
}

/**
 * The job ids at the pointer: a string (TaurusDB answers several comma-joined), a number, or an array of those.
 * Empty when there is nothing there.
 */
export function jobIdsAt(document: unknown, pointer: string): string[] {
    const value = resolvePointer(document, pointer);
    const items = Array.isArray(value) ? value : [value];
    const ids: string[] = [];
    for (const item of items) {
        if (typeof item === "number" && Number.isFinite(item)) ids.push(String(item));
        if (typeof item === "string") ids.push(...item.split(",").map((id) => id.trim()).filter((id) => id !== ""));
    }
    return [...new Set(ids)];
}

/** Pointer of a child: `"/a"` + `"b/c"` → `"/a/b~1c"`. */
export function childPointer(parent: string, key: string | number): string {
    return `${parent}/${String(key).replace(/~/g, "~0").replace(/\//g, "~1")}`;
}
