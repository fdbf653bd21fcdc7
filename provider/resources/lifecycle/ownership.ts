import { createHash, randomBytes } from "node:crypto";

/**
 * Proof that an OTC instance belongs to one resource of one stack.
 *
 * The token is random and lives in the stack's state: a tiny `OwnershipToken` resource creates it, and the
 * instance resource depends on it, so the engine has checkpointed the token before the instance's create request
 * is sent. The instance carries the token's first 8 hex digits in its name, so after a crash at any moment the
 * next run finds the instance its interrupted create made, and nobody else's: another stack of the same name (in
 * another backend, or removed and created again) has another token.
 */
export interface OwnershipToken {
    /** 32 lower-case hex digits. */
    token: string;
    /** ISO time the token was made: an instance created before it cannot be this resource's. */
    createdAt: string;
}

export function newOwnershipToken(now = new Date()): OwnershipToken {
    return { token: randomBytes(16).toString("hex"), createdAt: now.toISOString() };
}

/** What ownership adds to a name: "-" and 8 hex digits. */
export const OWNERSHIP_SUFFIX_LENGTH = 9;

/** The name suffix of a token. */
export function tokenSuffix(owner: OwnershipToken): string {
    return owner.token.slice(0, OWNERSHIP_SUFFIX_LENGTH - 1);
}

/**
 * The marker of version 0.1.0: the start of sha256 of the resource's URN. Every stack with the same project,
 * stack and resource names computes the same one, so it proves nothing; it is kept only to name the instances
 * that version created (which stay named so) and is never used to adopt.
 */
export function legacyUrnMarker(urn: string): string {
    return createHash("sha256").update(urn).digest("hex").slice(0, OWNERSHIP_SUFFIX_LENGTH - 1);
}

/** How an instance resource names its OTC instance. */
export type InstanceNaming =
    /** `<prefix>-<token suffix>`: adoptable after an interrupted create. */
    | { kind: "token"; name: string; owner: OwnershipToken }
    /** The exact name the program gave: it proves nothing, so an existing instance of that name is never adopted. */
    | { kind: "exact"; name: string }
    /** `<prefix>-<URN marker>`: an instance created by version 0.1.0. */
    | { kind: "legacy"; name: string };

export function instanceNaming(inputs: { name?: string | undefined; instanceName?: string | undefined; ownership?: OwnershipToken | undefined; ownerUrn: string }): InstanceNaming {
    if (inputs.instanceName) return { kind: "exact", name: inputs.instanceName };
    const prefix = inputs.name ?? resourceNameOf(inputs.ownerUrn);
    if (inputs.ownership) return { kind: "token", name: `${prefix}-${tokenSuffix(inputs.ownership)}`, owner: inputs.ownership };
    return { kind: "legacy", name: `${prefix}-${legacyUrnMarker(inputs.ownerUrn)}` };
}

/** The resource name at the end of a URN (`urn:pulumi:stack::project::type::name`). */
export function resourceNameOf(urn: string): string {
    const at = urn.lastIndexOf("::");
    return at >= 0 ? urn.slice(at + 2) : urn;
}
