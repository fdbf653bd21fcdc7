import { invalidParameter } from "../core/api-error";
import { requireAvailabilityZones, requireFlavor, requireRegion, TAURUSDB_CATALOGUE } from "../core/catalogue";
import { requiredString, validateInstanceName } from "../core/request-parsing";

// Limits from the TaurusDB API reference ("Creating a DB Instance", "Creating a Read Replica"). The simulator
// enforces them on its own, so a provider check that drifts from them shows up as a refused request.

/** A TaurusDB create request that passed validation (the password still in clear; the caller hashes it). */
export interface TaurusDbCreateRequest {
    name: string;
    region: string;
    version: string;
    flavorRef: string;
    vpcId: string;
    subnetId: string;
    securityGroupId: string | undefined;
    password: string;
    azMode: "single" | "multi";
    masterAz: string | undefined;
    slaveCount: number;
}

const FLAVOR_PATTERN = /^gaussdb\.mysql\.[a-z0-9]+(\.[a-z0-9]+)+$/;
const VERSION_PATTERN = /^\d+\.\d+$/;
/** "A maximum of nine read replicas can be created at a time." */
export const MAX_SLAVES_PER_REQUEST = 9;
/** Failover priorities range from 1 (first) to 16 (last). */
const MAX_PRIORITY = 16;
const PASSWORD_CLASSES = [/[A-Z]/, /[a-z]/, /[0-9]/, /[~!@#$%^*\-_=+?,()&]/];

const TAURUSDB_FLAVORS = TAURUSDB_CATALOGUE.map((flavor) => flavor.specCode);

export function validateTaurusDbCreate(body: Record<string, unknown>): TaurusDbCreateRequest {
    const name = validateInstanceName(body["name"]);
    const region = requiredString(body, "region");
    const datastore = body["datastore"];
    if (typeof datastore !== "object" || datastore === null || Array.isArray(datastore)) invalid("datastore is required and must be an object.");
    const store = datastore as Record<string, unknown>;
    if (store["type"] !== "gaussdb-mysql") invalid(`datastore.type must be "gaussdb-mysql".`);
    const version = requiredString(store, "version", "datastore.version");
    if (!VERSION_PATTERN.test(version)) invalid(`datastore.version ${version} is not a supported DB version.`);
    if (body["mode"] !== "Cluster") invalid(`mode must be "Cluster".`);
    const flavorRef = requiredString(body, "flavor_ref");
    if (!FLAVOR_PATTERN.test(flavorRef)) invalid(`flavor_ref ${flavorRef} is not a valid specification code.`);
    const password = validateTaurusDbPassword(body["password"]);
    const azMode = body["availability_zone_mode"];
    if (azMode !== "single" && azMode !== "multi") invalid(`availability_zone_mode must be "single" or "multi".`);
    const masterAz = body["master_availability_zone"];
    if (azMode === "multi" && (typeof masterAz !== "string" || masterAz === "")) {
        invalid("master_availability_zone is mandatory when availability_zone_mode is multi.");
    }
    if (azMode === "single" && masterAz !== undefined) invalid("master_availability_zone cannot be specified when availability_zone_mode is single.");
    requireFlavor(TAURUSDB_FLAVORS, flavorRef, "flavor_ref");
    if (typeof masterAz === "string") requireAvailabilityZones(region, [masterAz], "master_availability_zone");
    else requireRegion(region);
    const slaveCount = body["slave_count"];
    if (typeof slaveCount !== "number" || !Number.isInteger(slaveCount) || slaveCount < 1 || slaveCount > MAX_SLAVES_PER_REQUEST) {
        invalid(`slave_count must be an integer from 1 to ${MAX_SLAVES_PER_REQUEST}.`);
    }
    const securityGroupId = body["security_group_id"];
    if (securityGroupId !== undefined && (typeof securityGroupId !== "string" || securityGroupId === "")) {
        invalid("security_group_id must be a non-empty string.");
    }
    return {
        name,
        region,
        version,
        flavorRef,
        vpcId: requiredString(body, "vpc_id"),
        subnetId: requiredString(body, "subnet_id"),
        securityGroupId: securityGroupId as string | undefined,
        password,
        azMode,
        masterAz: masterAz as string | undefined,
        slaveCount,
    };
}

/** `priorities` of a read-replica request: one failover priority (1..16) per new replica. */
export function validatePriorities(body: Record<string, unknown>): number[] {
    const priorities = body["priorities"];
    if (!Array.isArray(priorities) || priorities.length === 0) invalid("priorities is required and must be a non-empty array.");
    // UNVERIFIED: the reference gives no limit per request; the create's nine is assumed.
    if (priorities.length > MAX_SLAVES_PER_REQUEST) invalid(`priorities may name at most ${MAX_SLAVES_PER_REQUEST} read replicas.`);
    for (const priority of priorities) {
        if (typeof priority !== "number" || !Number.isInteger(priority) || priority < 1 || priority > MAX_PRIORITY) {
            invalid(`priorities must be integers from 1 to ${MAX_PRIORITY}.`);
        }
    }
    return priorities as number[];
}

export function validateSpecCode(body: Record<string, unknown>): string {
    const resize = body["resize_flavor"];
    if (typeof resize !== "object" || resize === null || Array.isArray(resize)) invalid("resize_flavor is required and must be an object.");
    const specCode = requiredString(resize as Record<string, unknown>, "spec_code", "resize_flavor.spec_code");
    if (!FLAVOR_PATTERN.test(specCode)) invalid(`resize_flavor.spec_code ${specCode} is not a valid specification code.`);
    requireFlavor(TAURUSDB_FLAVORS, specCode, "resize_flavor.spec_code");
    return specCode;
}

// The message never contains the value: it is a password.
export function validateTaurusDbPassword(value: unknown): string {
    if (typeof value !== "string" || value.length < 8 || value.length > 32 || PASSWORD_CLASSES.filter((re) => re.test(value)).length < 3) {
        invalid("password must be 8 to 32 characters with at least three of: upper case, lower case, digits, special characters.");
    }
    return value;
}

function invalid(detail: string): never {
    throw invalidParameter(detail);
}
