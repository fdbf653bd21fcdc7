import { request as httpRequest } from "node:http";
import { startSimulator, type RunningSimulator } from "../index";
import { SIMULATOR_CREDENTIALS, SIMULATOR_USER } from "./defaults";
import { SimulatorTestClient, validCreateBody, validRdsCreateBody, validTaurusDbCreateBody, type ErrorBody } from "./test-client";

// Each service at a base URL with no path prefix, as OTC's clients address it; the shared port's prefixed URLs stay
// as aliases of the same state.


/** A GET with a chosen Host header (fetch does not let a caller set Host). */
function getWithHost(url: string, host: string, token: string): Promise<{ status: number; json: unknown }> {
    return new Promise((resolve, reject) => {
        const req = httpRequest(url, { headers: { Host: host, "X-Auth-Token": token } }, (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (c: Buffer) => chunks.push(c));
            res.on("end", () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString("utf8")) }));
        });
        req.on("error", reject);
        req.end();
    });
}

describe("per-service base URLs", () => {
    let sim: RunningSimulator;
    beforeAll(async () => {
        sim = await startSimulator({ timeScale: 600 });
    });
    afterAll(() => sim.close());
    beforeEach(() => sim.reset());

    it("gives IAM and every database service a port of its own, none of them the shared one", () => {
        const ports = Object.values(sim.endpoints).map((url) => Number(new URL(url).port));
        expect(Object.keys(sim.endpoints).sort()).toEqual(["gaussdb", "iam", "rds", "taurusdb"]);
        expect(new Set([...ports, sim.port]).size).toBe(5);
        for (const url of Object.values(sim.endpoints)) expect(new URL(url).pathname).toBe("/");
    });

    it("serves RDS at its base URL's root, where the shared port serves openGauss", async () => {
        const rds = new SimulatorTestClient(sim.endpoints.rds, { credentials: SIMULATOR_CREDENTIALS });
        const created = await rds.call<{ instance: { id: string }; job_id: string }>("POST", "/instances", validRdsCreateBody());
        expect(created.status).toBe(202);
        // The same instance through the old prefixed alias: one state, two addresses.
        const alias = new SimulatorTestClient(`${sim.url}/rds`);
        const listed = await alias.call<{ instances: { id: string; datastore: { type: string } }[] }>("GET", "/instances");
        expect(listed.json.instances.map((i) => [i.id, i.datastore.type])).toEqual([[created.json.instance.id, "MySQL"]]);
        // The RDS job is known to RDS's task center at the base URL, not to openGauss's.
        expect((await rds.call("GET", `/jobs?id=${created.json.job_id}`)).status).toBe(200);
        expect((await new SimulatorTestClient(sim.endpoints.gaussdb).getJob(created.json.job_id)).status).toBe(400);
        // An openGauss body at the RDS base URL is refused as RDS refuses it, not served by openGauss.
        const wrong = await rds.call<ErrorBody>("POST", "/instances", validCreateBody());
        expect(wrong.status).toBe(400);
        expect((await new SimulatorTestClient(sim.endpoints.gaussdb).listInstances()).json.instances).toEqual([]);
    });

    it("serves openGauss and TaurusDB at their base URLs, signed over the path the client sent", async () => {
        const gauss = new SimulatorTestClient(sim.endpoints.gaussdb, { credentials: SIMULATOR_CREDENTIALS });
        expect((await gauss.createInstance()).status).toBe(202);
        expect((await new SimulatorTestClient(sim.url).listInstances()).json.instances).toHaveLength(1);

        const taurus = new SimulatorTestClient(sim.endpoints.taurusdb, { credentials: SIMULATOR_CREDENTIALS });
        const created = await taurus.call<{ instance: { id: string } }>("POST", "/instances", validTaurusDbCreateBody());
        expect(created.status).toBe(201);
        const alias = new SimulatorTestClient(`${sim.url}/gaussdb-mysql`);
        expect((await alias.call<{ instances: { id: string }[] }>("GET", "/instances")).json.instances.map((i) => i.id)).toEqual([
            created.json.instance.id,
        ]);
        // A prefix the client did not send (and did not sign) is not served at a base URL.
        expect((await taurus.request("GET", `/gaussdb-mysql/v3/${taurus.projectId}/instances`)).status).toBe(404);
    });

    it("serves IAM at its base URL and nothing else there", async () => {
        const response = await fetch(`${sim.endpoints.iam}/v3/auth/tokens`, {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({
                auth: {
                    identity: {
                        methods: ["password"],
                        password: { user: { name: SIMULATOR_USER.name, password: SIMULATOR_USER.password, domain: { name: SIMULATOR_USER.domainName } } },
                    },
                    scope: { project: { name: "eu-de" } },
                },
            }),
        });
        expect(response.status).toBe(201);
        // The catalog sends a client that follows it to each service's own base URL.
        const { token: issued } = (await response.json()) as { token: { catalog: { type: string; endpoints: { url: string }[] }[] } };
        expect(Object.fromEntries(issued.catalog.map((entry) => [entry.type, entry.endpoints.map((e) => e.url)]))).toEqual({
            identity: [`${sim.endpoints.iam}/v3`],
            opengauss: [sim.endpoints.gaussdb],
            // RDS with the API version and project in the path, as the OTC Go SDK expects of rdsv3.
            rdsv3: [`${sim.endpoints.rds}/v3/0549b4a43100d4f32f51c01c2fe4acdb`],
            "gaussdb-mysql": [sim.endpoints.taurusdb],
        });
        const token = response.headers.get("x-subject-token") ?? "";
        expect(token).not.toBe("");
        expect((await new SimulatorTestClient(sim.endpoints.iam, { token }).listInstances()).status).toBe(404);
        // The token works at every service's base URL.
        expect((await new SimulatorTestClient(sim.endpoints.gaussdb, { token }).listInstances()).status).toBe(200);
    });

    it("routes by the Host header on the shared port: rds.*, gaussdb-mysql.* and taurusdb.* at the root", async () => {
        const rds = new SimulatorTestClient(sim.endpoints.rds);
        expect((await rds.call("POST", "/instances", validRdsCreateBody())).status).toBe(202);
        const path = `${sim.url}/v3/${rds.projectId}/instances`;
        const byHost = async (host: string) => ((await getWithHost(path, host, "simulator-token")).json as { instances: unknown[] }).instances.length;
        expect(await byHost(`rds.eu-de.otc.t-systems.com:${sim.port}`)).toBe(1);
        expect(await byHost("rds.localhost")).toBe(1);
        expect(await byHost(`gaussdb.eu-de.otc.t-systems.com`)).toBe(0);
        expect(await byHost(`127.0.0.1:${sim.port}`)).toBe(0); // no service named: openGauss at the root, as before
        // A host that only looks like a service's keeps the shared port's prefixed URLs working.
        const prefixed = await getWithHost(`${sim.url}/rds/v3/${rds.projectId}/instances`, "gaussdb.internal", "simulator-token");
        expect((prefixed.json as { instances: unknown[] }).instances).toHaveLength(1);
        expect((await getWithHost(`${sim.url}/v3/auth/projects`, "iam.eu-de.otc.t-systems.com", "x")).status).toBe(404);
    });

    it("applies fault rules written for the shared port's path to the same request at a base URL, and counts it alike", async () => {
        sim.addFault({ match: { method: "GET", path: "^/rds/v3/[^/]+/instances$" }, times: 1, action: { type: "http-error", status: 503 } });
        const rds = new SimulatorTestClient(sim.endpoints.rds);
        expect((await rds.call("GET", "/instances")).status).toBe(503);
        expect((await rds.call("GET", "/instances")).status).toBe(200);
        expect(sim.stats().requests["GET /rds/v3/{pid}/instances"]).toBe(2);
    });
});

describe("fixed ports", () => {
    it("puts the services on the ports asked for", async () => {
        const probe = await startSimulator();
        const free = Number(new URL(probe.endpoints.rds).port);
        await probe.close();
        const sim = await startSimulator({ servicePorts: { rds: free } });
        try {
            expect(sim.endpoints.rds).toBe(`http://127.0.0.1:${free}`);
        } finally {
            await sim.close();
        }
    });
});
