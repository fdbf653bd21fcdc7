import type { OtcClient } from "../../client/otc-client";
import { clearFlavorCache, closestFlavors, type FlavorCatalogue, type FlavorOffer, verifyFlavor } from "./flavor-check";

const RDS_MYSQL = ["rds.mysql.n1.large.2", "rds.mysql.n1.xlarge.2", "rds.mysql.n1.2xlarge.2", "rds.mysql.n1.large.4", "rds.mysql.c2.large"];

describe("closestFlavors", () => {
    test("a typo ranks the flavor it was meant to be first", () => {
        expect(closestFlavors("rds.mysql.n1.larg.2", RDS_MYSQL)[0]).toBe("rds.mysql.n1.large.2");
        expect(closestFlavors("rds.mysql.n1.xlarge2", RDS_MYSQL)[0]).toBe("rds.mysql.n1.xlarge.2");
    });

    test("at equal distance the same family (longest shared dotted prefix) comes first, then the name", () => {
        // Both one edit away; only the first shares rds.mysql.n1.
        expect(closestFlavors("rds.mysql.n1.large.3", ["rds.mysql.n2.large.2", "rds.mysql.n1.large.2"], 2)).toEqual(["rds.mysql.n1.large.2", "rds.mysql.n2.large.2"]);
        expect(closestFlavors("x", ["b", "a"], 2)).toEqual(["a", "b"]);
    });

    test("returns at most count names, without duplicates, and none from an empty list", () => {
        expect(closestFlavors("rds.mysql.n1.large.2", [...RDS_MYSQL, ...RDS_MYSQL], 3)).toHaveLength(3);
        expect(new Set(closestFlavors("rds.mysql.n1.large.2", [...RDS_MYSQL, ...RDS_MYSQL], 5)).size).toBe(5);
        expect(closestFlavors("anything", [])).toEqual([]);
    });
});

describe("verifyFlavor", () => {
    interface In {
        flavor: string;
        ha: boolean;
    }
    const client = { endpoint: "https://rds.example", projectId: "p1" } as unknown as OtcClient;
    let calls = 0;
    const catalogue = (offers: FlavorOffer[] | Error): FlavorCatalogue<In> => ({
        property: "flavorRef",
        flavorOf: (i) => i.flavor,
        scope: () => "RDS MySQL 8.0",
        list: async () => {
            calls++;
            if (offers instanceof Error) throw offers;
            return offers;
        },
        unfit: (offer, i) => (offer.instanceMode === (i.ha ? "ha" : "single") ? undefined : `is a ${offer.instanceMode} flavor`),
    });
    const offers: FlavorOffer[] = [
        { specCode: "rds.mysql.n1.large.2", instanceMode: "single" },
        { specCode: "rds.mysql.n1.large.2.ha", instanceMode: "ha" },
        { specCode: "rds.mysql.n1.xlarge.2.ha", instanceMode: "ha" },
    ];
    beforeEach(() => {
        clearFlavorCache();
        calls = 0;
    });

    test("accepts an offered flavor that fits, listing once for many checks of the same scope", async () => {
        const warnings: string[] = [];
        const c = catalogue(offers);
        await verifyFlavor(c, client, { flavor: "rds.mysql.n1.large.2", ha: false }, (m) => warnings.push(m));
        await verifyFlavor(c, client, { flavor: "rds.mysql.n1.large.2.ha", ha: true }, (m) => warnings.push(m));
        expect(calls).toBe(1);
        expect(warnings).toEqual([]);
    });

    test("refuses an unknown flavor naming the property and the closest fitting flavors", async () => {
        await expect(verifyFlavor(catalogue(offers), client, { flavor: "rds.mysql.n1.large.2.hax", ha: true }, () => {})).rejects.toThrow(
            'flavorRef: "rds.mysql.n1.large.2.hax" is not a flavor this service offers (RDS MySQL 8.0). Closest: rds.mysql.n1.large.2.ha, rds.mysql.n1.xlarge.2.ha. No request was sent.',
        );
    });

    test("refuses a listed flavor that does not fit, suggesting only those that do", async () => {
        await expect(verifyFlavor(catalogue(offers), client, { flavor: "rds.mysql.n1.large.2", ha: true }, () => {})).rejects.toThrow(
            'flavorRef: "rds.mysql.n1.large.2" is a single flavor. Closest that fit: rds.mysql.n1.large.2.ha, rds.mysql.n1.xlarge.2.ha. No request was sent.',
        );
    });

    test("a list that cannot be read warns (once per check, one call per process) and lets the request go", async () => {
        const warnings: string[] = [];
        const c = catalogue(new Error("403 DBS.200010: not authorized"));
        await verifyFlavor(c, client, { flavor: "rds.mysql.n1.large.2", ha: false }, (m) => warnings.push(m));
        await verifyFlavor(c, client, { flavor: "rds.mysql.n1.large.2", ha: false }, (m) => warnings.push(m));
        expect(calls).toBe(1);
        expect(warnings).toHaveLength(2);
        expect(warnings[0]).toMatch(/^could not read the flavor list to check flavorRef "rds\.mysql\.n1\.large\.2" \(.*403 DBS\.200010.*\); sending the request unchecked, OTC decides$/);
    });
});
