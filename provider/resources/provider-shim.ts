import type * as pulumi from "@pulumi/pulumi";

/**
 * The provider object Pulumi serializes into the state of every resource (as `__provider`). It holds nothing
 * but the resource kind: each method loads the implementation from the installed `pulumi-otc-jobs` package at
 * run time, resolved from the Pulumi project directory (the provider process's working directory; through
 * the package's own name when the project is this repository). So the state stays small, carries no path,
 * credential or client, an upgraded package applies to existing resources, and editing the implementation
 * never changes `__provider`.
 */
export function createProviderShim(kind: string): pulumi.dynamic.ResourceProvider {
    // Written as plain functions that reference only `kind`, `require` and `process`: the closure serializer
    // copies their source text, so anything else they touched would be serialized into the state too.
    const load = () =>
        require("node:module")
            .createRequire(require("node:path").join(process.cwd(), "package.json"))("pulumi-otc-jobs/provider-runtime")
            .providerFor(kind);
    return {
        configure: (req) => load().configure(req),
        check: (olds, news) => load().check(olds, news),
        diff: (id, olds, news) => load().diff(id, olds, news),
        create: (inputs) => load().create(inputs),
        read: (id, props) => load().read(id, props),
        update: (id, olds, news) => load().update(id, olds, news),
        delete: (id, props) => load().delete(id, props),
    };
}
