/**
 * The YAML subset `clouds.yaml` files use: nested block mappings, scalars (plain, single- or double-quoted),
 * comments, and `---`. Written here rather than taking a YAML dependency for one small, well-known file shape;
 * anything outside the subset (sequences, flow collections, anchors, multi-line scalars) is refused with the
 * line number, so a file is never half-understood.
 */
export type YamlValue = string | number | boolean | null | YamlMapping;
export interface YamlMapping {
    [key: string]: YamlValue;
}

export class YamlSubsetError extends Error {
    override readonly name = "YamlSubsetError";
}

export function parseYamlSubset(text: string): YamlMapping {
    const root: YamlMapping = {};
    // Each open mapping with the indentation of its keys; the root's keys start at column 0.
    const stack: { indent: number; map: YamlMapping }[] = [{ indent: 0, map: root }];
    let pendingKey: { map: YamlMapping; key: string; indent: number } | undefined;
    const lines = text.split(/\r?\n/);
    lines.forEach((raw, index) => {
        const lineNo = index + 1;
        const line = stripComment(raw).trimEnd();
        if (line.trim() === "" || line === "---" || line === "...") return;
        if (/\t/.test(/^\s*/.exec(line)?.[0] ?? "")) throw new YamlSubsetError(`line ${lineNo}: tabs are not allowed for indentation`);
        const indent = line.length - line.trimStart().length;
        if (pendingKey) {
            if (indent > pendingKey.indent) {
                const child: YamlMapping = {};
                pendingKey.map[pendingKey.key] = child;
                stack.push({ indent, map: child });
            } else {
                pendingKey.map[pendingKey.key] = null;
            }
            pendingKey = undefined;
        }
        while (stack.length > 1 && indent < (stack[stack.length - 1]?.indent ?? 0)) stack.pop();
        const top = stack[stack.length - 1];
        if (!top || indent !== top.indent) throw new YamlSubsetError(`line ${lineNo}: unexpected indentation`);
        const match = /^\s*("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^:'"\s][^:]*?)\s*:(?:\s+(.*))?$/.exec(line);
        if (!match) throw new YamlSubsetError(`line ${lineNo}: expected "key: value" (sequences and flow style are not supported)`);
        const key = String(scalar(match[1] ?? "", lineNo));
        const rest = match[2]?.trim() ?? "";
        if (rest === "") pendingKey = { map: top.map, key, indent };
        else top.map[key] = scalar(rest, lineNo);
    });
    if (pendingKey) pendingKey.map[pendingKey.key] = null;
    return root;
}

function stripComment(line: string): string {
    // A # starts a comment at the line start or after whitespace, outside quotes.
    let quote: string | undefined;
    for (let i = 0; i < line.length; i++) {
        const c = line[i];
        if (quote) {
            if (c === quote) quote = undefined;
        } else if (c === '"' || c === "'") {
            quote = c;
        } else if (c === "#" && (i === 0 || /\s/.test(line[i - 1] ?? ""))) {
            return line.slice(0, i);
        }
    }
    return line;
}

function scalar(token: string, lineNo: number): YamlValue {
    if (token.startsWith('"')) {
        try {
            return JSON.parse(token) as string;
        } catch {
            throw new YamlSubsetError(`line ${lineNo}: unsupported escape in a double-quoted string`);
        }
    }
    if (token.startsWith("'")) return token.slice(1, -1).replace(/''/g, "'");
    if (/^[[{&*!|>]/.test(token)) throw new YamlSubsetError(`line ${lineNo}: only plain or quoted scalars are supported`);
    if (/^(true|True|TRUE|yes|Yes)$/.test(token)) return true;
    if (/^(false|False|FALSE|no|No)$/.test(token)) return false;
    if (/^(null|Null|NULL|~)$/.test(token)) return null;
    if (/^-?\d+(\.\d+)?$/.test(token)) return Number(token);
    return token;
}
