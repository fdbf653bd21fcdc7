import { parseYamlSubset, YamlSubsetError } from "./simple-yaml";

describe("parseYamlSubset (the clouds.yaml shape)", () => {
    it("reads nested mappings, quoted and plain scalars, comments", () => {
        const text = [
            "# OTC clouds",
            "clouds:",
            "  otc:",
            "    auth:",
            "      auth_url: https://iam.eu-de.otc.t-systems.com/v3   # IAM",
            "      username: 'jane'",
            '      password: "p#ss: word"',
            "      project_id: 0549b4a43100d4f32f51c01c2fe4acdb",
            "    region_name: eu-de",
            "    verify: false",
            "    interface:",
            "  other:",
            "    region_name: eu-nl",
        ].join("\n");
        expect(parseYamlSubset(text)).toEqual({
            clouds: {
                otc: {
                    auth: {
                        auth_url: "https://iam.eu-de.otc.t-systems.com/v3",
                        username: "jane",
                        password: "p#ss: word",
                        project_id: "0549b4a43100d4f32f51c01c2fe4acdb",
                    },
                    region_name: "eu-de",
                    verify: false,
                    interface: null,
                },
                other: { region_name: "eu-nl" },
            },
        });
    });

    it("refuses what it does not understand, with the line number", () => {
        expect(() => parseYamlSubset("clouds:\n  - otc\n")).toThrow(YamlSubsetError);
        expect(() => parseYamlSubset("clouds:\n  - otc\n")).toThrow(/line 2/);
        expect(() => parseYamlSubset("a: [1, 2]\n")).toThrow(/line 1/);
        expect(() => parseYamlSubset("a:\n    b: 1\n  c: 2\n")).toThrow(/line 3: unexpected indentation/);
    });
});
