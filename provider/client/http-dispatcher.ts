import { readFileSync } from "node:fs";
import { type Dispatcher, EnvHttpProxyAgent } from "undici";
import { OtcConfigError } from "../config/otc-config-error";

export interface HttpDispatcherOptions {
    /** TCP+TLS connect timeout. Default 10 s. */
    connectTimeoutMs?: number;
    /** Time to the response headers. Default 60 s: OTC answers lifecycle calls within seconds. */
    headersTimeoutMs?: number;
    /** Max idle time between body chunks. Default 60 s. */
    bodyTimeoutMs?: number;
    /** Skip TLS verification (`OS_INSECURE`); for test clouds only. */
    insecure?: boolean;
    /** PEM bundle to trust (`OS_CACERT`). */
    caCertPath?: string;
}

/**
 * One long-lived connection pool with explicit timeouts. `HTTPS_PROXY`/`HTTP_PROXY`/`NO_PROXY` are honoured
 * (EnvHttpProxyAgent reads them once, at construction).
 */
export function createHttpDispatcher(options: HttpDispatcherOptions = {}): Dispatcher {
    const tls = {
        ...(options.insecure ? { rejectUnauthorized: false } : {}),
        ...(options.caCertPath ? { ca: readCaBundle(options.caCertPath) } : {}),
    };
    return new EnvHttpProxyAgent({
        connectTimeout: options.connectTimeoutMs ?? 10_000,
        headersTimeout: options.headersTimeoutMs ?? 60_000,
        bodyTimeout: options.bodyTimeoutMs ?? 60_000,
        keepAliveTimeout: 30_000,
        connect: tls,
        ...(Object.keys(tls).length > 0 ? { requestTls: tls, proxyTls: tls } : {}),
    });
}

const shared = new Map<string, Dispatcher>();

/** The process-wide dispatcher for a given TLS setup, so every resource shares connections. */
export function sharedHttpDispatcher(options: HttpDispatcherOptions = {}): Dispatcher {
    const key = JSON.stringify([options.insecure ?? false, options.caCertPath ?? ""]);
    let dispatcher = shared.get(key);
    if (!dispatcher) {
        dispatcher = createHttpDispatcher(options);
        shared.set(key, dispatcher);
    }
    return dispatcher;
}

function readCaBundle(path: string): string {
    try {
        return readFileSync(path, "utf8");
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
        throw new OtcConfigError(`Cannot read the CA bundle ${path} named by otc:caCert (or OS_CACERT): ${code}`);
    }
}
