import { startSimulator, type RunningSimulator } from "../index";
import { ProjectRateLimiter } from "./rate-limit";
import { SimulatorTestClient, TestClock, type ErrorBody } from "./test-client";

describe("ProjectRateLimiter", () => {
    it("allows a burst of one second's worth, then refills continuously", () => {
        const clock = new TestClock();
        const limiter = new ProjectRateLimiter(4, clock.now);
        for (let i = 0; i < 4; i++) expect(limiter.take("p").allowed).toBe(true);
        expect(limiter.take("p")).toEqual({ allowed: false, retryAfterSeconds: 1 });
        clock.advance(250); // one token back
        expect(limiter.take("p").allowed).toBe(true);
        expect(limiter.take("p").allowed).toBe(false);
        expect(limiter.take("q").allowed).toBe(true);
    });

    it("allows one request at a rate below one per second, and asks for whole seconds", () => {
        const clock = new TestClock();
        const limiter = new ProjectRateLimiter(0.25, clock.now);
        expect(limiter.take("p").allowed).toBe(true);
        expect(limiter.take("p")).toEqual({ allowed: false, retryAfterSeconds: 4 });
        clock.advance(3900);
        expect(limiter.take("p")).toEqual({ allowed: false, retryAfterSeconds: 1 });
        clock.advance(100);
        expect(limiter.take("p").allowed).toBe(true);
    });
});

describe("simulator: rate limiting", () => {
    let sim: RunningSimulator;
    let client: SimulatorTestClient;
    const clock = new TestClock();

    beforeAll(async () => {
        sim = await startSimulator({ now: clock.now, rateLimitPerSecond: 3 });
        client = new SimulatorTestClient(sim.url);
    });
    afterEach(() => sim.reset());
    afterAll(() => sim.close());

    it("answers 429 APIGW.0308 with Retry-After over the limit, per project, and counts it", async () => {
        const statuses: number[] = [];
        for (let i = 0; i < 3; i++) statuses.push((await client.listTasks()).status);
        expect(statuses).toEqual([200, 200, 200]);

        const throttled = await client.call<ErrorBody>("GET", "/tasks");
        expect(throttled.status).toBe(429);
        expect(throttled.headers.get("retry-after")).toBe("1");
        expect(throttled.json).toEqual({
            error_code: "APIGW.0308",
            error_msg: "The throttling threshold has been reached: policy user over ratelimit,limit:3,time:1 second",
            request_id: expect.any(String),
        });

        expect((await client.with({ projectId: "otherproject" }).listTasks()).status).toBe(200);
        const control = await new SimulatorTestClient(sim.url, { none: true }).request("GET", "/_sim/stats");
        expect(control.status).toBe(200);
        expect(sim.stats()).toMatchObject({ throttled: 1, requests: { "GET /v3/{pid}/tasks": 5 } });

        clock.advance(1000);
        expect((await client.listTasks()).status).toBe(200);
    });

    it("does not process a throttled create", async () => {
        for (let i = 0; i < 3; i++) await client.listTasks();
        expect((await client.createInstance()).status).toBe(429);
        expect(sim.stats().instances).toBe(0);
    });
});
