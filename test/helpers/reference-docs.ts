import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as ts from "typescript";
import { REPO_ROOT } from "./pulumi-cli";

// Generates the argument reference of each resource (docs/<resource>.md) from the TSDoc of its source, so the
// reference reads the same on any Markdown viewer or package page as in an editor, and cannot drift from the code:
// test/packaging/reference-docs.test.ts fails when the committed file differs, and `npm run docs` rewrites it.

export interface ResourceReference {
    /** Output file below docs/. */
    file: string;
    title: string;
    /** Source directories, relative to the repository root: their non-test .ts files hold the interfaces and the class. */
    sourceDirs: string[];
    /** The resource class; its `declare readonly` properties are the outputs. */
    className: string;
    /** Interfaces to document, in order: the args first, then the types they use, then the options. */
    interfaces: string[];
    /** Interfaces that outputs use, documented after the outputs. */
    outputInterfaces: string[];
    /** What "replaces" means for this resource. Default: an instance's (deleted and created again). */
    replaceNote?: string;
}

export const RESOURCES: ResourceReference[] = [
    {
        file: "gaussdb-instance.md",
        title: "GaussDbInstance",
        sourceDirs: ["provider/resources/gaussdb-instance", "provider/resources/lifecycle"],
        className: "GaussDbInstance",
        interfaces: ["GaussDbInstanceArgs", "GaussDbVolumeArgs", "GaussDbHaArgs", "GaussDbRestoreFromArgs", "LifecycleResourceOptions"],
        outputInterfaces: ["PendingJob", "FailedJob"],
    },
    {
        file: "gaussdb-backup.md",
        title: "GaussDbBackup",
        sourceDirs: ["provider/resources/gaussdb-backup", "provider/resources/lifecycle"],
        className: "GaussDbBackup",
        interfaces: ["GaussDbBackupArgs", "LifecycleResourceOptions"],
        outputInterfaces: ["PendingJob", "FailedJob"],
    },
    {
        file: "taurusdb-instance.md",
        title: "TaurusDbInstance",
        sourceDirs: ["provider/resources/taurusdb-instance", "provider/resources/lifecycle"],
        className: "TaurusDbInstance",
        interfaces: ["TaurusDbInstanceArgs", "LifecycleResourceOptions"],
        outputInterfaces: ["TaurusDbNode", "PendingJob", "FailedJob"],
    },
    {
        file: "otc-job-operation.md",
        title: "OtcJobOperation",
        sourceDirs: ["provider/resources/job-operation", "provider/resources/lifecycle"],
        className: "OtcJobOperation",
        interfaces: ["OtcJobOperationArgs", "OtcRequestArgs", "OtcLookupArgs", "OtcJobOperationOptions"],
        outputInterfaces: ["OtcOperationJob", "PendingJob"],
        replaceNote: "\"Replaces\" means the operation runs again: its `delete` request (if any) is sent, then its `create` request.",
    },
    {
        file: "rds-instance.md",
        title: "RdsInstance",
        sourceDirs: ["provider/resources/rds-instance", "provider/resources/lifecycle"],
        className: "RdsInstance",
        interfaces: ["RdsInstanceArgs", "RdsVolumeArgs", "RdsHaArgs", "RdsRestoreFromArgs", "LifecycleResourceOptions"],
        outputInterfaces: ["PendingJob", "FailedJob"],
    },
    {
        file: "rds-backup.md",
        title: "RdsBackup",
        sourceDirs: ["provider/resources/rds-backup", "provider/resources/lifecycle"],
        className: "RdsBackup",
        interfaces: ["RdsBackupArgs", "LifecycleResourceOptions"],
        outputInterfaces: ["PendingJob", "FailedJob"],
    },
];

interface Member {
    name: string;
    optional: boolean;
    type: string;
    doc: string;
}

interface Documented {
    doc: string;
    members: Member[];
    heritage: string[];
}

