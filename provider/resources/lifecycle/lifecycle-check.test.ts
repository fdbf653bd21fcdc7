import { rawInputs } from "../../../test/helpers/provider-harness";
import { gaussDbInstanceAdapter } from "../gaussdb-instance/gaussdb-instance-adapter";
import { checkInputs } from "./lifecycle-check";

const urnOf = (name: string) => `urn:pulumi:dev::proj::pulumi-nodejs:dynamic:Resource::${name}`;
const check = (inputs: Record<string, unknown>) => checkInputs(gaussDbInstanceAdapter, {}, inputs, "eu-de");

describe("checkInputs names what the user wrote", () => {
    it("blames a short resource name, not a name argument the program never set", () => {
        // The resource class fills in name from the resource name when the program gives none.
        const failures = check(rawInputs({ name: "db", ownerUrn: urnOf("db") })).failures ?? [];
        expect(failures).toHaveLength(1);
        expect(failures[0]?.property).toBe("name");
        expect(failures[0]?.reason).toBe(
            'the resource name "db" (the instance name prefix when no name argument is set) must be at least 4 characters; set name or instanceName to choose another',
        );
    });

    it("blames the name argument when the program set one", () => {
        const failures = check(rawInputs({ name: "db", ownerUrn: urnOf("orders-db") })).failures ?? [];
        expect(failures.map((f) => [f.property, f.reason])).toEqual([["name", "name must be at least 4 characters"]]);
    });
});
