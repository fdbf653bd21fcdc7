import type * as pulumi from "@pulumi/pulumi";
import { type GaussDbInstanceInputs, gaussDbInstanceInputsSchema, type GaussDbInstanceOutputs } from "./gaussdb-instance-inputs";

/** What Pulumi sends for a value not known yet at preview (`pulumi.runtime.unknownValue` on the wire). */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Properties OTC cannot change in place: a change replaces the instance. */
const REPLACE_PATHS = [
    "name",
    "region",
    "availabilityZone",
    "vpcId",
    "subnetId",
    "securityGroupId",
    "ha.mode",
    "ha.consistency",
    "ha.replicationMode",
    "datastoreVersion",
    "port",
    "volume.type",
] as const;

/** Properties changed in place, each by its own request. */
const UPDATE_PATHS = ["flavorRef", "volume.size", "password"] as const;

/**
 * Validates the inputs with one failure per bad property (shown by `pulumi preview`, before any request),
 * fills in defaults, and refuses what OTC cannot do (shrinking a volume). Values unknown at preview are
 * validated at `pulumi up`, when they are known.
 */
export function checkGaussDbInstanceInputs(
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
    defaultRegion: string | undefined,
): pulumi.dynamic.CheckResult {
    const candidate = { ...news };
    if (candidate["region"] === undefined && defaultRegion) candidate["region"] = defaultRegion;
    const parsed = gaussDbInstanceInputsSchema.safeParse(candidate);
    const failures: pulumi.dynamic.CheckFailure[] = [];
    if (!parsed.success) {
        const seen = new Set<string>();
        for (const issue of parsed.error.issues) {
            const path = issue.path.map(String);
            if (isUnknownAlong(candidate, path)) continue;
            const property = path.join(".") || "(inputs)";
            if (seen.has(property)) continue;
            seen.add(property);
            failures.push({ property, reason: `${property} ${describeIssue(issue.code, issue.message, valueAt(candidate, path))}` });
        }
    }
    const oldSize = numberAt(olds, ["volume", "size"]);
    const newSize = numberAt(candidate, ["volume", "size"]);
    if (oldSize !== undefined && newSize !== undefined && newSize < oldSize) {
        failures.push({
            property: "volume.size",
            reason: `volume.size cannot shrink from ${oldSize} GB to ${newSize} GB: OTC can only enlarge a volume`,
        });
    }
    const inputs = parsed.success ? { ...candidate, ...parsed.data } : candidate;
    return failures.length > 0 ? { inputs, failures } : { inputs };
}

/**
 * Compares the recorded outputs (which hold the instance's real flavor, size and status) with the program.
 * Replacements delete first: the ownership marker gives a resource's instance the same name every time.
 */
export function diffGaussDbInstance(olds: GaussDbInstanceOutputs, news: GaussDbInstanceInputs): pulumi.dynamic.DiffResult {
    const replaces: string[] = [];
    for (const path of REPLACE_PATHS) {
        const next = valueAt(news, path.split("."));
        // Unknown at preview (say, a subnet created in the same run) may turn out different: show the replacement.
        if (next === UNKNOWN || (next !== undefined && !sameValue(valueAt(olds, path.split(".")), next))) replaces.push(path);
    }
    if (olds.failedJob || olds.status === "FAILED") replaces.push("status");
    const updates: string[] = [];
    for (const path of UPDATE_PATHS) {
        if (!sameValue(valueAt(olds, path.split(".")), valueAt(news, path.split(".")))) updates.push(path);
    }
    if (olds.pendingJob) updates.push("pendingJob");
    const changed = replaces.length > 0 || updates.length > 0;
    return {
        changes: changed,
        ...(replaces.length > 0 ? { replaces, deleteBeforeReplace: true } : {}),
    };
}

function describeIssue(code: string, message: string, value: unknown): string {
    if (code === "invalid_type" && value === undefined) return "is required";
    return message.replace(/^Invalid input: /, "");
}

function valueAt(root: unknown, path: readonly string[]): unknown {
    let value: unknown = root;
    for (const key of path) {
        if (typeof value !== "object" || value === null) return undefined;
        value = (value as Record<string, unknown>)[key];
    }
    return value;
}

function numberAt(root: unknown, path: string[]): number | undefined {
    const value = valueAt(root, path);
    return typeof value === "number" ? value : undefined;
}

function isUnknownAlong(root: unknown, path: string[]): boolean {
    for (let i = 0; i <= path.length; i++) if (valueAt(root, path.slice(0, i)) === UNKNOWN) return true;
    return false;
}

function sameValue(a: unknown, b: unknown): boolean {
    if (typeof a === "number" || typeof b === "number") return Number(a) === Number(b);
    return JSON.stringify(a) === JSON.stringify(b);
}
