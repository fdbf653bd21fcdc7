import { createHash, createHmac, randomBytes } from "node:crypto";

/**
 * Proof that an OTC instance belongs to one resource of one stack.
 *
 * Each stack holds one random key in its state: a tiny `StackOwnership` resource, registered by the program's
 * first instance resource, creates it, and every instance resource depends on it, so the engine has checkpointed
 * the key before any create request is sent. A resource's token is derived from that key and its URN
 * ({@link derivedOwnership}), and the instance carries the token's first 8 hex digits in its name, so after a crash
 * at any moment the next run derives the same token, finds the instance its interrupted create made, and nobody
 * else's: another stack of the same name (in another backend, or removed and created again) has another key.
 *
 * Before, each instance resource had a random token of its own, in a companion `OwnershipToken` resource
 * (`<name>-ownership`): 2 resources per instance. Instances created so keep their names; their token matters only
 * at create, so the derived one replaces it in their inputs with no change to the instance.
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

/**
 * The token of one resource: HMAC-SHA256 of its URN, keyed by the stack's key, shortened to a token's 32 hex
 * digits. Only a state holding the key can compute it; the same resource of the same stack always gets the same
 * one (a replacement, or the run after an interrupted create); another resource, or the same URN in a stack with
 * another key, gets an unrelated one. Its time is the key's: an instance older than the key is nobody's here.
 */
export function derivedOwnership(stackKey: OwnershipToken, ownerUrn: string): OwnershipToken {
    const token = createHmac("sha256", Buffer.from(stackKey.token, "hex"))
        .update(`pulumi-otc-jobs ownership\n${ownerUrn}`)
        .digest("hex")
        .slice(0, 32);
    return { token, createdAt: stackKey.createdAt };
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
