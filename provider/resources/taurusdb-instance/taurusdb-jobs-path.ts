import { OtcConfigError } from "../../config/otc-config-error";
import { describeSetting } from "../../config/otc-settings";

const CHOICES: Readonly<Record<string, readonly string[]>> = {
    // The current path first; the legacy one when the region's gateway does not publish it (404 APIGW.0101).
    auto: ["", "/mysql"],
    v3: [""],
    mysql: ["/mysql"],
};

/**
 * Path prefixes of TaurusDB's `GET …/v3/{project_id}/jobs?id=`, in the order tried. `otc:taurusdbJobsPath`:
 * `auto` (default) `/v3`, falling back to the legacy `/mysql/v3` once `/v3` answers 404 from the gateway; `v3` or
 * `mysql` only that one (no probing request).
 */
export function taurusDbJobPathPrefixes(value: string | undefined): readonly string[] {
    const choice = (value ?? "").trim() || "auto";
    const prefixes = CHOICES[choice];
    if (!prefixes) {
        throw new OtcConfigError(
            `${describeSetting("taurusdbJobsPath")} is "${choice}": it must be auto, v3 or mysql`,
        );
    }
    return prefixes;
}
