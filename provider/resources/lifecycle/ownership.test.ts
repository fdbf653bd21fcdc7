import { OWNERSHIP_SUFFIX_LENGTH, ownershipSuffix, physicalName, resourceNameOf } from "./ownership";

const URN = "urn:pulumi:dev::otc-db::otc:gaussdb:GaussDbInstance::orders-db";
const OTHER_STACK = "urn:pulumi:prod::otc-db::otc:gaussdb:GaussDbInstance::orders-db";
const CHILD = "urn:pulumi:dev::otc-db::my:component$otc:gaussdb:GaussDbInstance::orders-db";

describe("ownership marker", () => {
    it("is 8 lower-case hex digits, the start of sha256(urn)", () => {
        expect(ownershipSuffix(URN)).toMatch(/^[0-9a-f]{8}$/);
        // printf '%s' "$URN" | sha256sum | cut -c1-8
        expect(ownershipSuffix(URN)).toBe("77d6a2f8");
    });

    it("is stable across calls", () => {
        expect(ownershipSuffix(URN)).toBe(ownershipSuffix(`${URN}`));
        expect(physicalName("orders", URN)).toBe(physicalName("orders", URN));
    });

    it("differs per stack, per parent and per resource name", () => {
        const suffixes = new Set([URN, OTHER_STACK, CHILD, `${URN}2`].map(ownershipSuffix));
        expect(suffixes.size).toBe(4);
    });

    it("builds <prefix>-<8 hex>, the marker of that URN", () => {
        const name = physicalName("orders-db", URN);
        expect(name).toMatch(/^orders-db-[0-9a-f]{8}$/);
        expect(name).toBe(`orders-db-${ownershipSuffix(URN)}`);
        expect(name.length).toBe("orders-db".length + OWNERSHIP_SUFFIX_LENGTH);
        expect(physicalName("orders-db", OTHER_STACK)).not.toBe(name);
    });

    it("takes the resource name from the end of a URN", () => {
        expect(resourceNameOf(URN)).toBe("orders-db");
        expect(resourceNameOf(CHILD)).toBe("orders-db");
        expect(resourceNameOf("plain")).toBe("plain");
    });
});
