import * as pulumi from "@pulumi/pulumi";
import { derivedOwnership, type OwnershipToken as Token } from "../lifecycle/ownership";
import { StackOwnership } from "./ownership-token";

/** The stack key's resource name. Its own type keeps it apart from any `<name>-ownership` of earlier versions. */
export const STACK_OWNERSHIP_NAME = "otc-jobs-ownership";

// One key per program run, keyed by the run's root stack resource: an Automation API process runs several
// programs, each with a key of its own. On globalThis, so that two copies of this package in one program still
// register one key.
const REGISTRY = Symbol.for("pulumi-otc-jobs.stack-ownership");
const NO_STACK = {};

function stackKey(): pulumi.Output<Token> {
    const global = globalThis as { [REGISTRY]?: WeakMap<object, pulumi.Output<Token>> };
    const keys = (global[REGISTRY] ??= new WeakMap());
    const run: object = pulumi.runtime.getStackResource?.() ?? NO_STACK;
    let key = keys.get(run);
    if (!key) {
        key = new StackOwnership(STACK_OWNERSHIP_NAME).value;
        keys.set(run, key);
    }
    return key;
}

/**
 * The ownership token of the resource at `ownerUrn`, derived from the stack's key, which the program's first call
 * registers. The result depends on the key's resource, so the engine writes the key to the state before the
 * instance's create request goes out.
 */
export function ownershipOf(ownerUrn: pulumi.Input<string>): pulumi.Output<Token> {
    return pulumi.all([stackKey(), ownerUrn]).apply(([key, urn]) => derivedOwnership(key, urn));
}
