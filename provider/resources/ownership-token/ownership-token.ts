import * as pulumi from "@pulumi/pulumi";
import type { OwnershipToken as Token } from "../lifecycle/ownership";
import { createProviderShim } from "../provider-shim";

const shim = createProviderShim("ownership-token");

/**
 * The random token that proves an OTC instance belongs to one resource of one stack (see `lifecycle/ownership`).
 * It makes no cloud call. Instance resources create one beside themselves (`<name>-ownership`) and depend on it,
 * so the engine has written the token to the state before their create request goes out.
 */
export class OwnershipToken extends pulumi.dynamic.Resource {
    declare readonly token: pulumi.Output<string>;
    declare readonly createdAt: pulumi.Output<string>;

    constructor(name: string, opts: pulumi.CustomResourceOptions = {}) {
        super(shim, name, { token: undefined, createdAt: undefined }, opts, "otc-jobs", "OwnershipToken");
    }

    /** The token as an instance resource's input. */
    get value(): pulumi.Output<Token> {
        return pulumi.all([this.token, this.createdAt]).apply(([token, createdAt]) => ({ token, createdAt }));
    }
}
