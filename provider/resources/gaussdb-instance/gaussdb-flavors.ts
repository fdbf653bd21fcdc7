import { z } from "zod";
import type { FlavorCatalogue } from "../lifecycle/flavor-check";
import type { ZoneInput } from "../lifecycle/placement-check";
import type { GaussDbInstanceInputs } from "./gaussdb-instance-inputs";

const pageSchema = z.object({
    flavors: z.array(z.object({ spec_code: z.string() }).passthrough()),
    total: z.number().optional(),
});
const PAGE = 100;

/**
 * openGauss "Querying Instance Specifications": `GET /v3/{project_id}/flavors?ha_mode=&version=&limit=&offset=`,
 * paged (at most 100 a page).
 */
export const gaussDbFlavors: FlavorCatalogue<GaussDbInstanceInputs> = {
    property: "flavorRef",
    flavorOf: (inputs) => inputs.flavorRef,
    scope: (inputs) => `openGauss ${inputs.ha.mode}${inputs.datastoreVersion ? ` ${inputs.datastoreVersion}` : ""}`,
    async list(client, inputs) {
        const offers: { specCode: string }[] = [];
        for (let offset = 0; ; offset += PAGE) {
            const query = { ha_mode: inputs.ha.mode, version: inputs.datastoreVersion, limit: PAGE, offset };
            const { body } = await client.call({ method: "GET", path: client.projectPath("/flavors"), query }, pageSchema);
            offers.push(...body.flavors.map((f) => ({ specCode: f.spec_code })));
            if (body.flavors.length < PAGE || (body.total !== undefined && offset + PAGE >= body.total)) return offers;
        }
    },
};

/** `availabilityZone` is three comma-separated AZs. */
export function gaussDbZoneInputs(inputs: Record<string, unknown>): ZoneInput[] {
    const value = inputs["availabilityZone"];
    return typeof value === "string" ? [{ property: "availabilityZone", zones: value.split(",").map((az) => az.trim()) }] : [];
}
