import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { REPO_ROOT } from "../helpers/pulumi-cli";

// The declarations a user's compiler reads, from the package's entry points through every relative import, must
// not import zod (or any package besides @pulumi/pulumi, undici and node's own): zod's declarations do not compile
// in Pulumi's template project (no esModuleInterop, no skipLibCheck). user-project.test.ts proves the whole
// thing with tsc; this names the offending file in a second. Reads dist/, which `npm test` builds first.

const DIST = join(REPO_ROOT, "dist");
const ENTRY_POINTS = ["index.d.ts", "simulator/index.d.ts"];
const ALLOWED_PACKAGES = /^(node:|@pulumi\/pulumi$|undici$)/;

function reachableDeclarations(): Map<string, string[]> {
    const imports = new Map<string, string[]>();
    const queue = ENTRY_POINTS.map((entry) => join(DIST, entry));
    while (queue.length > 0) {
        const file = queue.shift()!;
        if (imports.has(file)) continue;
        const text = readFileSync(file, "utf8");
        // Import and export statements at the start of a line (not doc comments), and inline `import("…")` types.
        const specifiers = [
            ...text.matchAll(/^(?:import|export)\b[^;]*?from\s*["']([^"']+)["']/gm),
            ...text.matchAll(/^import\s*["']([^"']+)["']/gm),
            ...text.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g),
        ].map((m) => m[1]!);
        imports.set(file, specifiers);
        for (const specifier of specifiers) {
            if (!specifier.startsWith(".")) continue;
            const target = resolve(dirname(file), specifier);
            queue.push(existsSync(`${target}.d.ts`) ? `${target}.d.ts` : join(target, "index.d.ts"));
        }
    }
    return imports;
}

test("the published declarations import no package but @pulumi/pulumi, undici and node's", () => {
    expect(existsSync(join(DIST, "index.d.ts"))).toBe(true);
    const offending: string[] = [];
    for (const [file, specifiers] of reachableDeclarations()) {
        for (const specifier of specifiers) {
            if (!specifier.startsWith(".") && !ALLOWED_PACKAGES.test(specifier)) offending.push(`${relative(DIST, file)} imports "${specifier}"`);
        }
    }
    expect(offending).toEqual([]);
});
