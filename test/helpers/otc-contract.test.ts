import { missingFields, typeMismatches } from "./otc-contract";

// The contract checker itself: a wrong type or a missing field must be reported, or the contract tests check nothing.

test("typeMismatches reports a documented field of another JSON type, through objects and arrays", () => {
    const spec = { total_count: "integer", instances: [{ port: "integer", size: "number", volume: { size: "integer" }, ips: ["string"] }] };
    expect(typeMismatches({ total_count: 1, instances: [{ port: 8000, size: 1.5, volume: { size: 40 }, ips: ["a"] }] }, spec)).toEqual([]);
    expect(typeMismatches({ total_count: 1.5, instances: [{ port: "8000", volume: { size: "40" }, ips: [1] }] }, spec)).toEqual([
        "$.total_count: documented as integer, got number 1.5",
        '$.instances[0].port: documented as integer, got string "8000"',
        '$.instances[0].volume.size: documented as integer, got string "40"',
        "$.instances[0].ips[0]: documented as string, got number 1",
    ]);
    expect(typeMismatches({ instances: {} }, spec)).toEqual(["$.instances: documented as an array, got object"]);
    // null and absent fields are judged by `required`, not here.
    expect(typeMismatches({ total_count: null }, spec)).toEqual([]);
});

test("missingFields reports required paths that are absent or null, in every element of an array", () => {
    const value = { job_id: "j", instances: [{ id: "a", volume: { size: 40 } }, { id: null, volume: {} }] };
    expect(missingFields(value, ["job_id", "instances.id", "instances.volume.size", "instance.id"])).toEqual([
        "instances.id",
        "instances.volume.size",
        "instance.id",
    ]);
    expect(missingFields({ instances: [] }, ["instances.id"])).toEqual(["instances.id"]);
});
