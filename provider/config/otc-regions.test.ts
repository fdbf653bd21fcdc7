import { availabilityZonesOf, defaultAuthUrl, defaultServiceEndpoint, regionFromAuthUrl, regionFromProjectName } from "./otc-regions";

describe("OTC regions", () => {
    it.each([
        ["eu-de", "https://gaussdb.eu-de.otc.t-systems.com", "https://iam.eu-de.otc.t-systems.com/v3"],
        ["eu-nl", "https://gaussdb.eu-nl.otc.t-systems.com", "https://iam.eu-nl.otc.t-systems.com/v3"],
        // Swiss cloud: the .sc. infix, and IAM is iam-pub.
        ["eu-ch2", "https://gaussdb.eu-ch2.sc.otc.t-systems.com", "https://iam-pub.eu-ch2.sc.otc.t-systems.com/v3"],
    ])("%s: service and IAM hosts", (region, service, iam) => {
        expect(defaultServiceEndpoint("gaussdb", region)).toBe(service);
        expect(defaultAuthUrl(region)).toBe(iam);
        expect(regionFromAuthUrl(iam)).toBe(region);
    });

    it("takes the region from a project name's prefix", () => {
        expect(regionFromProjectName("eu-de")).toBe("eu-de");
        expect(regionFromProjectName("eu-de_orders")).toBe("eu-de");
        expect(regionFromProjectName("eu-ch2_payments")).toBe("eu-ch2");
        expect(regionFromProjectName("MyProject")).toBeUndefined();
        expect(regionFromAuthUrl("http://127.0.0.1:8080/v3")).toBeUndefined();
    });
});

describe("availabilityZonesOf", () => {
    test("lists the AZs of each public region, the Swiss ones by their API names", () => {
        expect(availabilityZonesOf("eu-de")).toEqual(["eu-de-01", "eu-de-02", "eu-de-03"]);
        expect(availabilityZonesOf("eu-nl")).toEqual(["eu-nl-01", "eu-nl-02", "eu-nl-03"]);
        expect(availabilityZonesOf("eu-ch2")).toEqual(["eu-ch2a", "eu-ch2b"]);
    });

    test("is undefined for a region OTC does not have, including inherited property names", () => {
        expect(availabilityZonesOf("eu-fr")).toBeUndefined();
        expect(availabilityZonesOf("toString")).toBeUndefined();
    });
});
