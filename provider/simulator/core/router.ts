import type { RouteHandler } from "./runtime";

export interface RouteDefinition {
    method: string;
    /** Path with `{pid}` (project id) and `{id}` (instance id) placeholders. */
    template: string;
    handler: RouteHandler;
    /** How requests to it are counted; default `<method> <template>`. */
    statsKey?: string;
}

export type RouteResolution =
    | { kind: "found"; route: RouteDefinition; key: string; projectId: string; instanceId: string | undefined }
    | { kind: "method-not-allowed"; key: string; allowed: string[] }
    | { kind: "not-found"; key: string };

const PLACEHOLDER_PATTERNS: Readonly<Record<string, string>> = {
    pid: "(?<pid>[0-9a-zA-Z]+)",
    id: "(?<id>[^/]+)",
    /** A second path id (a node of an instance); handlers read it from the path. */
    node: "(?<node>[^/]+)",
};

/** Matches method and path against a fixed table of route templates. */
export class SimulatorRouter {
    private readonly compiled: { route: RouteDefinition; pattern: RegExp }[];

    constructor(routes: readonly RouteDefinition[]) {
        this.compiled = routes.map((route) => ({ route, pattern: compileTemplate(route.template) }));
    }

    /** Whether some route's template matches `path` (with any method). */
    serves(method: string, path: string): boolean {
        return this.resolve(method, path).kind !== "not-found";
    }

    resolve(method: string, path: string): RouteResolution {
        const allowed: string[] = [];
        let template: string | undefined;
        for (const { route, pattern } of this.compiled) {
            const match = pattern.exec(path);
            if (!match) continue;
            template ??= route.template;
            if (route.method !== method) {
                allowed.push(route.method);
                continue;
            }
            return {
                kind: "found",
                route,
                key: route.statsKey ?? `${method} ${route.template}`,
                projectId: match.groups?.["pid"] ?? "",
                instanceId: match.groups?.["id"],
            };
        }
        if (template !== undefined) return { kind: "method-not-allowed", key: `${method} ${template}`, allowed };
        return { kind: "not-found", key: `${method} (no route)` };
    }
}

function compileTemplate(template: string): RegExp {
    const source = template
        .split(/(\{[a-z]+\})/)
        .map((part) => {
            const placeholder = /^\{([a-z]+)\}$/.exec(part)?.[1];
            if (placeholder === undefined) return part.replace(/[.*+?^$()|[\]\\]/g, "\\$&");
            const pattern = PLACEHOLDER_PATTERNS[placeholder];
            if (pattern === undefined) throw new Error(`Unknown placeholder {${placeholder}} in route ${template}`);
            return pattern;
        })
        .join("");
    return new RegExp(`^${source}$`);
}
