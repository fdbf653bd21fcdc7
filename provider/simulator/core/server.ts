import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { apiNotFound, methodNotAllowed, SimulatorApiError, throttled } from "./api-error";
import { authenticate, type AuthConfig } from "./auth";
import { DEFAULT_TOKEN_LIFETIME_MS, isIamPath, KeystoneError, SimulatorIam } from "../iam/service";
import { handleControlRequest, isControlPath, type SimulatorControl } from "./control-routes";
import { SIMULATOR_CREDENTIALS, SIMULATOR_TOKEN, SIMULATOR_USER } from "./defaults";
import { SimulatorFaults, type HttpFaultAction } from "./faults";
import { ENDPOINT_NAMES, type RunningSimulator, type SimulatorEndpointName, type SimulatorOptions } from "./options";
import { ProjectRateLimiter } from "./rate-limit";
import { SimulatorRouter, type RouteResolution } from "./router";
import { JOB_OUTCOMES, OTC_ROUTES, rootRoutes, serviceOfHost, SIMULATOR_SERVICES } from "./service-registry";
import type { SimulatorService } from "./service";
import type { JsonAnswer, SimulatorRuntime } from "./runtime";
import { SimulatorStateFile } from "./state-file";
import { SimulatorRequestCounters, type SimulatorStats } from "./stats";
import { SimulatorStore } from "./store";

/** Larger bodies are refused; no OTC request the simulator serves comes close. */
const MAX_BODY_BYTES = 1024 * 1024;

interface Answer extends JsonAnswer {
    headers?: Readonly<Record<string, string>>;
}

/**
 * What a listening port serves: "shared" is the simulator's main port (every service under its path prefix,
 * GaussDB also at the root, IAM, and a service named by the `Host` header at the root); the others are one
 * service's own base URL. The control API answers on every port.
 */
type Site = "shared" | SimulatorEndpointName;

