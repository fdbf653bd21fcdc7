import type * as pulumi from "@pulumi/pulumi";
import { newOwnershipToken } from "../lifecycle/ownership";

/** Makes the token once; it never changes afterwards, and deleting it deletes nothing in OTC. */
export class OwnershipTokenProvider implements pulumi.dynamic.ResourceProvider {
    /** The shim forwards configure to every kind; a token needs no configuration. */
    async configure(): Promise<void> {}

    async check(_olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult> {
        return { inputs: news };
    }

    async diff(): Promise<pulumi.dynamic.DiffResult> {
        return { changes: false };
    }

    async create(): Promise<pulumi.dynamic.CreateResult> {
        const owner = newOwnershipToken();
        return { id: owner.token, outs: owner };
    }

    async read(id: string, props: Record<string, unknown> = {}): Promise<pulumi.dynamic.ReadResult> {
        return { id, props };
    }

    async delete(): Promise<void> {}
}
