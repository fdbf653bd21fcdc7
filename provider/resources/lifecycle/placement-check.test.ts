import { checkPlacement, type ZoneInput } from "./placement-check";

const zonesOf = (inputs: Record<string, unknown>): ZoneInput[] =>
    typeof inputs["az"] === "string" ? [{ property: "az", zones: (inputs["az"] as string).split(",") }] : [];

describe("checkPlacement", () => {
    test("accepts the AZs of each public region", () => {
        expect(checkPlacement({}, { az: "eu-de-01,eu-de-02,eu-de-03" }, "eu-de", "property", zonesOf)).toEqual([]);
        expect(checkPlacement({}, { az: "eu-nl-02" }, "eu-nl", "property", zonesOf)).toEqual([]);
        expect(checkPlacement({}, { az: "eu-ch2a,eu-ch2b" }, "eu-ch2", "property", zonesOf)).toEqual([]);
    });

    test("names the region an AZ of another region belongs to, and each foreign AZ once", () => {
        expect(checkPlacement({}, { az: "eu-de-01,eu-nl-01,eu-nl-01" }, "eu-de", "property", zonesOf)).toEqual([
            { property: "az", reason: '"eu-nl-01" is not an AZ of region eu-de (eu-nl-01 is in eu-nl); the AZs of eu-de are eu-de-01, eu-de-02, eu-de-03' },
        ]);
        expect(checkPlacement({}, { az: "eu-ch2-01,eu-de-01" }, "eu-ch2", "property", zonesOf)[0]?.reason).toBe(
            '"eu-ch2-01", "eu-de-01" are not AZs of region eu-ch2 (eu-de-01 is in eu-de); the AZs of eu-ch2 are eu-ch2a, eu-ch2b',
        );
    });

    test("an unknown region is one failure on region, saying where it came from", () => {
        expect(checkPlacement({}, { az: "x" }, "eu-fr", "property", zonesOf)).toEqual([
            { property: "region", reason: '"eu-fr" is not an OTC region: use one of eu-de, eu-nl, eu-ch2' },
        ]);
        expect(checkPlacement({}, {}, "de", "configuration", zonesOf)[0]?.reason).toContain("(from otc:region or OS_REGION_NAME)");
    });

    test("unchanged values of an existing resource are never refused; a changed AZ or region is", () => {
        const olds = { region: "eu-de", az: "eu-de-09" };
        expect(checkPlacement(olds, { az: "eu-de-09" }, "eu-de", "property", zonesOf)).toEqual([]);
        expect(checkPlacement({ region: "xx-yy" }, {}, "xx-yy", "property", zonesOf)).toEqual([]);
        expect(checkPlacement({ az: "eu-de-09" }, { az: "eu-de-09" }, "eu-de", "configuration", zonesOf)).toEqual([]);
        expect(checkPlacement(olds, { az: "eu-de-08" }, "eu-de", "property", zonesOf)).toHaveLength(1);
        expect(checkPlacement(olds, { az: "eu-de-09" }, "eu-nl", "property", zonesOf)).toHaveLength(1);
    });

    test("values unknown at preview are left for pulumi up", () => {
        expect(checkPlacement({}, { az: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" }, "eu-de", "property", zonesOf)).toEqual([]);
        expect(checkPlacement({}, {}, "04da6b54-80e4-46f7-96ec-b56ff0331ba9", "property", zonesOf)).toEqual([]);
    });
});
