import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../helpers/pulumi-cli";

// package.json is what npm enforces; README and CHANGELOG are what users read. They must say the same.
const pkg = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as {
    license: string;
    engines: { node: string };
    peerDependencies: Record<string, string>;
    files: string[];
};
const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
const changelog = readFileSync(join(REPO_ROOT, "CHANGELOG.md"), "utf8");

test("README and CHANGELOG state the Node.js and @pulumi/pulumi versions package.json declares", () => {
    const node = pkg.engines.node.match(/^>=(\d+\.\d+\.\d+)$/)?.[1];
    const pulumi = pkg.peerDependencies["@pulumi/pulumi"]?.match(/^>=(\d+\.\d+\.\d+) <(\d+)\.0\.0$/);
    expect(node).toBeDefined();
    expect(pulumi).not.toBeNull();
    for (const text of [readme, changelog]) {
        expect(text).toContain(`Node.js ≥ ${node}`);
        expect(text).toContain(`≥ ${pulumi![1]}`);
    }
});

test("the declared license ships with the package", () => {
    expect(pkg.license).toBe("Apache-2.0");
    expect(readFileSync(join(REPO_ROOT, "LICENSE"), "utf8")).toContain("Apache License\n                           Version 2.0");
    expect(pkg.files).toEqual(expect.arrayContaining(["LICENSE", "CHANGELOG.md", "README.md"]));
});
