import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CloudsYamlError, cloudsYamlCandidates, readCloudsYaml } from "./clouds-yaml";

describe("readCloudsYaml", () => {
    const dir = mkdtempSync(join(tmpdir(), "clouds-unit-"));
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
