import { SimulatorApiError } from "./api-error";

// What OTC offers per region: its AZs and the flavors (spec codes) of each database service. OTC refuses a create
// or resize naming anything else; the simulator does the same, so a local `pulumi up` fails where the real one would.
//
// AZs: eu-de and eu-nl have three (`<region>-01..03`); the Swiss region has two, named `eu-ch2a`/`eu-ch2b` (not the
// console's labels). Spec codes: the names OTC's API references give (RDS "DB Instance Classes", openGauss "DB
// Instance Specifications", TaurusDB "Querying Database Specifications"), and every one this repository's tests,
// examples and recorded stacks use. Which flavor is sold in which region is not documented: every flavor is
// offered in every AZ of every region (az_status "normal").
//
// Error codes from the RDS error-code table (DBS.200024 invalid region, DBS.200025 invalid AZ, DBS.200053 the
// selected specifications do not exist, DBS.200054 invalid specifications, all 400). UNVERIFIED: the openGauss and
// TaurusDB references do not say what their create answers for these; the same DBS codes are assumed.

export const SIMULATED_REGIONS: Readonly<Record<string, readonly string[]>> = {
    "eu-de": ["eu-de-01", "eu-de-02", "eu-de-03"],
    "eu-nl": ["eu-nl-01", "eu-nl-02", "eu-nl-03"],
    "eu-ch2": ["eu-ch2a", "eu-ch2b"],
};

export interface CatalogueFlavor {
    specCode: string;
    vcpus: number;
    ramGb: number;
}

/** RDS spec codes per engine, single-instance form; `.ha` (primary/standby) and `.rr` (read replica) forms exist too. */
export type RdsInstanceMode = "single" | "ha" | "replica";

interface RdsFamily {
    versions: readonly string[];
    flavors: readonly CatalogueFlavor[];
}

export const RDS_CATALOGUE: Readonly<Record<"MySQL" | "PostgreSQL" | "SQLServer", RdsFamily>> = {
    MySQL: {
        versions: ["5.7", "8.0"],
        flavors: [
            { specCode: "rds.mysql.c2.large", vcpus: 2, ramGb: 4 },
            { specCode: "rds.mysql.n1.large.2", vcpus: 2, ramGb: 4 },
            { specCode: "rds.mysql.n1.xlarge.2", vcpus: 4, ramGb: 8 },
            { specCode: "rds.mysql.n1.2xlarge.2", vcpus: 8, ramGb: 16 },
            { specCode: "rds.mysql.n1.large.4", vcpus: 2, ramGb: 8 },
            { specCode: "rds.mysql.n1.xlarge.4", vcpus: 4, ramGb: 16 },
            { specCode: "rds.mysql.n1.2xlarge.4", vcpus: 8, ramGb: 32 },
        ],
    },
    PostgreSQL: {
        versions: ["12", "13", "14", "15", "16"],
        flavors: [
            { specCode: "rds.pg.n1.large.2", vcpus: 2, ramGb: 4 },
            { specCode: "rds.pg.n1.xlarge.2", vcpus: 4, ramGb: 8 },
            { specCode: "rds.pg.n1.2xlarge.2", vcpus: 8, ramGb: 16 },
            { specCode: "rds.pg.n1.large.4", vcpus: 2, ramGb: 8 },
            { specCode: "rds.pg.n1.xlarge.4", vcpus: 4, ramGb: 16 },
        ],
    },
    SQLServer: {
        versions: ["2017_SE", "2017_EE", "2019_SE", "2019_EE", "2022_SE", "2022_EE"],
        flavors: [
            { specCode: "rds.mssql.se.s3.large.4", vcpus: 2, ramGb: 8 },
            { specCode: "rds.mssql.se.s3.xlarge.4", vcpus: 4, ramGb: 16 },
            { specCode: "rds.mssql.se.s3.2xlarge.4", vcpus: 8, ramGb: 32 },
        ],
    },
};

const RDS_SUFFIX: Readonly<Record<RdsInstanceMode, string>> = { single: "", ha: ".ha", replica: ".rr" };

/** Every RDS spec code of an engine, in every instance mode. */
export function rdsSpecCodes(engine: keyof typeof RDS_CATALOGUE): { specCode: string; mode: RdsInstanceMode; flavor: CatalogueFlavor }[] {
    return RDS_CATALOGUE[engine].flavors.flatMap((flavor) =>
        (Object.keys(RDS_SUFFIX) as RdsInstanceMode[]).map((mode) => ({ specCode: `${flavor.specCode}${RDS_SUFFIX[mode]}`, mode, flavor })),
    );
}

