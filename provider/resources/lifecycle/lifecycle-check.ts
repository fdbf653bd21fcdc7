import type * as pulumi from "@pulumi/pulumi";
import type { InstanceAdapter, LifecycleInputs, LifecycleOutputs, ManagedInstance } from "./instance-adapter";
import { checkFailure } from "../check-failure";
import { STATE_ONLY_INPUTS } from "./lifecycle-inputs";
import { OWNERSHIP_SUFFIX_LENGTH } from "./ownership";
import { checkPlacement } from "./placement-check";

/** What Pulumi sends for a value not known yet at preview (`pulumi.runtime.unknownValue` on the wire). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/**
 * Validates the inputs with one failure per bad property (shown by `pulumi preview`, before any request), fills
 * in defaults, and refuses what OTC cannot do. Values unknown at preview are validated at `pulumi up`. No message
 * ever shows a secret's value (see checkFailure), even one passed as a plain string.
 */
export function checkInputs<I extends LifecycleInputs, A extends ManagedInstance>(
    adapter: InstanceAdapter<I, A>,
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
    defaultRegion: string | undefined,
): pulumi.dynamic.CheckResult {
    const candidate = { ...news };
    if (candidate["region"] === undefined && defaultRegion) candidate["region"] = defaultRegion;
    const parsed = adapter.schema.safeParse(candidate);
    const failures: pulumi.dynamic.CheckFailure[] = [];
    const seen = new Set<string>();
    // Without a `name` argument the resource class passes the resource's own name as the prefix: a failure
    // then blames the resource name the user wrote, not an argument they never set.
    const urn = candidate["ownerUrn"];
    const resourceName = typeof urn === "string" ? urn.slice(urn.lastIndexOf("::") + 2) : undefined;
    const nameFromResource = resourceName !== undefined && candidate["name"] === resourceName;
    const fail = (property: string, reason: string) => {
        if (seen.has(property)) return;
        seen.add(property);
        if (property === "name" && nameFromResource) {
            failures.push({
                property: "name",
                reason: `the resource name "${resourceName}" (the instance name prefix when no name argument is set) ${reason}; set name or instanceName to choose another`,
            });
            return;
        }
        const secret = adapter.secretInputs.includes(property.split(".")[0] ?? "");
        failures.push(checkFailure(property, reason, valueAt(candidate, property.split(".")), { secret }));
    };
    if (!parsed.success) {
        for (const issue of parsed.error.issues) {
            const path = issue.path.map(String);
            if (isUnknownAlong(candidate, path)) continue;
            fail(path.join(".") || "(inputs)", describeIssue(issue.code, issue.message, valueAt(candidate, path)));
        }
    }
    const exact = candidate["instanceName"];
    const prefix = candidate["name"];
    if (typeof exact === "string" && exact !== UNKNOWN && exact.length > adapter.maxNameLength) {
        fail("instanceName", `must be at most ${adapter.maxNameLength} characters`);
    } else if (exact === undefined && typeof prefix === "string" && prefix !== UNKNOWN) {
        const max = adapter.maxNameLength - OWNERSHIP_SUFFIX_LENGTH;
        if (prefix.length > max) {
            fail("name", `must be at most ${max} characters (${OWNERSHIP_SUFFIX_LENGTH} more are taken by the ownership suffix; set instanceName for an exact name)`);
        }
    }
    for (const failure of adapter.checkTransition?.(olds, candidate) ?? []) fail(failure.property, failure.reason.replace(`${failure.property} `, ""));
    if (adapter.zoneInputs) {
        const source = news["region"] === undefined ? "configuration" : "property";
        for (const failure of checkPlacement(olds, candidate, candidate["region"], source, adapter.zoneInputs)) fail(failure.property, failure.reason);
    }
    const inputs = parsed.success ? { ...candidate, ...(parsed.data as object) } : candidate;
    return failures.length > 0 ? { inputs, failures } : { inputs };
}

export interface InstanceDiff extends pulumi.dynamic.DiffResult {
    replaces?: string[];
    /** Properties changed in place (each by its own request), or only in the state. */
    updates: string[];
}

/**
 * Compares the recorded outputs (the real instance's values) with the program. Replacements delete first: the
 * instance's name is the same for the replacement. Inputs that only steer the engine (timeouts) are updated in
 * place without a request, so a change takes effect on the next operation, delete included.
 */
export function diffInputs<I extends LifecycleInputs, A extends ManagedInstance>(
    adapter: InstanceAdapter<I, A>,
    olds: I & LifecycleOutputs,
    news: I,
): InstanceDiff {
    const replaces: string[] = [];
    const replaceOn = ["region", ...adapter.replaceOn, ...(news.instanceName === undefined ? ["name"] : [])];
    for (const path of replaceOn) {
        const next = valueAt(news, path.split("."));
        // Unknown at preview (say, a subnet created in the same run) may turn out different: show the replacement.
        if (next === UNKNOWN || (next !== undefined && !sameValue(valueAt(olds, path.split(".")), next))) replaces.push(path);
    }
    if (news.instanceName !== undefined && (news.instanceName === UNKNOWN || news.instanceName !== olds.instanceName)) {
        replaces.push("instanceName");
    }
    if (olds.failedJob || olds.status === "FAILED") replaces.push("status");
    const updates: string[] = [];
    for (const step of adapter.updateSteps) {
        const path = step.property.split(".");
        if (!sameValue(valueAt(olds, path), valueAt(news, path))) updates.push(step.property);
    }
    for (const key of STATE_ONLY_INPUTS) {
        if (!sameValue(olds[key] ?? defaultOf(key), news[key] ?? defaultOf(key))) updates.push(key);
    }
    if (olds.pendingJob) updates.push("pendingJob");
    return {
        changes: replaces.length > 0 || updates.length > 0,
        updates,
        ...(replaces.length > 0 ? { replaces, deleteBeforeReplace: true } : {}),
    };
}

function defaultOf(key: (typeof STATE_ONLY_INPUTS)[number]): unknown {
    return key === "timeouts" ? {} : false;
}

function describeIssue(code: string, message: string, value: unknown): string {
    if (value === undefined && (code === "invalid_type" || code === "invalid_union")) return "is required";
    return message.replace(/^Invalid input: /, "");
}

export function valueAt(root: unknown, path: readonly string[]): unknown {
    let value: unknown = root;
    for (const key of path) {
        if (typeof value !== "object" || value === null) return undefined;
        value = (value as Record<string, unknown>)[key];
    }
    return value;
}

function isUnknownAlong(root: unknown, path: string[]): boolean {
    for (let i = 0; i <= path.length; i++) if (valueAt(root, path.slice(0, i)) === UNKNOWN) return true;
    return false;
}

function sameValue(a: unknown, b: unknown): boolean {
    if (typeof a === "number" || typeof b === "number") return Number(a) === Number(b);
    return JSON.stringify(a) === JSON.stringify(b);
}
