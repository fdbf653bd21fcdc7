import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
    jobFromApi,
    jobFromTask,
    jobResponseSchema,
    parseOtcTime,
    taskListResponseSchema,
} from "./job-schema";

const SEEDS_DIR = join(__dirname, "..", "..", "..", "shared", "seeds");

/** Every JSON example that follows "Example normal response" in a seed document (HTML, RST or text). */
function seedExamples(): { file: string; json: unknown }[] {
    const out: { file: string; json: unknown }[] = [];
    for (const file of readdirSync(SEEDS_DIR).sort()) {
        const text = readFileSync(join(SEEDS_DIR, file), "utf8");
        let from = 0;
        for (;;) {
            const at = text.indexOf("Example normal response", from);
            if (at < 0) break;
            const block = extractJsonObject(text, text.indexOf("{", at));
            out.push({ file, json: JSON.parse(block) });
            from = at + 1;
        }
    }
    return out;
}

// The scraped HTML interleaves lines holding only "|" and wraps the example in tags: drop those before
// matching braces.
function extractJsonObject(text: string, start: number): string {
    let depth = 0;
    let inString = false;
    for (let i = start; i < text.length; i++) {
        const c = text[i];
        if (inString) {
            if (c === "\\") i++;
            else if (c === '"') inString = false;
        } else if (c === '"') inString = true;
        else if (c === "{") depth++;
        else if (c === "}" && --depth === 0) {
            return text
                .slice(start, i + 1)
                .split("\n")
                .filter((line) => line.trim() !== "|")
                .join("\n")
                .replace(/<[^>]+>/g, "");
        }
    }
    throw new Error(`unbalanced JSON example at ${start}`);
}

describe("job schemas against the OTC seed documents", () => {
    const examples = seedExamples();

    it("finds an example in every seed", () => {
        const files = new Set(examples.map((e) => e.file));
        expect(files.size).toBe(readdirSync(SEEDS_DIR).length);
    });

    it.each(examples.map((e) => [e.file, e.json] as const))("parses the example of %s", (_file, json) => {
        if (typeof json === "object" && json !== null && "job" in json) {
            const job = jobFromApi(jobResponseSchema.parse(json).job);
            expect(job.id).toMatch(/^[0-9a-f-]{36}$/);
            expect(job.status).toBe("Completed");
            expect(job.name).not.toMatch(/^\s/);
            expect(job.failReason).toBeUndefined();
            expect(job.created).toBeInstanceOf(Date);
        } else {
            const list = taskListResponseSchema.parse(json);
            expect(list.tasks.length).toBe(list.total_count);
            const jobs = list.tasks.map(jobFromTask);
            expect(jobs.map((j) => j.status)).toEqual(["Failed", "Completed"]);
            expect(jobs[0]?.failReason).toBe("An exception occurs when the ECS processes services.");
            expect(jobs[0]?.instance?.id).toBe("ce2dce50f365430abe161bab79495a6ein14");
        }
    });

    it("accepts both progress spellings, entities, Pending and a null fail_reason", () => {
        const gauss = jobFromApi(
            jobResponseSchema.parse({
                job: { id: "a", name: "CreateGaussDBV5Instance", status: "Running", progress: "60%", fail_reason: null },
            }).job,
        );
        expect(gauss.progressPercent).toBe(60);
        const taurus = jobFromApi(
            jobResponseSchema.parse({
                job: {
                    id: "b",
                    name: "CreateMysqlInstance",
                    status: "Pending",
                    process: "5%",
                    entities: { instance: { endpoint: "192.168.1.203:3306" }, resource_ids: ["x"] },
                },
            }).job,
        );
        expect(taurus.status).toBe("Pending");
        expect(taurus.progressPercent).toBe(5);
        expect(taurus.entities?.["resource_ids"]).toEqual(["x"]);
    });

    it("keeps the verbatim fail_reason of a failed job", () => {
        const job = jobFromApi(
            jobResponseSchema.parse({ job: { id: "c", name: "X", status: "Failed", progress: "", fail_reason: "  disk full \n" } })
                .job,
        );
        expect(job.status).toBe("Failed");
        expect(job.failReason).toBe("  disk full \n");
    });

    it("rejects a job without id or status", () => {
        expect(jobResponseSchema.safeParse({ job: { name: "X", status: "Running" } }).success).toBe(false);
        expect(jobResponseSchema.safeParse({ job: { id: "x", name: "X" } }).success).toBe(false);
    });

    it("treats an unknown status as still running", () => {
        const job = jobFromApi({ id: "d", name: "X", status: "Queued" });
        expect(job.status).toBe("Running");
        expect(job.rawStatus).toBe("Queued");
    });
});

describe("field parsers", () => {
    it("parses OTC timestamps with colon-less offsets", () => {
        expect(parseOtcTime("2021-07-12T09:22:04+0800")?.toISOString()).toBe("2021-07-12T01:22:04.000Z");
        expect(parseOtcTime("2018-08-06T10:41:14+0000")?.toISOString()).toBe("2018-08-06T10:41:14.000Z");
        expect(parseOtcTime("garbage")).toBeUndefined();
    });
});