export function renderReference(resource: ResourceReference): string {
    const declarations = new Map<string, Documented>();
    for (const sourceDir of resource.sourceDirs) {
        const dir = join(REPO_ROOT, sourceDir);
        for (const file of readdirSync(dir).sort()) {
            if (file.endsWith(".ts") && !file.endsWith(".test.ts") && !file.endsWith(".d.ts")) collect(join(dir, file), declarations);
        }
    }
    const where = resource.sourceDirs.map((d) => `${d}/`).join(", ");
    const find = (name: string): Documented => {
        const found = declarations.get(name);
        if (!found) throw new Error(`${name} is not declared in ${where}: update RESOURCES in test/helpers/reference-docs.ts`);
        return found;
    };
    const lines = [
        `# ${resource.title} reference`,
        "",
        `<!-- Generated from the TSDoc in ${where} by \`npm run docs\`; do not edit. -->`,
        "",
    ];
    const cls = find(resource.className);
    lines.push(cls.doc, "", "```ts", `import { ${resource.className} } from "pulumi-otc-jobs";`, `new ${resource.className}(name: string, args: ${resource.interfaces[0]}, opts?: ${resource.interfaces.at(-1)})`, "```", "");
    lines.push("Every argument is a Pulumi input (a plain value or an `Output`); resource options are plain values.");
    lines.push(resource.replaceNote ?? "\"Replaces\" means the instance is deleted and created again: its data is lost.", "");
    for (const name of resource.interfaces) {
        lines.push(...section(name, find(name), true));
    }
    lines.push("## Outputs", "", "Every argument is also an output, with OTC's actual value where OTC reports one. Declared outputs:", "");
    lines.push(...table(cls.members, false), "");
    for (const name of resource.outputInterfaces) lines.push(...section(name, find(name), false));
    return lines.join("\n");
}

function section(name: string, found: Documented, withRequired: boolean): string[] {
    const lines = [`## \`${name}\``, ""];
    if (found.doc) lines.push(found.doc, "");
    if (found.heritage.length > 0) lines.push(`Also takes every option of ${found.heritage.map((h) => `\`${h}\``).join(", ")}.`, "");
    lines.push(...table(found.members, withRequired), "");
    return lines;
}

function table(members: Member[], withRequired: boolean): string[] {
    const header = withRequired ? ["| property | type | required | description |", "|---|---|---|---|"] : ["| property | type | description |", "|---|---|---|"];
    return [
        ...header,
        ...members.map((m) =>
            withRequired
                ? `| \`${m.name}\` | ${cell(code(m.type))} | ${m.optional ? "no" : "yes"} | ${cell(m.doc)} |`
                : `| \`${m.name}\` | ${cell(code(m.type))} | ${cell(m.doc)} |`,
        ),
    ];
}

function code(type: string): string {
    return `\`${type}\``;
}

function cell(text: string): string {
    return text.replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ") || " ";
}

/** `pulumi.Input<T>` and `pulumi.Output<T>` read as T: the table says once that inputs may be outputs. */
function plainType(node: ts.TypeNode | undefined, source: ts.SourceFile): string {
    if (!node) return "unknown";
    if (ts.isTypeReferenceNode(node) && /^pulumi\.(Input|Output)$/.test(node.typeName.getText(source)) && node.typeArguments?.length === 1) {
        return plainType(node.typeArguments[0], source);
    }
    return node.getText(source).replace(/\s+/g, " ");
}

function docOf(node: ts.Node): string {
    const docs = (node as { jsDoc?: ts.JSDoc[] }).jsDoc ?? [];
    return docs
        .map((d) => (typeof d.comment === "string" ? d.comment : ts.getTextOfJSDocComment(d.comment) ?? ""))
        .join("\n")
        .replace(/\{@link\s+([^}\s]+)\s*\}/g, "`$1`")
        .trim();
}

function collect(file: string, into: Map<string, Documented>): void {
    const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
    for (const statement of source.statements) {
        if (ts.isInterfaceDeclaration(statement)) {
            into.set(statement.name.text, {
                doc: docOf(statement),
                heritage: (statement.heritageClauses ?? []).flatMap((h) => h.types.map((t) => t.getText(source))),
                members: statement.members.filter(ts.isPropertySignature).map((m) => ({
                    name: m.name.getText(source),
                    optional: m.questionToken !== undefined,
                    type: plainType(m.type, source),
                    doc: docOf(m),
                })),
            });
        } else if (ts.isClassDeclaration(statement) && statement.name) {
            into.set(statement.name.text, {
                doc: docOf(statement),
                heritage: [],
                members: statement.members
                    .filter(ts.isPropertyDeclaration)
                    .filter((m) => m.modifiers?.some((mod) => mod.kind === ts.SyntaxKind.DeclareKeyword))
                    .map((m) => ({ name: m.name.getText(source), optional: false, type: plainType(m.type, source), doc: docOf(m) })),
            });
        }
    }
}