/**
 * Starts a local OTC simulator of IAM, GaussDB (openGauss), RDS, TaurusDB and their task centers, on real HTTP.
 * Resolves once it is listening.
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
    const host = options.host ?? "127.0.0.1";
    const timeScale = options.timeScale ?? 1;
    if (!(Number.isFinite(timeScale) && timeScale > 0)) {
        throw new RangeError(`timeScale must be a positive number, got ${timeScale}`);
    }
    const requestedPort = options.port ?? 0;
    if (!(Number.isInteger(requestedPort) && requestedPort >= 0 && requestedPort <= 65535)) {
        throw new RangeError(`port must be an integer from 0 to 65535, got ${requestedPort}`);
    }
    const now = options.now ?? Date.now;
    const log = options.log;
    const iam = new SimulatorIam(options.users ?? [SIMULATOR_USER], options.tokenLifetimeMs ?? DEFAULT_TOKEN_LIFETIME_MS);
    const auth: AuthConfig = {
        credentials: options.credentials ?? [SIMULATOR_CREDENTIALS],
        tokens: options.tokens ?? [SIMULATOR_TOKEN],
        issued: iam,
    };

    const store = new SimulatorStore(options.dataDir === undefined ? undefined : new SimulatorStateFile(options.dataDir), JOB_OUTCOMES);
    const faults = new SimulatorFaults();
    const counters = new SimulatorRequestCounters();
    const limiter =
        options.rateLimitPerSecond === undefined ? undefined : new ProjectRateLimiter(options.rateLimitPerSecond, now);
    const runtime: SimulatorRuntime = { store, faults, counters, timeScale };
    const router = new SimulatorRouter(OTC_ROUTES);
    const serviceRouters = new Map(SIMULATOR_SERVICES.map((service) => [service, new SimulatorRouter(rootRoutes(service))]));
    const heldAnswers = new Set<() => void>();

    const stats = (): SimulatorStats => {
        store.settle(now());
        return {
            requests: counters.requests(),
            createRequests: counters.createRequests,
            ...store.counts(),
            throttled: counters.throttled,
            faultsFired: faults.fired,
        };
    };
    const reset = (): void => {
        store.clear();
        faults.clear();
        faults.resetFiredCount();
        counters.reset();
        limiter?.reset();
    };
    const control: SimulatorControl = {
        addFaults: (rules) => rules.forEach((rule) => faults.add(rule)),
        listFaults: () => faults.list(),
        clearFaults: () => faults.clear(),
        stats,
        reset,
    };

    // Everything up to the handler is synchronous once the body is read, so requests never interleave
    // inside the store.
    // `path` is where the request would be on the shared port (`/rds/v3/...`), so fault rules, job faults and stats
    // see the same path whichever base URL the client used; the signature is checked over `url`, as sent.
    const answerOtcRequest = (resolution: RouteResolution, req: IncomingMessage, url: URL, path: string, body: Buffer): Answer => {
        if (resolution.kind === "not-found") throw apiNotFound();
        if (resolution.kind === "method-not-allowed") throw methodNotAllowed(resolution.allowed);
        const nowMs = now();
        authenticate({ method: req.method ?? "GET", url, headers: req.headers, body }, auth, nowMs, resolution.projectId);
        if (limiter) {
            const decision = limiter.take(resolution.projectId);
            if (!decision.allowed) {
                counters.throttled++;
                throw throttled(limiter.limitPerSecond, decision.retryAfterSeconds);
            }
        }
        store.settle(nowMs);
        return resolution.route.handler(
            {
                method: req.method ?? "GET",
                path,
                query: url.searchParams,
                body,
                projectId: resolution.projectId,
                instanceId: resolution.instanceId,
                nowMs,
            },
            runtime,
        );
    };

    // IAM: the token is issued without authentication (the body is the credential); the project list needs it.
    const answerIamRequest = (method: string, req: IncomingMessage, url: URL, body: Buffer): Answer => {
        const nowMs = now();
        if (url.pathname === "/v3/auth/tokens") {
            if (method !== "POST") throw methodNotAllowed(["POST"]);
            return iam.issueToken(body, url.searchParams, req.headers, nowMs);
        }
        if (method !== "GET") throw methodNotAllowed(["GET"]);
        authenticate({ method, url, headers: req.headers, body }, auth, nowMs);
        return iam.listProjects(url.searchParams);
    };

    const handle = async (req: IncomingMessage, res: ServerResponse, site: Site): Promise<void> => {
        const startedAt = performance.now();
        const requestId = randomBytes(16).toString("hex");
        const method = req.method ?? "GET";
        const url = requestUrl(req.url);
        const path = url.pathname;
        const finish = (answer: Answer, fault?: HttpFaultAction) => {
            send(res, requestId, answer, fault?.type === "truncate");
            log?.(`${method} ${path} ${answer.status} ${Math.round(performance.now() - startedAt)}ms`);
        };
        res.on("error", () => undefined); // the client may be gone when a held answer is finally sent

        if (isControlPath(path)) {
            const produce = async () => handleControlRequest(method, path, await readBody(req), control);
            finish(await answerSafely(produce, requestId, log));
            return;
        }

        let target = site === "shared" ? serviceOfHost(req.headers.host) : site === "iam" ? "iam" : serviceNamed(site);
        // A host that merely looks like a service's (`gaussdb.internal:8080/rds/...`) keeps the shared port's prefixes.
        if (site === "shared" && target !== undefined && target !== "iam" && !serviceRouters.get(target)?.serves(method, path)) target = undefined;
        if (target === "iam" || (target === undefined && isIamPath(path))) {
            if (!isIamPath(path)) {
                finish(errorAnswer(apiNotFound(), requestId));
                return;
            }
            counters.countRequest(`${method} ${path}`);
            const produce = async () => answerIamRequest(method, req, url, await readBody(req));
            finish(await answerSafely(produce, requestId, log));
            return;
        }

        const resolution = target === undefined ? router.resolve(method, path) : serviceRouters.get(target)!.resolve(method, path);
        const sharedPath = target === undefined ? path : `${target.statsPrefix}${path}`;
        counters.countRequest(resolution.key);
        const fault = faults.takeHttpFault(method, sharedPath);
        if (fault?.type === "reset") {
            req.socket.resetAndDestroy();
            log?.(`${method} ${path} RESET ${Math.round(performance.now() - startedAt)}ms`);
            return;
        }
        if (fault?.type === "http-error") {
            finish(faultAnswer(fault, requestId));
            return;
        }
        const produce = async () => answerOtcRequest(resolution, req, url, sharedPath, await readBody(req));
        const answer = await answerSafely(produce, requestId, log);
        if (fault?.type === "delay") await hold(fault.ms, heldAnswers);
        finish(answer, fault);
    };

    const serve = (site: Site): Server =>
        createServer((req, res) => {
            handle(req, res, site).catch((error: unknown) => {
                log?.(`internal error: ${(error as Error).stack ?? String(error)}`);
                res.destroy();
            });
        });
    const servers: Server[] = [];
    const closeAll = () =>
        Promise.all(
            servers.map((server) => {
                const closed = new Promise<void>((resolve) => server.close(() => resolve()));
                server.closeAllConnections();
                return closed;
            }),
        );
    const urlOf = (port: number) => `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
    const port = await listen(serve("shared"), requestedPort, host, servers);
    const endpoints = {} as Record<SimulatorEndpointName, string>;
    try {
        for (const [index, name] of ENDPOINT_NAMES.entries()) {
            const wanted = options.servicePorts?.[name] ?? (requestedPort === 0 ? 0 : requestedPort + 1 + index);
            endpoints[name] = urlOf(await listen(serve(name), wanted, host, servers));
        }
    } catch (error) {
        await closeAll();
        throw error;
    }

    const portOf = (url: string) => Number(new URL(url).port);
    iam.catalogPorts({ iam: portOf(endpoints.iam), gaussdb: portOf(endpoints.gaussdb), rds: portOf(endpoints.rds), taurusdb: portOf(endpoints.taurusdb) });

    const baseUrl = urlOf(port);
    let closing: Promise<void> | undefined;
    return {
        url: baseUrl,
        endpoint: `${baseUrl}/{service}`,
        endpoints,
        port,
        close: () => {
            closing ??= (async () => {
                const closed = closeAll();
                for (const release of heldAnswers) release();
                await closed;
            })();
            return closing;
        },
        stats,
        reset,
        addFault: (rule) => faults.add(rule),
        clearFaults: () => faults.clear(),
    };
}

function serviceNamed(name: Exclude<SimulatorEndpointName, "iam">): SimulatorService {
    const service = SIMULATOR_SERVICES.find((s) => s.name === name);
    if (!service) throw new Error(`no simulator service ${name}`);
    return service;
}

/** Listens on `port` (0: any free one) and resolves with the port; the server joins `servers` once listening. */
function listen(server: Server, port: number, host: string, servers: Server[]): Promise<number> {
    if (!(Number.isInteger(port) && port >= 0 && port <= 65535)) {
        return Promise.reject(new RangeError(`port must be an integer from 0 to 65535, got ${port}`));
    }
    return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
            server.off("error", reject);
            servers.push(server);
            resolve((server.address() as AddressInfo).port);
        });
    });
}

