import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../helpers/pulumi-cli";
import { RESOURCES, renderReference } from "../helpers/reference-docs";

// docs/<resource>.md must be what the TSDoc says now. `npm run docs` (UPDATE_REFERENCE_DOCS=1) rewrites them.
const update = process.env["UPDATE_REFERENCE_DOCS"] === "1";

test.each(RESOURCES.map((r) => [r.file, r] as const))("docs/%s is generated from the current TSDoc", (file, resource) => {
    const path = join(REPO_ROOT, "docs", file);
    const expected = renderReference(resource);
    if (update) {
        mkdirSync(join(REPO_ROOT, "docs"), { recursive: true });
        writeFileSync(path, expected);
    }
    const actual = existsSync(path) ? readFileSync(path, "utf8") : "";
    if (actual !== expected) throw new Error(`docs/${file} is out of date with the TSDoc: run \`npm run docs\` and commit it.`);
});
