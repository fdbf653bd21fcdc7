import { derivedOwnership, instanceNaming, legacyUrnMarker, newOwnershipToken, OWNERSHIP_SUFFIX_LENGTH, resourceNameOf, tokenSuffix } from "./ownership";

const URN = "urn:pulumi:dev::otc-db::otc:gaussdb:GaussDbInstance::orders-db";
const OTHER_STACK = "urn:pulumi:prod::otc-db::otc:gaussdb:GaussDbInstance::orders-db";

describe("ownership token", () => {
    it("is 32 random hex digits with its creation time, different every time", () => {
        const tokens = Array.from({ length: 50 }, () => newOwnershipToken(new Date("2026-01-01T00:00:00Z")));
        for (const owner of tokens) {
            expect(owner.token).toMatch(/^[0-9a-f]{32}$/);
            expect(owner.createdAt).toBe("2026-01-01T00:00:00.000Z");
        }
        expect(new Set(tokens.map((t) => t.token)).size).toBe(50);
    });

    it("names the instance <prefix>-<first 8 hex of the token>, whatever the URN", () => {
        const owner = { token: "0123456789abcdef0123456789abcdef", createdAt: "2026-01-01T00:00:00Z" };
        expect(tokenSuffix(owner)).toBe("01234567");
        const naming = instanceNaming({ name: "orders-db", ownership: owner, ownerUrn: URN });
        expect(naming).toMatchObject({ kind: "token", name: "orders-db-01234567" });
        expect(naming.name.length).toBe("orders-db".length + OWNERSHIP_SUFFIX_LENGTH);
        // Two stacks with the same names but their own tokens never share an instance name.
        const other = instanceNaming({ name: "orders-db", ownership: newOwnershipToken(), ownerUrn: URN });
        expect(other.name).not.toBe(naming.name);
    });

    it("uses an exact instanceName as given, which proves nothing", () => {
        const owner = newOwnershipToken();
        expect(instanceNaming({ name: "orders-db", instanceName: "ORDERS_PROD", ownership: owner, ownerUrn: URN })).toEqual({
            kind: "exact",
            name: "ORDERS_PROD",
        });
    });

    it("keeps the 0.1.0 name (sha256 of the URN) for state without a token, marked legacy", () => {
        // printf '%s' "$URN" | sha256sum | cut -c1-8
        expect(legacyUrnMarker(URN)).toBe("77d6a2f8");
        expect(instanceNaming({ name: "orders-db", ownerUrn: URN })).toEqual({ kind: "legacy", name: "orders-db-77d6a2f8" });
        expect(legacyUrnMarker(OTHER_STACK)).not.toBe(legacyUrnMarker(URN));
    });

    it("takes the default prefix and labels from the end of a URN", () => {
        expect(resourceNameOf(URN)).toBe("orders-db");
        expect(resourceNameOf("plain")).toBe("plain");
        expect(instanceNaming({ ownership: { token: "f".repeat(32), createdAt: "" }, ownerUrn: URN }).name).toBe("orders-db-ffffffff");
    });
});

describe("a resource's token derived from the stack's key", () => {
    const key = { token: "0123456789abcdef0123456789abcdef", createdAt: "2026-01-01T00:00:00.000Z" };

    it("is HMAC-SHA256 of the URN keyed by the stack's key, 32 hex digits, with the key's time", () => {
        // printf 'pulumi-otc-jobs ownership\n%s' "$URN" | openssl dgst -sha256 -mac HMAC -macopt hexkey:0123…cdef | cut -c1-32
        expect(derivedOwnership(key, URN)).toEqual({ token: "6fb721e70a5d28fc3046e45f2b412c69", createdAt: key.createdAt });
        expect(instanceNaming({ name: "orders-db", ownership: derivedOwnership(key, URN), ownerUrn: URN }).name).toBe("orders-db-6fb721e7");
    });

    it("is the same for the same resource of the same stack, run after run", () => {
        expect(derivedOwnership({ ...key }, URN)).toEqual(derivedOwnership(key, URN));
    });

    it("differs for another resource, another stack's URN, and the same URN under another stack's key", () => {
        const mine = derivedOwnership(key, URN).token;
        const others = [
            derivedOwnership(key, URN.replace("::orders-db", "::orders-db-2")).token,
            derivedOwnership(key, OTHER_STACK).token,
            // A same-named stack in another backend (or removed and created again): its own random key.
            derivedOwnership(newOwnershipToken(), URN).token,
            derivedOwnership({ ...key, token: key.token.replace(/f$/, "e") }, URN).token,
        ];
        for (const other of others) {
            expect(other).toMatch(/^[0-9a-f]{32}$/);
            expect(other.slice(0, 8)).not.toBe(mine.slice(0, 8));
        }
    });

    it("gives a thousand resources of one stack a thousand different name suffixes", () => {
        const suffixes = new Set(Array.from({ length: 1000 }, (_, i) => tokenSuffix(derivedOwnership(key, `${URN}-${i}`))));
        expect(suffixes.size).toBe(1000);
    });
});
