import type * as pulumi from "@pulumi/pulumi";
import { availabilityZonesOf, OTC_REGIONS } from "../../config/otc-regions";

/** An input naming AZs, as the resource's adapter reads it from the raw inputs. */
export interface ZoneInput {
    property: string;
    zones: readonly string[];
}

/**
 * Refuses, at `pulumi preview`, a region OTC does not have and AZs that are not of the resource's region: without
 * this a typo passes preview and the first real `pulumi up` fails at a DNS lookup or minutes into a create.
 *
 * Only new or changed values are checked (`olds` is empty for a create): a resource made by an earlier version is
 * never refused on an unchanged input, even if OTC has since opened an AZ this package does not list yet.
 */
export function checkPlacement(
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
    region: unknown,
    regionSource: "property" | "configuration",
    zoneInputs: (inputs: Record<string, unknown>) => ZoneInput[],
): pulumi.dynamic.CheckFailure[] {
    // Reasons leave out the property name: the caller's failure format puts it in front.
    if (typeof region !== "string" || isUnknown(region)) return [];
    const failures: pulumi.dynamic.CheckFailure[] = [];
    const known = availabilityZonesOf(region);
    // A resource recorded without a region (state written before the region was recorded) has not changed region.
    const existing = Object.keys(olds).length > 0;
    const regionChanged = !existing || (olds["region"] !== undefined && olds["region"] !== region);
    if (!known) {
        if (regionChanged) {
            const where = regionSource === "property" ? "" : " (from otc:region or OS_REGION_NAME)";
            failures.push({ property: "region", reason: `"${region}"${where} is not an OTC region: use one of ${Object.keys(OTC_REGIONS).join(", ")}` });
        }
        return failures;
    }
    const before = new Map(zoneInputs(olds).map((input) => [input.property, input.zones.join(",")]));
    for (const { property, zones } of zoneInputs(news)) {
        if (!regionChanged && before.get(property) === zones.join(",")) continue;
        const foreign = [...new Set(zones.filter((az) => !isUnknown(az) && !known.includes(az)))];
        if (foreign.length === 0) continue;
        const elsewhere = foreign.map((az) => ({ az, owner: regionOfAz(az) })).filter((e) => e.owner !== undefined);
        const owners = elsewhere.map((e) => `${e.az} is in ${e.owner}`).join(", ");
        failures.push({
            property,
            reason:
                `${foreign.map((az) => `"${az}"`).join(", ")} ${foreign.length > 1 ? "are not AZs" : "is not an AZ"} of region ${region}` +
                `${owners ? ` (${owners})` : ""}; the AZs of ${region} are ${known.join(", ")}`,
        });
    }
    return failures;
}

function regionOfAz(az: string): string | undefined {
    return Object.keys(OTC_REGIONS).find((region) => availabilityZonesOf(region)?.includes(az));
}

// What Pulumi sends for a value not known yet at preview (kept here to avoid a cycle with lifecycle-check).
function isUnknown(value: string): boolean {
    return value === "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
}
