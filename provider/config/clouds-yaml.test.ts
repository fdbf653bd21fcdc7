import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CloudsYamlError, cloudsYamlCandidates, readCloudsYaml } from "./clouds-yaml";

describe("readCloudsYaml", () => {
    const dir = mkdtempSync(join(tmpdir(), "clouds-unit-"));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, "clouds.yaml");
    writeFileSync(
        file,
        [
            "clouds:",
            "  aksk:",
            "    auth:",
            "      auth_url: https://iam-pub.eu-ch2.sc.otc.t-systems.com/v3",
            "      ak: AKFROMYAML",
            "      sk: sk-from-yaml",
            "      tenant_name: eu-ch2_payments",
            "    region_name: eu-ch2",
            "    cacert: /etc/ssl/otc.pem",
            "  numeric:",
            "    auth:",
            "      password: 12345",
        ].join("\n"),
    );

    it("maps OpenStack and OTC keys to settings (ak/sk, tenant_name, cacert)", () => {
        expect(readCloudsYaml("aksk", [file])).toEqual({
            path: file,
            values: {
                authUrl: "https://iam-pub.eu-ch2.sc.otc.t-systems.com/v3",
                accessKey: "AKFROMYAML",
                secretKey: "sk-from-yaml",
                projectName: "eu-ch2_payments",
                region: "eu-ch2",
                caCert: "/etc/ssl/otc.pem",
            },
        });
    });

    it("keeps a numeric-looking password a string", () => {
        expect(readCloudsYaml("numeric", [file]).values.password).toBe("12345");
    });

    it("takes the first file that exists, and says where it looked when none does", () => {
        expect(readCloudsYaml("aksk", [join(dir, "missing.yaml"), file]).path).toBe(file);
        expect(() => readCloudsYaml("aksk", [join(dir, "a.yaml"), join(dir, "b.yaml")])).toThrow(CloudsYamlError);
        expect(() => readCloudsYaml("aksk", [join(dir, "a.yaml")])).toThrow(/no clouds\.yaml was found \(looked in .*a\.yaml\)/);
    });

    it("looks only at OS_CLIENT_CONFIG_FILE when it is set", () => {
        expect(cloudsYamlCandidates({ OS_CLIENT_CONFIG_FILE: "/x/clouds.yaml" }, "/work", "/home/jane")).toEqual(["/x/clouds.yaml"]);
    });
});

