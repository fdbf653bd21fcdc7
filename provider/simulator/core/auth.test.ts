import { AKSKSigner } from "@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner";
import { BasicCredentials } from "@huaweicloud/huaweicloud-sdk-core/auth/BasicCredentials";
import { formatSdkDate, signRequest } from "../../client/sign-request";
import { SIMULATOR_CREDENTIALS, SIMULATOR_PROJECT_ID, SIMULATOR_TOKEN, startSimulator, type RunningSimulator } from "../index";
import { SimulatorTestClient, TestClock, validCreateBody, type ErrorBody } from "./test-client";

describe("simulator: authentication", () => {
    let sim: RunningSimulator;
    const clock = new TestClock();
    const custom = { accessKey: "CUSTOMACCESSKEY", secretKey: "custom-secret" };
    let signed: SimulatorTestClient;

    beforeAll(async () => {
        sim = await startSimulator({
            now: clock.now,
            credentials: [SIMULATOR_CREDENTIALS, custom],
            tokens: [SIMULATOR_TOKEN, "second-token"],
        });
        signed = new SimulatorTestClient(sim.url, { credentials: SIMULATOR_CREDENTIALS, now: clock.now });
    });
    afterEach(() => sim.reset());
    afterAll(() => sim.close());

    function expectUnauthorized(response: { status: number; json: unknown; text: string }, reason: RegExp) {
        expect(response.status).toBe(401);
        expect(response.json).toEqual({
            error_code: "APIGW.0301",
            error_msg: expect.stringMatching(/^Incorrect IAM authentication information: /),
            request_id: expect.stringMatching(/^[0-9a-f]{32}$/),
        });
        expect((response.json as ErrorBody).error_msg).toMatch(reason);
        for (const secret of [SIMULATOR_CREDENTIALS.secretKey, custom.secretKey, SIMULATOR_TOKEN]) {
            expect(response.text).not.toContain(secret);
        }
    }

    it("accepts a signed create (body signed) and a signed GET with a query string", async () => {
        const created = await signed.createInstance();
        expect(created.status).toBe(202);
        const listed = await signed.listInstances("?name=gauss-demo&limit=10&offset=0");
        expect(listed.status).toBe(200);
        expect(listed.json.total_count).toBe(1);
        const other = await signed.with({ auth: { credentials: custom, now: clock.now } }).listInstances();
        expect(other.status).toBe(200);
    });

    it("accepts a request signed by the official Huawei Cloud Node SDK", async () => {
        const body = validCreateBody({ name: "sdk-signed" });
        const signedBySdk = AKSKSigner.sign(
            {
                method: "POST",
                endpoint: `${sim.url}/v3/${SIMULATOR_PROJECT_ID}/instances`,
                queryParams: {},
                headers: { "Content-Type": "application/json", "X-Sdk-Date": formatSdkDate(new Date(clock.ms)) },
                data: body,
            },
            new BasicCredentials().withAk(SIMULATOR_CREDENTIALS.accessKey).withSk(SIMULATOR_CREDENTIALS.secretKey),
        ) as Record<string, string>;
        delete signedBySdk["host"]; // fetch sends the same Host itself
        const response = await fetch(`${sim.url}/v3/${SIMULATOR_PROJECT_ID}/instances`, {
            method: "POST",
            headers: signedBySdk,
            body: JSON.stringify(body),
        });
        expect(response.status).toBe(202);
        expect(sim.stats().instances).toBe(1);
    });

    it("accepts every configured token", async () => {
        for (const token of [SIMULATOR_TOKEN, "second-token"]) {
            const response = await new SimulatorTestClient(sim.url, { token }).listInstances();
            expect(response.status).toBe(200);
        }
    });

    it("rejects a bad signature with 401 APIGW.0301 and creates nothing", async () => {
        const wrongSecret = signed.with({ auth: { credentials: { ...SIMULATOR_CREDENTIALS, secretKey: "wrong" }, now: clock.now } });
        expectUnauthorized(await wrongSecret.createInstance(), /verify aksk signature fail$/);
        expect(sim.stats().instances).toBe(0);
        expect(sim.stats().createRequests).toBe(0);
    });

    it("rejects a body changed after signing", async () => {
        const url = `${sim.url}/v3/${SIMULATOR_PROJECT_ID}/instances`;
        const body = JSON.stringify(validCreateBody());
        const headers = signRequest(
            { method: "POST", url, headers: { "Content-Type": "application/json", "X-Sdk-Date": formatSdkDate(new Date(clock.ms)) }, body },
            SIMULATOR_CREDENTIALS,
        );
        const tampered = body.replace("gauss-demo", "gauss-evil");
        const response = await fetch(url, { method: "POST", headers, body: tampered });
        expectUnauthorized({ status: response.status, text: await response.clone().text(), json: await response.json() }, /signature fail/);
        expect(sim.stats().instances).toBe(0);
    });

    it("rejects an unknown access key without saying whether it exists", async () => {
        const stranger = signed.with({ auth: { credentials: { accessKey: "NOBODY", secretKey: "x" }, now: clock.now } });
        const response = await stranger.listInstances();
        expectUnauthorized(response, /verify aksk signature fail$/);
        expect(response.text).not.toContain("NOBODY");
    });

    it("rejects an X-Sdk-Date more than 15 minutes away, and a missing one", async () => {
        const stale = signed.with({ auth: { credentials: SIMULATOR_CREDENTIALS, now: () => clock.ms - 16 * 60_000 } });
        expectUnauthorized(await stale.listInstances(), /expired/);
        const nearlyStale = signed.with({ auth: { credentials: SIMULATOR_CREDENTIALS, now: () => clock.ms - 14 * 60_000 } });
        expect((await nearlyStale.listInstances()).status).toBe(200);

        const url = `${sim.url}/v3/${SIMULATOR_PROJECT_ID}/instances`;
        const headers = signRequest({ method: "GET", url }, SIMULATOR_CREDENTIALS);
        delete headers["X-Sdk-Date"];
        const response = await fetch(url, { headers });
        expectUnauthorized({ status: response.status, text: await response.clone().text(), json: await response.json() }, /x-sdk-date/);
    });

    it("rejects an unknown token, and a request without any authentication", async () => {
        expectUnauthorized(await new SimulatorTestClient(sim.url, { token: "nope" }).listInstances(), /token is invalid$/);
        expectUnauthorized(await new SimulatorTestClient(sim.url, { none: true }).listInstances(), /no token/);
        const garbage = await new SimulatorTestClient(sim.url, { none: true }).request("GET", `/v3/${SIMULATOR_PROJECT_ID}/tasks`, undefined, {
            Authorization: "Basic dXNlcjpwYXNz",
        });
        expectUnauthorized(garbage, /verify aksk signature fail$/);
    });

    it("counts rejected requests in the stats", async () => {
        await new SimulatorTestClient(sim.url, { none: true }).listInstances();
        expect(sim.stats().requests).toEqual({ "GET /v3/{pid}/instances": 1 });
    });
});
