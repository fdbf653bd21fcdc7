import leven from "leven";
import type { OtcClient } from "../../client/otc-client";
import { describeError } from "./lifecycle-state";

/** One flavor of a service's list, with the instance mode it is sold for when the service says (RDS). */
export interface FlavorOffer {
    specCode: string;
    instanceMode?: string | undefined;
}

/** How a resource reads its service's flavor list: one list call per scope (engine, version, mode). */
export interface FlavorCatalogue<I> {
    /** The input holding the flavor, named in messages. */
    readonly property: string;
    /** The flavor the inputs ask for. */
    flavorOf(inputs: I): string;
    /** What the list depends on besides endpoint and project (the RDS engine and version, say). */
    scope(inputs: I): string;
    list(client: OtcClient, inputs: I): Promise<FlavorOffer[]>;
    /** Why a listed flavor still does not fit these inputs (RDS `ha` needs a primary/standby flavor); undefined if it fits. */
    unfit?(offer: FlavorOffer, inputs: I): string | undefined;
}

// One list call per endpoint, project and scope for the life of the provider process: a stack of twenty instances
// on one engine asks once. A failed call is cached too, so a missing permission warns once per resource, not a call each.
const lists = new Map<string, Promise<FlavorOffer[]>>();

/** Forgets every cached list (tests; a process that outlives a catalogue change). */
export function clearFlavorCache(): void {
    lists.clear();
}

/**
 * Refuses, before the create or resize request is sent, a flavor the service does not offer, naming the property
 * and the closest valid flavors. Runs only where a request is about to change the instance, never on a read,
 * refresh, delete or an update that changes no flavor.
 *
 * When the list itself cannot be read (a 403 from a policy that allows create but not list, a network failure, a
 * list API that is down) the check warns and lets the request go: OTC validates the flavor anyway, and a pre-flight
 * check that can block an operation OTC would accept makes the tool less available than the API it guards.
 */
export async function verifyFlavor<I>(
    catalogue: FlavorCatalogue<I>,
    client: OtcClient,
    inputs: I,
    warn: (message: string) => void,
): Promise<void> {
    const flavor = catalogue.flavorOf(inputs);
    const key = `${client.endpoint} ${client.projectId} ${catalogue.scope(inputs)}`;
    let pending = lists.get(key);
    if (!pending) {
        pending = catalogue.list(client, inputs);
        lists.set(key, pending);
    }
    let offers: FlavorOffer[];
    try {
        offers = await pending;
    } catch (error) {
        warn(`could not read the flavor list to check ${catalogue.property} "${flavor}" (${describeError(error)}); sending the request unchecked, OTC decides`);
        return;
    }
    const offer = offers.find((o) => o.specCode === flavor);
    const fitting = offers.filter((o) => catalogue.unfit?.(o, inputs) === undefined);
    if (!offer) {
        throw new Error(
            `${catalogue.property}: "${flavor}" is not a flavor this service offers (${catalogue.scope(inputs)}). ` +
                `Closest: ${closestFlavors(flavor, fitting.map((o) => o.specCode)).join(", ") || "(the list is empty)"}. No request was sent.`,
        );
    }
    const why = catalogue.unfit?.(offer, inputs);
    if (why !== undefined) {
        throw new Error(
            `${catalogue.property}: "${flavor}" ${why}. Closest that fit: ${closestFlavors(flavor, fitting.map((o) => o.specCode)).join(", ") || "(none)"}. ` +
                `No request was sent.`,
        );
    }
}

/**
 * The `count` flavors nearest to a wanted one: fewest edits first, then those sharing the longest dotted prefix
 * (the same family: `rds.mysql.n1`), then by name so the answer is stable.
 */
export function closestFlavors(wanted: string, offered: readonly string[], count = 3): string[] {
    const parts = wanted.split(".");
    const shared = (candidate: string) => {
        const other = candidate.split(".");
        let n = 0;
        while (n < parts.length && parts[n] === other[n]) n++;
        return n;
    };
    return [...new Set(offered)]
        .map((name) => ({ name, distance: leven(wanted, name), prefix: shared(name) }))
        .sort((a, b) => a.distance - b.distance || b.prefix - a.prefix || a.name.localeCompare(b.name))
        .slice(0, count)
        .map((entry) => entry.name);
}