describe("readCloudsYaml reads what YAML allows", () => {
    const dirs: string[] = [];
    afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
    const write = (files: Record<string, string>): string => {
        const dir = mkdtempSync(join(tmpdir(), "clouds-yaml-"));
        dirs.push(dir);
        for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
        return join(dir, "clouds.yaml");
    };

    it("resolves anchors, aliases and merge keys (<<: *defaults)", () => {
        const file = write({
            "clouds.yaml": [
                "defaults: &defaults",
                "  auth: &auth",
                "    auth_url: https://iam.eu-de.otc.t-systems.com/v3",
                "    user_domain_name: OTC-EU-DE-1",
                "  region_name: eu-de",
                "clouds:",
                "  prod:",
                "    <<: *defaults",
                "    auth:",
                "      <<: *auth",
                "      username: deployer",
                "      project_name: eu-de_orders",
                "  staging:",
                "    <<: *defaults",
                "    region_name: eu-nl",
            ].join("\n"),
        });
        expect(readCloudsYaml("prod", [file]).values).toEqual({
            authUrl: "https://iam.eu-de.otc.t-systems.com/v3",
            userDomainName: "OTC-EU-DE-1",
            username: "deployer",
            projectName: "eu-de_orders",
            region: "eu-de",
        });
        expect(readCloudsYaml("staging", [file]).values).toMatchObject({ region: "eu-nl", userDomainName: "OTC-EU-DE-1" });
    });

    it("takes the first of a regions list (names or objects with name) when region_name is absent", () => {
        const file = write({
            "clouds.yaml": [
                "clouds:",
                "  names:",
                "    regions: [eu-nl, eu-de]",
                "  objects:",
                "    regions:",
                "      - name: eu-ch2",
                "        values: {networks: []}",
                "      - name: eu-de",
                "  both:",
                "    region_name: eu-de",
                "    regions: [eu-nl]",
            ].join("\n"),
        });
        expect(readCloudsYaml("names", [file]).values.region).toBe("eu-nl");
        expect(readCloudsYaml("objects", [file]).values.region).toBe("eu-ch2");
        expect(readCloudsYaml("both", [file]).values.region).toBe("eu-de");
    });

    it("reads flow maps, block scalars, comments after unquoted values and keeps numbers as written", () => {
        const file = write({
            "clouds.yaml": [
                "clouds:",
                "  otc:",
                "    auth: {auth_url: 'https://iam.eu-de.otc.t-systems.com/v3', username: jane, project_id: 0123}",
                "    cacert: >-",
                "      /etc/ssl/",
                "      otc.pem",
                "  quoted:",
                "    auth:",
                "      password: it's # note",
                "      username: |",
                "        multi",
                "    verify: false",
            ].join("\n"),
        });
        expect(readCloudsYaml("otc", [file]).values).toEqual({
            authUrl: "https://iam.eu-de.otc.t-systems.com/v3",
            username: "jane",
            projectId: "0123",
            caCert: "/etc/ssl/ otc.pem",
        });
        expect(readCloudsYaml("quoted", [file]).values).toEqual({ password: "it's", username: "multi\n", insecure: "true" });
    });

    it("names the file, line and problem of a YAML syntax error", () => {
        const file = write({ "clouds.yaml": ["clouds:", "  otc:", "    auth: {username: jane", "    region_name: eu-de"].join("\n") });
        expect(() => readCloudsYaml("otc", [file])).toThrow(CloudsYamlError);
        expect(() => readCloudsYaml("otc", [file])).toThrow(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")} line [34], column \\d+ is not valid YAML: .+`));
    });

    it("does not let a broken entry of another cloud fail the selected one, and checks the selected one", () => {
        const file = write({
            "clouds.yaml": [
                "clouds:",
                "  broken:",
                "    <<: *nowhere",
                "    auth: [1, 2]",
                "  odd: just a string",
                "  good:",
                "    auth:",
                "      username: jane",
                "  badauth:",
                "    auth:",
                "      password: [a, b]",
            ].join("\n"),
        });
        expect(readCloudsYaml("good", [file]).values).toEqual({ username: "jane" });
        // Each error names the file and the line of the construct at fault.
        expect(() => readCloudsYaml("broken", [file])).toThrow(/clouds\.broken in .*clouds\.yaml line 3 cannot be read: Merge sources must be maps/);
        expect(() => readCloudsYaml("odd", [file])).toThrow(/clouds\.odd in .*clouds\.yaml line 5 must be a mapping/);
        expect(() => readCloudsYaml("badauth", [file])).toThrow(/clouds\.badauth\.auth\.password in .*clouds\.yaml line 11 must be a single value/);
        expect(() => readCloudsYaml("nope", [file])).toThrow(/No cloud "nope" in .* \(it has: broken, odd, good, badauth\)/);
    });

    it("merges secure.yaml beside clouds.yaml over the entry", () => {
        const file = write({
            "clouds.yaml": ["clouds:", "  otc:", "    auth:", "      username: jane", "      password: placeholder", "    regions: [eu-de]"].join("\n"),
            "secure.yaml": ["clouds:", "  otc:", "    auth:", "      password: 's3cr#t' # from the vault", "  other: [x]"].join("\n"),
        });
        expect(readCloudsYaml("otc", [file]).values).toEqual({ username: "jane", password: "s3cr#t", region: "eu-de" });
    });
});
