import { z } from "zod";
import type { FlavorCatalogue } from "../lifecycle/flavor-check";
import type { ZoneInput } from "../lifecycle/placement-check";
import type { RdsInstanceInputs } from "./rds-instance-inputs";

const listSchema = z.object({
    flavors: z.array(z.object({ spec_code: z.string(), instance_mode: z.string().nullish() }).passthrough()),
});

/**
 * RDS "Querying Database Specifications": `GET /v3/{project_id}/flavors/{database_name}?version_name=`. Each flavor
 * says its `instance_mode` (single, ha, replica): a primary/standby instance needs an `ha` one.
 */
export const rdsFlavors: FlavorCatalogue<RdsInstanceInputs> = {
    property: "flavorRef",
    flavorOf: (inputs) => inputs.flavorRef,
    scope: (inputs) => `RDS ${inputs.engine} ${inputs.engineVersion}`,
    async list(client, inputs) {
        const path = client.projectPath(`/flavors/${encodeURIComponent(inputs.engine)}`);
        const { body } = await client.call({ method: "GET", path, query: { version_name: inputs.engineVersion } }, listSchema);
        return body.flavors.map((f) => ({ specCode: f.spec_code, instanceMode: f.instance_mode ?? undefined }));
    },
    unfit(offer, inputs) {
        const wanted = inputs.ha ? "ha" : "single";
        if (offer.instanceMode === undefined || offer.instanceMode === wanted) return undefined;
        return inputs.ha
            ? `is a ${offer.instanceMode} flavor; with ha set the instance is primary/standby and needs a flavor of instance_mode "ha"`
            : `is a ${offer.instanceMode} flavor; without ha the instance is single and needs a flavor of instance_mode "single"`;
    },
};

export function rdsZoneInputs(inputs: Record<string, unknown>): ZoneInput[] {
    const value = inputs["availabilityZones"];
    return Array.isArray(value) && value.every((az) => typeof az === "string") ? [{ property: "availabilityZones", zones: value }] : [];
}
