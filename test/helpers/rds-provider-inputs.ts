// RdsInstance provider inputs as the resource class sends them to check, shared by the RDS provider tests.

export const PASSWORD = "Shop#Db2024pw";
export const OWNERSHIP = { token: "7a1c9e0f3b2d4c5e8a6f0b9d3e2c1a47", createdAt: new Date(Date.now() - 3_600_000).toISOString() };
export const NETWORK = {
    vpcId: "3ec3b33f-ac1c-4630-ad1c-7dba1ed79d85",
    subnetId: "b1d5d5b4-a9f0-4b0d-8f0d-6a0e4f3c1a55",
    securityGroupId: "e2a3a4d8-0f4c-4b6f-9a0e-3d7f2c1b9e11",
};
export const engineFields = { ownership: OWNERSHIP, timeouts: {}, keepFailedInstance: false, __provider: "shim" };

export function instanceInputs(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        name: "shop-db",
        engine: "MySQL",
        engineVersion: "8.0",
        flavorRef: "rds.mysql.n1.large.2",
        volume: { type: "CLOUDSSD", size: 40 },
        password: PASSWORD,
        availabilityZones: ["eu-de-01"],
        ...NETWORK,
        ownerUrn: "urn:pulumi:stack::project::pulumi-nodejs:dynamic/otc-jobs:RdsInstance::shop-db",
        ...engineFields,
        ...overrides,
    };
}
