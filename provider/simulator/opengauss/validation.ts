import { invalidParameter } from "../core/api-error";
import { OPENGAUSS_CATALOGUE, requireAvailabilityZones, requireFlavor } from "../core/catalogue";
import type { HaMode } from "../core/model";
import { isRecord, requiredString, validateInstanceName } from "../core/request-parsing";

/** A create request that passed validation (the password is still in clear; the caller hashes it). */
export interface CreateInstanceRequest {
    name: string;
    datastore: { type: "GaussDB"; version: string | undefined };
    ha: { mode: HaMode; consistency: string | undefined; replication_mode: string | undefined };
    password: string;
    flavorRef: string;
    volume: { type: string; size: number };
    region: string;
    availabilityZone: string;
    vpcId: string;
    subnetId: string;
    securityGroupId: string;
    /** As OTC takes it: a string. */
    port: string | undefined;
}

// Documented limits (GaussDB openGauss API reference, "Creating a DB Instance"); the simulator enforces them on its
// own so that a provider check that drifts from them shows up as a rejected request.
const FLAVOR_PATTERN = /^gaussdb\.opengauss\.[a-z0-9]+(\.[a-z0-9]+)+$/;
const VERSION_PATTERN = /^\d+\.\d+$/;
export const VOLUME_STEP_GB = 40;
const MAX_VOLUME_SIZE_GB = 16_000;
const RESERVED_PORTS = new Set([2378, 2379, 2380, 4999, 5000, 5999, 6000, 6001, 8097, 8098, 12016, 12017, 20049, 20050, 21731, 21732, 32122, 32123, 32124]);
const HA_MODES: readonly HaMode[] = ["enterprise", "centralization_standard"];
export const MIN_VOLUME_SIZE_GB = 40;
export const MIN_PASSWORD_LENGTH = 8;

const OPENGAUSS_FLAVORS = OPENGAUSS_CATALOGUE.map((flavor) => flavor.specCode);

export function validateCreateInstance(body: Record<string, unknown>): CreateInstanceRequest {
    // A restore is validated by its own route (simulator-gaussdb-restore.ts) and reaches this with restore_point
    // removed; silently creating an empty instance from a restore request would let a wrong provider pass its tests.
    if (body["restore_point"] !== undefined) invalid("restore_point is not supported by the OTC simulator.");

    const name = validateInstanceName(body["name"]);
    const datastore = object(body, "datastore");
    if (datastore["type"] !== "GaussDB") invalid(`datastore.type must be "GaussDB".`);
    const version = optionalString(datastore, "version", "datastore.version");
    if (version !== undefined && !VERSION_PATTERN.test(version)) invalid(`datastore.version ${version} is not a supported engine version.`);

    const ha = object(body, "ha");
    const mode = ha["mode"];
    if (typeof mode !== "string" || !(HA_MODES as readonly string[]).includes(mode)) {
        invalid(`ha.mode must be one of ${HA_MODES.join(", ")}.`);
    }

    const password = validatePassword(body["password"]);
    const volume = object(body, "volume");
    const size = volume["size"];
    validateVolumeSize(size);
    if (volume["type"] !== "ULTRAHIGH") invalid(`volume.type must be ULTRAHIGH.`);
    const flavorRef = requiredString(body, "flavor_ref");
    if (!FLAVOR_PATTERN.test(flavorRef)) invalid(`flavor_ref ${flavorRef} is not a valid specification code.`);
    const availabilityZone = requiredString(body, "availability_zone");
    const zones = availabilityZone.split(",");
    if (zones.length !== 3 || (new Set(zones).size !== 1 && new Set(zones).size !== 3)) {
        invalid(`availability_zone must be three same AZ IDs or three different AZ IDs.`);
    }
    const region = requiredString(body, "region");
    requireFlavor(OPENGAUSS_FLAVORS, flavorRef, "flavor_ref");
    requireAvailabilityZones(region, zones, "availability_zone");
    const port = body["port"];
    if (port !== undefined) {
        const number = typeof port === "string" && /^\d+$/.test(port) ? Number(port) : Number.NaN;
        if (!(number >= 1024 && number <= 39998) || RESERVED_PORTS.has(number)) invalid(`port ${String(port)} is not allowed.`);
    }

    return {
        name,
        datastore: { type: "GaussDB", version },
        ha: {
            mode: mode as HaMode,
            consistency: optionalString(ha, "consistency", "ha.consistency"),
            replication_mode: optionalString(ha, "replication_mode", "ha.replication_mode"),
        },
        password,
        flavorRef,
        volume: { type: "ULTRAHIGH", size: size as number },
        region,
        availabilityZone,
        vpcId: requiredString(body, "vpc_id"),
        subnetId: requiredString(body, "subnet_id"),
        securityGroupId: requiredString(body, "security_group_id"),
        port: port === undefined ? undefined : String(port),
    };
}

/** 40 GB steps (per shard) from 40 GB to 16 TB. */
export function validateVolumeSize(size: unknown): asserts size is number {
    if (typeof size !== "number" || !Number.isInteger(size) || size < MIN_VOLUME_SIZE_GB || size > MAX_VOLUME_SIZE_GB || size % VOLUME_STEP_GB !== 0) {
        invalid(`volume.size must be a multiple of ${VOLUME_STEP_GB} from ${MIN_VOLUME_SIZE_GB} to ${MAX_VOLUME_SIZE_GB} (GB).`);
    }
}

// The message never contains the value: it is a password.
export function validatePassword(value: unknown): string {
    if (typeof value !== "string" || value.length < MIN_PASSWORD_LENGTH) {
        invalid(`password must be a string of at least ${MIN_PASSWORD_LENGTH} characters.`);
    }
    return value;
}

function object(body: Record<string, unknown>, key: string): Record<string, unknown> {
    const value = body[key];
    if (!isRecord(value)) invalid(`${key} is required and must be an object.`);
    return value as Record<string, unknown>;
}

function optionalString(body: Record<string, unknown>, key: string, field: string): string | undefined {
    const value = body[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "string") invalid(`${field} must be a string.`);
    return value;
}

function invalid(detail: string): never {
    throw invalidParameter(detail);
}
