import { invalidParameter, SimulatorApiError } from "../core/api-error";
import { RDS_ENGINES, type RdsEngine } from "./model";
import { requiredString, validateInstanceName } from "../core/request-parsing";

// The documented limits of RDS v3 (API reference: "Creating a DB Instance", "Restoring Data to a New DB Instance",
// "Scaling Up Storage Space", "Resetting the Password for User root"), enforced by the simulator on its own so that a
// provider check that drifts from them shows up as a rejected request. Error codes from the RDS error-code table.

/** A create (or restore-to-new) request that passed validation; the password is still in clear. */
export interface RdsCreateRequest {
    name: string;
    /** Absent for a restore: the new instance takes the source's engine. */
    datastore: { type: RdsEngine; version: string } | undefined;
    ha: { mode: "Ha"; replication_mode: string } | undefined;
    password: string;
    flavorRef: string;
    volume: { type: string; size: number };
    region: string;
    availabilityZones: string[];
    vpcId: string;
    subnetId: string;
    securityGroupId: string;
    port: number | undefined;
    restorePoint: { instanceId: string; type: "backup"; backupId: string } | { instanceId: string; type: "timestamp"; restoreTimeMs: number } | undefined;
}

export const RDS_VOLUME_TYPES: readonly string[] = ["COMMON", "HIGH", "ULTRAHIGH", "CLOUDSSD", "ESSD"];
export const RDS_VOLUME_STEP_GB = 10;
export const RDS_MIN_VOLUME_GB = 40;
export const RDS_MAX_VOLUME_GB = 4000;
const FLAVOR_PATTERN = /^rds\.[a-z0-9]+(\.[a-z0-9]+)+$/;
const VERSION_PATTERNS: Readonly<Record<RdsEngine, RegExp>> = {
    MySQL: /^\d+\.\d+$/,
    PostgreSQL: /^\d+(\.\d+)?$/,
    SQLServer: /^\d{4}_(SE|EE|WEB)$/,
};
const REPLICATION_MODES: Readonly<Record<RdsEngine, readonly string[]>> = {
    MySQL: ["async", "semisync"],
    PostgreSQL: ["async", "sync"],
    SQLServer: ["sync"],
};
/** Special characters each engine accepts in the root password. */
export const RDS_PASSWORD_SPECIALS: Readonly<Record<RdsEngine, string>> = {
    MySQL: "~!@#$%^*-_=+?,()&",
    PostgreSQL: "~!@#$%^*-_=+?,",
    SQLServer: "~!@#$%^*-_+?,",
};
/** The password reset accepts one set for every engine. */
const RESET_PASSWORD_SPECIALS = "~!@#$%^*-_=+?,()&";

export function validateRdsCreate(body: Record<string, unknown>): RdsCreateRequest {
    const name = validateInstanceName(body["name"]);
    const restorePoint = validateRestorePoint(body["restore_point"]);
    let datastore: RdsCreateRequest["datastore"];
    if (restorePoint === undefined || body["datastore"] !== undefined) {
        const ds = object(body, "datastore");
        const type = ds["type"];
        if (typeof type !== "string" || !(RDS_ENGINES as readonly string[]).includes(type)) {
            throw new SimulatorApiError(400, "DBS.200040", `The DB engine or version is not supported: datastore.type must be one of ${RDS_ENGINES.join(", ")}.`);
        }
        const version = requiredString(ds, "version", "datastore.version");
        if (!VERSION_PATTERNS[type as RdsEngine].test(version)) {
            throw new SimulatorApiError(400, "DBS.200041", `Invalid database version: ${version} is not a ${type} version.`);
        }
        datastore = { type: type as RdsEngine, version };
    }
    const engine = datastore?.type;
    const ha = validateHa(body["ha"], engine);
    const password = validateRdsPassword(body["password"], engine ? RDS_PASSWORD_SPECIALS[engine] : RESET_PASSWORD_SPECIALS);
    const flavorRef = requiredString(body, "flavor_ref");
    if (!FLAVOR_PATTERN.test(flavorRef)) throw new SimulatorApiError(400, "DBS.200053", `The selected specifications do not exist: ${flavorRef}.`);
    if (ha && !flavorRef.endsWith(".ha")) invalid(`flavor_ref ${flavorRef} is not a primary/standby specification (ending in .ha).`);
    if (!ha && /\.(ha|rr)$/.test(flavorRef)) invalid(`flavor_ref ${flavorRef} is not a single-instance specification.`);
    const volume = object(body, "volume");
    if (typeof volume["type"] !== "string" || !RDS_VOLUME_TYPES.includes(volume["type"])) {
        throw new SimulatorApiError(400, "DBS.200026", `Invalid storage type: volume.type must be one of ${RDS_VOLUME_TYPES.join(", ")}.`);
    }
    const size = volume["size"];
    validateRdsVolumeSize(size, "volume.size");
    const availabilityZones = requiredString(body, "availability_zone").split(",");
    if (availabilityZones.length !== (ha ? 2 : 1) || availabilityZones.some((az) => az.trim() === "")) {
        invalid(`availability_zone must name ${ha ? "two AZs (primary, standby) separated by a comma" : "one AZ"}.`);
    }
    const port = validatePort(body["port"], engine);
    return {
        name,
        datastore,
        ha,
        password,
        flavorRef,
        volume: { type: volume["type"], size: size as number },
        // The restore-to-new request has no region field: the source's region applies.
        region: restorePoint ? ((body["region"] as string | undefined) ?? "") : requiredString(body, "region"),
        availabilityZones,
        vpcId: requiredString(body, "vpc_id"),
        subnetId: requiredString(body, "subnet_id"),
        // Optional in a restore-to-new request.
        securityGroupId: restorePoint && body["security_group_id"] === undefined ? "" : requiredString(body, "security_group_id"),
        port,
        restorePoint,
    };
}

