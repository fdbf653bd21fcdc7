import * as pulumi from "@pulumi/pulumi";
import type { OwnershipToken as Token } from "../lifecycle/ownership";
import { createProviderShim } from "../provider-shim";

const shim = createProviderShim("ownership-token");

/** A random token kept in the stack's state (see `lifecycle/ownership`). It makes no cloud call. */
abstract class TokenResource extends pulumi.dynamic.Resource {
    declare readonly token: pulumi.Output<string>;
    declare readonly createdAt: pulumi.Output<string>;

    protected constructor(type: string, name: string, opts: pulumi.CustomResourceOptions) {
        super(shim, name, { token: undefined, createdAt: undefined }, opts, "otc-jobs", type);
    }

    /** The token with its creation time. */
    get value(): pulumi.Output<Token> {
        return pulumi.all([this.token, this.createdAt]).apply(([token, createdAt]) => ({ token, createdAt }));
    }
}

/**
 * The stack's ownership key: every instance resource of the stack derives its token from it, so a stack holds one,
 * whatever the number of instances. The program's first instance resource registers it (`stack-ownership`);
 * deleting it deletes nothing in OTC, and Pulumi does so only once no instance resource depends on it.
 */
export class StackOwnership extends TokenResource {
    constructor(name: string, opts: pulumi.CustomResourceOptions = {}) {
        super("StackOwnership", name, opts);
    }
}

/**
 * The per-instance token of earlier versions (`<name>-ownership`, one beside each instance resource).
 * @deprecated Instance resources no longer create one: they derive their token from the stack's
 * {@link StackOwnership}. Pulumi deletes the ones an earlier version left in the state (state only, no OTC call).
 */
export class OwnershipToken extends TokenResource {
    constructor(name: string, opts: pulumi.CustomResourceOptions = {}) {
        super("OwnershipToken", name, opts);
    }
}