async function answerSafely(
    produce: () => Promise<Answer>,
    requestId: string,
    log: ((line: string) => void) | undefined,
): Promise<Answer> {
    try {
        return await produce();
    } catch (error) {
        if (error instanceof SimulatorApiError) return errorAnswer(error, requestId);
        log?.(`internal error: ${(error as Error).stack ?? String(error)}`);
        const message = error instanceof Error ? error.message : String(error);
        return errorAnswer(new SimulatorApiError(500, "SIM.0500", `The OTC simulator failed: ${message}`), requestId);
    }
}

function errorAnswer(error: SimulatorApiError, requestId: string): Answer {
    if (error instanceof KeystoneError) return { status: error.status, body: error.body(), headers: error.headers };
    const body: Record<string, string> = { error_code: error.errorCode, error_msg: error.errorMsg };
    if (error.errorCode.startsWith("APIGW.")) body["request_id"] = requestId;
    return { status: error.status, body, headers: error.headers };
}

function faultAnswer(fault: Extract<HttpFaultAction, { type: "http-error" }>, requestId: string): Answer {
    const isThrottle = fault.status === 429;
    const error = new SimulatorApiError(
        fault.status,
        fault.errorCode ?? (isThrottle ? "APIGW.0308" : "SIM.FAULT"),
        fault.errorMsg ?? (isThrottle ? "The throttling threshold has been reached" : `Injected fault: HTTP ${fault.status}`),
        fault.retryAfterSeconds === undefined ? {} : { "Retry-After": String(fault.retryAfterSeconds) },
    );
    return errorAnswer(error, requestId);
}

function send(res: ServerResponse, requestId: string, answer: Answer, truncate: boolean): void {
    if (res.destroyed || res.writableEnded) return;
    const json = JSON.stringify(answer.body);
    // Node sets Content-Length from the single chunk, so a truncated answer is well-formed HTTP whose
    // body is cut-off JSON: the client's parsing must catch it, not its HTTP layer.
    const payload = truncate ? json.slice(0, Math.floor(json.length / 2)) : json;
    res.statusCode = answer.status;
    res.setHeader("X-Request-Id", requestId);
    res.setHeader("Content-Type", "application/json");
    for (const [name, value] of Object.entries(answer.headers ?? {})) res.setHeader(name, value);
    res.end(payload);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
    return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        let size = 0;
        req.on("data", (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_BODY_BYTES) {
                reject(new SimulatorApiError(413, "APIGW.0201", "Request entity too large"));
                req.resume();
                return;
            }
            chunks.push(chunk);
        });
        req.on("end", () => resolve(Buffer.concat(chunks)));
        req.on("error", reject);
    });
}

function requestUrl(raw: string | undefined): URL {
    const target = raw ?? "/";
    // Origin-form targets ("/v3/...") are the norm; the base only satisfies the URL parser. Anything
    // unparsable becomes "/", which no route serves.
    try {
        return new URL(target.startsWith("/") ? `http://simulator${target}` : target);
    } catch {
        return new URL("http://simulator/");
    }
}

function hold(ms: number, held: Set<() => void>): Promise<void> {
    return new Promise((resolve) => {
        const release = () => {
            clearTimeout(timer);
            held.delete(release);
            resolve();
        };
        const timer = setTimeout(release, ms);
        held.add(release);
    });
}
