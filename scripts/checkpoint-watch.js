#!/usr/bin/env node
// Watches a Pulumi file backend while `pulumi up` runs and records every checkpoint the engine writes: one line
// "<ms since epoch> <bytes>" per new version of a stack file (not its .bak, not the history), appended to OUT.
// With the default checkpoints the engine rewrites the whole state at every step start and end, so the gap
// between two writes, while steps are waiting for it, is what one step costs at that state size.
//
//   node scripts/checkpoint-watch.js <backend dir> <out file>       (runs until killed)
//   node scripts/checkpoint-watch.js --summary <out file> [bands=4] (prints the bands of the recorded writes)
"use strict";
const fs = require("node:fs");
const path = require("node:path");

if (process.argv[2] === "--summary") {
    summarize(process.argv[3], Number(process.argv[4] ?? 4));
} else {
    watch(process.argv[2], process.argv[3]);
}

function watch(dir, out) {
    let last = "";
    const record = (file) => {
        try {
            const { size, mtimeMs } = fs.statSync(file);
            const key = `${file} ${size} ${mtimeMs}`;
            if (key === last) return;
            last = key;
            fs.appendFileSync(out, `${Date.now()} ${size}\n`);
        } catch {
            // Between the engine's write and rename the file may be missing for a moment.
        }
    };
    // The stack files' directories (`.pulumi/stacks/<project>/`, made by `pulumi stack init`), each watched on its
    // own: the engine replaces the file at every write, which a recursive watch on Linux loses track of.
    const stacks = path.join(dir, ".pulumi", "stacks");
    const dirs = [stacks, ...fs.readdirSync(stacks, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => path.join(stacks, e.name))];
    for (const watched of dirs) {
        fs.watch(watched, (_event, name) => {
            if (name && /^[^.].*\.json$/.test(String(name))) record(path.join(watched, String(name)));
        });
    }
}

/**
 * One line per band of state size: checkpoints written, state size, and the median and p90 gap between two
 * consecutive writes. Prints "writes final_bytes" first, for the script's table.
 */
function summarize(file, bands) {
    const rows = fs.existsSync(file)
        ? fs
              .readFileSync(file, "utf8")
              .trim()
              .split("\n")
              .filter(Boolean)
              .map((l) => l.split(" ").map(Number))
        : [];
    if (rows.length < 2) {
        console.log(`${rows.length} ${rows[0]?.[1] ?? 0}`);
        return;
    }
    console.log(`${rows.length} ${rows[rows.length - 1][1]}`);
    const per = Math.ceil((rows.length - 1) / bands);
    for (let b = 0; b * per < rows.length - 1; b++) {
        const slice = rows.slice(b * per, Math.min(rows.length, (b + 1) * per + 1));
        const gaps = slice
            .slice(1)
            .map((r, i) => r[0] - slice[i][0])
            .sort((x, y) => x - y);
        const q = (p) => gaps[Math.floor(p * (gaps.length - 1))];
        const kb = (bytes) => (bytes / 1024).toFixed(0);
        console.log(`${kb(slice[0][1])}-${kb(slice[slice.length - 1][1])} KB | ${gaps.length} | ${q(0.5)} ms | ${q(0.9)} ms`);
    }
}
