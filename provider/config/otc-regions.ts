/**
 * OTC's public regions and their host names. eu-de and eu-nl follow `<service>.<region>.otc.t-systems.com`;
 * the Swiss region eu-ch2 lives under `.sc.otc.t-systems.com` and its IAM host is `iam-pub` (what the OTC
 * Terraform provider's users configure as `auth_url`), so a naive string substitution gets it wrong.
 * A region not listed here gets the eu-de pattern, and every host stays overridable by configuration.
 */
interface RegionHosts {
    /** Host suffix after `<service>.`. */
    domain: string;
    iamHost: string;
    /**
     * The region's AZs as APIs name them. The Swiss region has two, `eu-ch2a`/`eu-ch2b` (the console's `eu-ch2-01`
     * labels are not API names). A list that goes stale when OTC opens an AZ only matters for new or changed inputs:
     * the check never runs on an unchanged resource.
     */
    availabilityZones: readonly string[];
}

export const OTC_REGIONS: Readonly<Record<string, RegionHosts>> = {
    "eu-de": { domain: "eu-de.otc.t-systems.com", iamHost: "iam.eu-de.otc.t-systems.com", availabilityZones: ["eu-de-01", "eu-de-02", "eu-de-03"] },
    "eu-nl": { domain: "eu-nl.otc.t-systems.com", iamHost: "iam.eu-nl.otc.t-systems.com", availabilityZones: ["eu-nl-01", "eu-nl-02", "eu-nl-03"] },
    "eu-ch2": { domain: "eu-ch2.sc.otc.t-systems.com", iamHost: "iam-pub.eu-ch2.sc.otc.t-systems.com", availabilityZones: ["eu-ch2a", "eu-ch2b"] },
};

function hostsOf(region: string): Omit<RegionHosts, "availabilityZones"> {
    return OTC_REGIONS[region] ?? { domain: `${region}.otc.t-systems.com`, iamHost: `iam.${region}.otc.t-systems.com` };
}

/** The AZs of a public OTC region; undefined for a region OTC does not have. */
export function availabilityZonesOf(region: string): readonly string[] | undefined {
    return Object.hasOwn(OTC_REGIONS, region) ? OTC_REGIONS[region]?.availabilityZones : undefined;
}

/** `https://gaussdb.eu-de.otc.t-systems.com`, `https://gaussdb.eu-ch2.sc.otc.t-systems.com`. */
export function defaultServiceEndpoint(service: string, region: string): string {
    return `https://${service}.${hostsOf(region).domain}`;
}

/** The IAM (Keystone v3) URL of a region, as `OS_AUTH_URL` would hold it. */
export function defaultAuthUrl(region: string): string {
    return `https://${hostsOf(region).iamHost}/v3`;
}

/**
 * OTC project names start with their region: `eu-de` (the region's default project) or `eu-de_orders`
 * (a sub-project). Returns undefined for a name that does not.
 */
export function regionFromProjectName(projectName: string): string | undefined {
    const match = /^([a-z]{2}-[a-z]+\d*)(?:_|$)/.exec(projectName);
    return match?.[1];
}

/** The region an IAM URL belongs to (`https://iam-pub.eu-ch2.sc.otc.t-systems.com/v3` → `eu-ch2`). */
export function regionFromAuthUrl(authUrl: string): string | undefined {
    let host: string;
    try {
        host = new URL(authUrl).hostname;
    } catch {
        return undefined;
    }
    return /^iam(?:-pub)?\.([a-z]{2}-[a-z]+\d*)\.(?:sc\.)?otc\.t-systems\.com$/.exec(host)?.[1];
}