/** 10 GB steps from 40 GB (create) or 10 GB (enlarge) to 4000 GB. */
export function validateRdsVolumeSize(size: unknown, field: string, min = RDS_MIN_VOLUME_GB): asserts size is number {
    if (typeof size !== "number" || !Number.isInteger(size) || size < min || size > RDS_MAX_VOLUME_GB || size % RDS_VOLUME_STEP_GB !== 0) {
        invalid(`${field} must be a multiple of ${RDS_VOLUME_STEP_GB} from ${min} to ${RDS_MAX_VOLUME_GB} (GB).`);
    }
}

// Messages never contain the value: it is a password.
export function validateRdsPassword(value: unknown, specials: string = RESET_PASSWORD_SPECIALS): string {
    if (typeof value !== "string" || value.length < 8 || value.length > 32) {
        throw new SimulatorApiError(400, "DBS.200052", "Invalid database root password: it must be 8 to 32 characters long.");
    }
    const special = new RegExp(`[${specials.replace(/[-\\\]^]/g, "\\$&")}]`);
    const classes = [/[A-Z]/, /[a-z]/, /[0-9]/, special].filter((re) => re.test(value)).length;
    const foreign = [...value].some((c) => !/[A-Za-z0-9]/.test(c) && !specials.includes(c));
    if (classes < 3 || foreign) {
        throw new SimulatorApiError(
            400,
            "DBS.200052",
            `Invalid database root password: it must contain three of upper case, lower case, digits and the special characters ${specials}, and nothing else.`,
        );
    }
    return value;
}

function validateHa(value: unknown, engine: RdsEngine | undefined): RdsCreateRequest["ha"] {
    if (value === undefined || value === null) return undefined;
    if (!isRecord(value)) invalid("ha must be an object.");
    const mode = value["mode"];
    if (typeof mode !== "string" || mode.toLowerCase() !== "ha") invalid(`ha.mode must be "Ha".`);
    const replication = value["replication_mode"];
    const allowed = engine ? REPLICATION_MODES[engine] : ["async", "semisync", "sync"];
    if (typeof replication !== "string" || !allowed.includes(replication)) {
        invalid(`ha.replication_mode must be one of ${allowed.join(", ")}${engine ? ` for ${engine}` : ""}.`);
    }
    return { mode: "Ha", replication_mode: replication };
}

function validatePort(value: unknown, engine: RdsEngine | undefined): number | undefined {
    if (value === undefined || value === null) return undefined;
    // Documented as a string, shown as a number in the request example: both are taken.
    const port = typeof value === "number" ? value : typeof value === "string" && /^\d+$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isInteger(port) || (engine !== undefined && !rdsPortAllowed(engine, port))) invalid(`port ${String(value)} is not allowed${engine ? ` for ${engine}` : ""}.`);
    return port;
}

/** The documented port ranges per engine. */
export function rdsPortAllowed(engine: RdsEngine, port: number): boolean {
    switch (engine) {
        case "MySQL":
            return port >= 1024 && port <= 65535 && port !== 12017 && port !== 33071;
        case "PostgreSQL":
            return port >= 2100 && port <= 9500;
        case "SQLServer":
            return port === 1433 || (port >= 2100 && port <= 9500 && port !== 5355 && port !== 5985);
    }
}

function validateRestorePoint(value: unknown): RdsCreateRequest["restorePoint"] {
    if (value === undefined || value === null) return undefined;
    if (!isRecord(value)) invalid("restore_point must be an object.");
    const instanceId = requiredString(value, "instance_id", "restore_point.instance_id");
    const type = value["type"] ?? (value["backup_id"] !== undefined ? "backup" : undefined);
    if (type === "backup") {
        return { instanceId, type, backupId: requiredString(value, "backup_id", "restore_point.backup_id") };
    }
    if (type === "timestamp") {
        const time = value["restore_time"];
        if (typeof time !== "number" || !Number.isInteger(time) || time <= 0) invalid("restore_point.restore_time must be a UNIX timestamp in milliseconds.");
        return { instanceId, type, restoreTimeMs: time };
    }
    return invalid(`restore_point.type must be "backup" or "timestamp".`);
}

function object(body: Record<string, unknown>, key: string): Record<string, unknown> {
    const value = body[key];
    if (!isRecord(value)) invalid(`${key} is required and must be an object.`);
    return value;
}

function invalid(detail: string): never {
    throw invalidParameter(detail);
}

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}
