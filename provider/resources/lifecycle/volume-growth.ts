import type * as pulumi from "@pulumi/pulumi";

/**
 * The `checkTransition` of an instance whose volume OTC can enlarge but never shrink: a `volume.size` below the
 * recorded one is refused at preview instead of failing the resize job. `who` names the service in the reason.
 */
export function volumeMayOnlyGrow(who: string): (olds: Record<string, unknown>, news: Record<string, unknown>) => pulumi.dynamic.CheckFailure[] {
    return (olds, news) => {
        const oldSize = sizeOf(olds);
        const newSize = sizeOf(news);
        return oldSize !== undefined && newSize !== undefined && newSize < oldSize
            ? [{ property: "volume.size", reason: `volume.size cannot shrink from ${oldSize} GB to ${newSize} GB: ${who} can only enlarge a volume` }]
            : [];
    };
}

function sizeOf(inputs: Record<string, unknown>): number | undefined {
    const volume = inputs["volume"];
    const size = typeof volume === "object" && volume !== null ? (volume as Record<string, unknown>)["size"] : undefined;
    return typeof size === "number" ? size : undefined;
}
