import { z } from "zod";
import type { FlavorCatalogue } from "../lifecycle/flavor-check";
import type { ZoneInput } from "../lifecycle/placement-check";
import type { TaurusDbInstanceInputs } from "./taurusdb-instance-inputs";

const listSchema = z.object({ flavors: z.array(z.object({ spec_code: z.string() }).passthrough()) });

/**
 * TaurusDB "Querying Database Specifications": `GET /v3/{project_id}/flavors/gaussdb-mysql?version_name=&
 * availability_zone_mode=` (the AZ mode is mandatory).
 */
export const taurusDbFlavors: FlavorCatalogue<TaurusDbInstanceInputs> = {
    property: "flavorRef",
    flavorOf: (inputs) => inputs.flavorRef,
    scope: (inputs) => `TaurusDB ${inputs.datastoreVersion} ${inputs.availabilityZoneMode}`,
    async list(client, inputs) {
        const query = { version_name: inputs.datastoreVersion, availability_zone_mode: inputs.availabilityZoneMode };
        const { body } = await client.call({ method: "GET", path: client.projectPath("/flavors/gaussdb-mysql"), query }, listSchema);
        return body.flavors.map((f) => ({ specCode: f.spec_code }));
    },
};

export function taurusDbZoneInputs(inputs: Record<string, unknown>): ZoneInput[] {
    const value = inputs["masterAvailabilityZone"];
    return typeof value === "string" ? [{ property: "masterAvailabilityZone", zones: [value] }] : [];
}
