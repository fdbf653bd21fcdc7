import { createHash } from "node:crypto";
import { invalidParameter, SimulatorApiError } from "./api-error";
import {
    azStatus,
    OPENGAUSS_CATALOGUE,
    OPENGAUSS_VERSIONS,
    rdsEngineOf,
    RDS_CATALOGUE,
    rdsSpecCodes,
    SIMULATED_REGIONS,
    TAURUSDB_CATALOGUE,
    TAURUSDB_VERSIONS,
} from "./catalogue";
import { integerQuery } from "./request-parsing";
import type { JsonAnswer, RouteRequest } from "./runtime";

// The list-flavors routes of the three services, each with the query parameters and field types its API reference
// documents (note the differences: RDS `ram` is an integer and `version_name` an array; openGauss and TaurusDB
// answer strings). A project is not tied to a region in the simulator, so `az_status` lists the AZs of every region.

/** A stable id per spec code (OTC's are UUIDs). */
function flavorId(specCode: string): string {
    const hex = createHash("sha256").update(specCode).digest("hex");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

const allZones = (): Record<string, string> => azStatus(undefined);

/** RDS `GET /v3/{pid}/flavors/{database_name}?version_name=&spec_code=`: 200 `{flavors}`. */
export function listRdsFlavors(request: RouteRequest): JsonAnswer {
    const engine = rdsEngineOf(request.instanceId ?? "");
    if (!engine) throw new SimulatorApiError(400, "DBS.200042", "The DB engine does not exist.");
    const version = request.query.get("version_name");
    const specCode = request.query.get("spec_code");
    const family = RDS_CATALOGUE[engine];
    if (version && !family.versions.includes(version)) return { status: 200, body: { flavors: [] } };
    const flavors = rdsSpecCodes(engine)
        .filter((entry) => !specCode || entry.specCode === specCode)
        .map((entry) => ({
            vcpus: String(entry.flavor.vcpus),
            ram: entry.flavor.ramGb,
            id: flavorId(entry.specCode),
            spec_code: entry.specCode,
            version_name: [...family.versions],
            instance_mode: entry.mode,
            az_status: allZones(),
        }));
    return { status: 200, body: { flavors } };
}

/** openGauss `GET /v3/{pid}/flavors?version=&spec_code=&ha_mode=&limit=&offset=`: 200 `{flavors, total}`. */
export function listOpenGaussFlavors(request: RouteRequest): JsonAnswer {
    const version = request.query.get("version");
    const specCode = request.query.get("spec_code");
    const haMode = request.query.get("ha_mode");
    if (haMode && haMode !== "enterprise" && haMode !== "centralization_standard") {
        throw invalidParameter("ha_mode must be enterprise or centralization_standard.");
    }
    const limit = integerQuery(request.query, "limit", 100, 1, 100);
    const offset = integerQuery(request.query, "offset", 0, 0, Number.MAX_SAFE_INTEGER);
    const versions = version ? OPENGAUSS_VERSIONS.filter((v) => v === version) : OPENGAUSS_VERSIONS;
    const all = versions.flatMap((v) =>
        OPENGAUSS_CATALOGUE.filter((flavor) => !specCode || flavor.specCode === specCode).map((flavor) => ({
            vcpus: String(flavor.vcpus),
            ram: String(flavor.ramGb),
            spec_code: flavor.specCode,
            availability_zone: Object.values(SIMULATED_REGIONS).flat(),
            az_status: allZones(),
            version: v,
            name: "GaussDB",
            group_type: "normal",
        })),
    );
    return { status: 200, body: { flavors: all.slice(offset, offset + limit), total: all.length } };
}

/** TaurusDB `GET /v3/{pid}/flavors/{database_name}?version_name=&availability_zone_mode=&spec_code=`: 200 `{flavors}`. */
export function listTaurusDbFlavors(request: RouteRequest): JsonAnswer {
    if ((request.instanceId ?? "").toLowerCase() !== "gaussdb-mysql") throw invalidParameter("database_name must be gaussdb-mysql.");
    const mode = request.query.get("availability_zone_mode")?.toLowerCase();
    if (mode !== "single" && mode !== "multi") throw invalidParameter("availability_zone_mode is mandatory and must be single or multi.");
    const version = request.query.get("version_name");
    const specCode = request.query.get("spec_code");
    if (version && !TAURUSDB_VERSIONS.includes(version)) return { status: 200, body: { flavors: [] } };
    const flavors = TAURUSDB_CATALOGUE.filter((flavor) => !specCode || flavor.specCode === specCode).map((flavor) => ({
        vcpus: String(flavor.vcpus),
        ram: String(flavor.ramGb),
        type: "x86",
        id: flavorId(flavor.specCode),
        spec_code: flavor.specCode,
        version_name: version ?? TAURUSDB_VERSIONS[0],
        instance_mode: "Cluster",
        az_status: allZones(),
    }));
    return { status: 200, body: { flavors } };
}
