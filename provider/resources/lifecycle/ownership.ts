import { createHash } from "node:crypto";

/**
 * The ownership marker. An OTC instance name is `<name>-<8 hex>`, the hex being the start of sha256 of the
 * resource's URN (which holds the project, stack, type, parents and resource name). It is written by the create
 * request itself, so it survives any crash after that request, and it is unique to one resource of one stack:
 * when a create finds an instance with exactly its name, it is the instance an interrupted run of this very
 * resource created, and it is adopted instead of created again. OTC tenants can still create instances with the
 * same name by hand; the marker makes that improbable, and two matches are refused rather than guessed.
 */
export function ownershipSuffix(urn: string): string {
    return createHash("sha256").update(urn).digest("hex").slice(0, 8);
}

/** What the marker adds to a name: "-" and 8 hex digits. */
export const OWNERSHIP_SUFFIX_LENGTH = 9;

export function physicalName(prefix: string, urn: string): string {
    return `${prefix}-${ownershipSuffix(urn)}`;
}

/** The resource name at the end of a URN (`urn:pulumi:stack::project::type::name`). */
export function resourceNameOf(urn: string): string {
    const at = urn.lastIndexOf("::");
    return at >= 0 ? urn.slice(at + 2) : urn;
}
