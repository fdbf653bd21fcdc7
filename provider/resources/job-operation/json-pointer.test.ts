import { jobIdsAt, pointerSyntaxError, resolvePointer } from "./json-pointer";

describe("JSON pointers into OTC answers", () => {
    const answer = { job_id: "a", jobs: ["b", "c"], replica: { job_id: "d, e,d" }, "a/b": { "m~n": 1 }, tasks: [{ job_id: "f" }] };

    it("resolves RFC 6901 pointers, escapes and array indexes included", () => {
        expect(resolvePointer(answer, "")).toBe(answer);
        expect(resolvePointer(answer, "/job_id")).toBe("a");
        expect(resolvePointer(answer, "/a~1b/m~0n")).toBe(1);
        expect(resolvePointer(answer, "/tasks/0/job_id")).toBe("f");
        expect(resolvePointer(answer, "/tasks/01/job_id")).toBeUndefined();
        expect(resolvePointer(answer, "/tasks/1/job_id")).toBeUndefined();
        expect(resolvePointer(answer, "/job_id/x")).toBeUndefined();
        expect(resolvePointer(answer, "/toString")).toBeUndefined();
    });

    it("reads a job id, comma-joined ids (deduplicated) and arrays of ids", () => {
        expect(jobIdsAt(answer, "/job_id")).toEqual(["a"]);
        expect(jobIdsAt(answer, "/jobs")).toEqual(["b", "c"]);
        expect(jobIdsAt(answer, "/replica/job_id")).toEqual(["d", "e"]);
        expect(jobIdsAt(answer, "/missing")).toEqual([]);
        expect(jobIdsAt({ job_id: "" }, "/job_id")).toEqual([]);
        expect(jobIdsAt({ job_id: 42 }, "/job_id")).toEqual(["42"]);
    });

    it("says what is wrong with a malformed pointer", () => {
        expect(pointerSyntaxError("")).toBeUndefined();
        expect(pointerSyntaxError("/a~0~1")).toBeUndefined();
        expect(pointerSyntaxError("job_id")).toMatch(/starting with "\/"/);
        expect(pointerSyntaxError("/a~2")).toMatch(/escape "~"/);
        expect(pointerSyntaxError("/a~")).toMatch(/escape "~"/);
    });
});
