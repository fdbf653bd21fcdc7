import { SIMULATOR_USER, startSimulator, type RunningSimulator } from "../index";
import { simulatorProjectId } from "./service";
import { TestClock } from "../core/test-client";

// The simulator's IAM on a test clock: token lifetime, expiry answered as OTC does, scope errors.

describe("simulator: IAM tokens", () => {
    let sim: RunningSimulator;
    const clock = new TestClock();

    beforeAll(async () => {
        sim = await startSimulator({ now: clock.now, tokenLifetimeMs: 60_000 });
    });
    afterAll(() => sim.close());

    async function issue(project: Record<string, string>, password = SIMULATOR_USER.password) {
        const response = await fetch(`${sim.url}/v3/auth/tokens`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({
                auth: {
                    identity: { methods: ["password"], password: { user: { name: SIMULATOR_USER.name, password, domain: { name: SIMULATOR_USER.domainName } } } },
                    scope: { project },
                },
            }),
        });
        return { status: response.status, token: response.headers.get("x-subject-token"), body: (await response.json()) as Record<string, unknown> };
    }

    it("expires a token after its lifetime with OTC's 'The token must be updated'", async () => {
        const { token, body } = await issue({ name: "eu-de_expiry" });
        const expiresAt = (body["token"] as { expires_at: string }).expires_at;
        expect(Date.parse(expiresAt)).toBe(clock.ms + 60_000);
        const url = `${sim.url}/v3/${simulatorProjectId("eu-de_expiry")}/instances`;
        expect((await fetch(url, { headers: { "x-auth-token": token ?? "" } })).status).toBe(200);
        clock.advance(60_000);
        const expired = await fetch(url, { headers: { "x-auth-token": token ?? "" } });
        expect(expired.status).toBe(401);
        expect(((await expired.json()) as { error_msg: string }).error_msg).toContain("The token must be updated");
    });

    it("refuses a scope it cannot resolve, and a malformed body, in Keystone's error shape", async () => {
        const unknown = await issue({ name: "Not A Project" });
        expect(unknown.status).toBe(401);
        expect(unknown.body).toMatchObject({ error: { code: 401, title: "Unauthorized" } });
        expect(unknown.token).toBeNull();
        const malformed = await fetch(`${sim.url}/v3/auth/tokens`, { method: "POST", body: "{" });
        expect(malformed.status).toBe(400);
        expect(await malformed.json()).toMatchObject({ error: { code: 400, title: "Bad Request" } });
    });

    it("lists projects only for authenticated callers", async () => {
        const anonymous = await fetch(`${sim.url}/v3/projects?name=eu-de`);
        expect(anonymous.status).toBe(401);
        const { token } = await issue({ name: "eu-de" });
        const listed = await fetch(`${sim.url}/v3/projects?name=eu-nl_x`, { headers: { "x-auth-token": token ?? "" } });
        expect(listed.status).toBe(200);
        expect(((await listed.json()) as { projects: { id: string }[] }).projects.map((p) => p.id)).toEqual([simulatorProjectId("eu-nl_x")]);
        expect(sim.stats().requests["GET /v3/projects"]).toBe(2);
    });
});
