import examplesFile from "./fixtures/seed-examples.json";
import {
    jobFromApi,
    jobFromTask,
    jobResponseSchema,
    parseOtcTime,
    taskListResponseSchema,
} from "./job-schema";

// Every "Example normal response" of the task-center documents, kept in the repository (see the fixture's "about").
const examples = examplesFile.examples.map((e) => ({ file: e.document, json: e.json as unknown }));

describe("job schemas against the OTC seed documents", () => {
    it("has the examples of both task-center documents (single job and task list)", () => {
        expect(examples.length).toBeGreaterThanOrEqual(4);
        expect(examples.some((e) => typeof e.json === "object" && e.json !== null && "job" in e.json)).toBe(true);
        expect(examples.some((e) => typeof e.json === "object" && e.json !== null && "tasks" in e.json)).toBe(true);
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

    it("ends a canceled job as Failed, saying it was canceled unless OTC gives a reason", () => {
        for (const status of ["Canceled", "cancelled"]) {
            const job = jobFromApi({ id: "e", name: "X", status });
            expect(job).toMatchObject({ status: "Failed", rawStatus: status, failReason: `The job was canceled (status "${status}").` });
        }
        expect(jobFromApi({ id: "f", name: "X", status: "Canceled", fail_reason: "cancelled by user" }).failReason).toBe("cancelled by user");
        expect(jobFromApi({ id: "g", name: "X", status: "Failed" }).failReason).toBeUndefined();
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
