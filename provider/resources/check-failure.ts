import type * as pulumi from "@pulumi/pulumi";

/** Longest value shown in a failure; a longer one is cut (a whole JSON document helps nobody at preview). */
const MAX_SHOWN = 60;

/**
 * One failure of a provider's `check`, as `pulumi preview` will print it. The engine prints "property P value {V}
 * has a problem: R", looking V up among the top-level inputs by P: for a nested property ("volume.size") it would
 * print "value {<nil>}", and for a secret it would print the secret. Those two are reported with no property (the
 * engine then prints the reason alone), named in the reason; a nested one shows its value there instead. The
 * reason always starts with the property's path as the program wrote it.
 */
export function checkFailure(path: string, reason: string, value: unknown, options: { secret: boolean }): pulumi.dynamic.CheckFailure {
    const named = `${path} ${reason}`;
    if (options.secret) return { property: "", reason: named };
    if (path.includes(".") || path === "(inputs)") return { property: "", reason: `${named}${shown(value)}` };
    return { property: path, reason: named };
}

function shown(value: unknown): string {
    if (value === undefined) return "";
    const text = JSON.stringify(value) ?? String(value);
    return ` (got ${text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 1)}…` : text})`;
}
