import { createHash } from "node:crypto";
import { invalidParameter } from "./api-error";

// Shared by every service's validation: how OTC's database APIs read a JSON body, a query and a name.

const NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{3,63}$/;

/** Parses a JSON request body; a body that is not a JSON object is an invalid parameter. */
export function parseJsonObject(body: Buffer): Record<string, unknown> {
    let value: unknown;
    try {
        value = JSON.parse(body.length === 0 ? "null" : body.toString("utf8"));
    } catch {
        throw invalidParameter("the request body is not valid JSON.");
    }
    if (!isRecord(value)) throw invalidParameter("the request body must be a JSON object.");
    return value;
}

export function validateInstanceName(value: unknown): string {
    if (typeof value !== "string" || !NAME_PATTERN.test(value)) {
        invalid(
            "name must be 4 to 64 characters, start with a letter and contain only letters, digits, " +
                "hyphens (-) and underscores (_).",
        );
    }
    return value;
}

export function requiredString(body: Record<string, unknown>, key: string, field = key): string {
    const value = body[key];
    if (typeof value !== "string" || value.trim() === "") invalid(`${field} is required and must be a non-empty string.`);
    return value;
}

/** A non-negative integer query parameter within bounds, or its default when absent. */
export function integerQuery(query: URLSearchParams, key: string, fallback: number, min: number, max: number): number {
    const raw = query.get(key);
    if (raw === null || raw === "") return fallback;
    const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
    if (!Number.isSafeInteger(value) || value < min || value > max) {
        invalid(`${key} must be an integer from ${min} to ${max}.`);
    }
    return value;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function sha256(text: string): string {
    return createHash("sha256").update(text).digest("hex");
}

function invalid(detail: string): never {
    throw invalidParameter(detail);
}