/** openGauss: the distributed (`enterprise`) and primary/standby (`centralization_standard`) specs. */
export const OPENGAUSS_VERSIONS: readonly string[] = ["2.3", "3.208"];
export const OPENGAUSS_CATALOGUE: readonly CatalogueFlavor[] = [
    { specCode: "gaussdb.opengauss.ee.dn.m4.2xlarge.8.in", vcpus: 8, ramGb: 64 },
    { specCode: "gaussdb.opengauss.ee.dn.m6.2xlarge.8.in", vcpus: 8, ramGb: 64 },
    { specCode: "gaussdb.opengauss.ee.dn.m6.4xlarge.8.in", vcpus: 16, ramGb: 128 },
    { specCode: "gaussdb.opengauss.ee.dn.m6.8xlarge.8.in", vcpus: 32, ramGb: 256 },
];

/** TaurusDB (gaussdb-mysql): MySQL 8.0 only, per its reference. */
export const TAURUSDB_VERSIONS: readonly string[] = ["8.0"];
export const TAURUSDB_CATALOGUE: readonly CatalogueFlavor[] = [
    { specCode: "gaussdb.mysql.xlarge.x86.4", vcpus: 4, ramGb: 16 },
    { specCode: "gaussdb.mysql.xlarge.x86.8", vcpus: 4, ramGb: 32 },
    { specCode: "gaussdb.mysql.2xlarge.x86.4", vcpus: 8, ramGb: 32 },
    { specCode: "gaussdb.mysql.2xlarge.x86.8", vcpus: 8, ramGb: 64 },
    { specCode: "gaussdb.mysql.4xlarge.x86.4", vcpus: 16, ramGb: 64 },
    { specCode: "gaussdb.mysql.4xlarge.x86.8", vcpus: 16, ramGb: 128 },
];

/** `az_status` of a flavor: every AZ of the region (every AZ of every region when it is not known). */
export function azStatus(region: string | undefined): Record<string, string> {
    const zones = region !== undefined && SIMULATED_REGIONS[region] ? SIMULATED_REGIONS[region] : Object.values(SIMULATED_REGIONS).flat();
    return Object.fromEntries(zones.map((az) => [az, "normal"]));
}

/** 400 DBS.200024 for a region OTC does not have. */
export function requireRegion(region: string): readonly string[] {
    const zones = SIMULATED_REGIONS[region];
    if (!zones) throw new SimulatorApiError(400, "DBS.200024", `Invalid region: ${region} is not one of ${Object.keys(SIMULATED_REGIONS).join(", ")}.`);
    return zones;
}

/** 400 DBS.200025 for an AZ that is not of the request's region. */
export function requireAvailabilityZones(region: string, zones: readonly string[], field: string): void {
    const known = requireRegion(region);
    for (const az of zones) {
        if (!known.includes(az)) throw new SimulatorApiError(400, "DBS.200025", `Invalid AZ: ${field} ${az} is not an AZ of region ${region}.`);
    }
}

/** 400 DBS.200053 for a spec code the service does not sell. */
export function requireFlavor(offered: readonly string[], specCode: string, field: string): void {
    if (!offered.includes(specCode)) {
        throw new SimulatorApiError(400, "DBS.200053", `The selected specifications do not exist: ${field} ${specCode}.`);
    }
}

export function rdsEngineOf(name: string): keyof typeof RDS_CATALOGUE | undefined {
    return (Object.keys(RDS_CATALOGUE) as (keyof typeof RDS_CATALOGUE)[]).find((engine) => engine.toLowerCase() === name.toLowerCase());
}

/** Validation of an RDS spec code for an engine and an instance mode (DBS.200053 unknown, DBS.200054 wrong mode). */
export function requireRdsFlavor(engine: keyof typeof RDS_CATALOGUE, specCode: string, mode: RdsInstanceMode, field: string): void {
    const found = rdsSpecCodes(engine).find((entry) => entry.specCode === specCode);
    if (!found) throw new SimulatorApiError(400, "DBS.200053", `The selected specifications do not exist: ${field} ${specCode} is not a ${engine} specification.`);
    if (found.mode !== mode) {
        throw new SimulatorApiError(400, "DBS.200054", `Invalid specifications: ${field} ${specCode} is a ${found.mode} specification, the instance is ${mode}.`);
    }
}
