/**
 * A local Open Telekom Cloud simulator: GaussDB (openGauss) instances, backups and the task center, over real HTTP,
 * with OTC's paths, shapes, status codes and error bodies. It is the default target of the demo and of the
 * end-to-end tests.
 *
 * - OTC API under `/v3/{project_id}/...`, authenticated by `X-Auth-Token` or an SDK-HMAC-SHA256 signature
 *   (see {@link SIMULATOR_CREDENTIALS}, {@link SIMULATOR_TOKEN}); state is kept per project id.
 * - IAM: `POST /v3/auth/tokens` (password, scoped to a project by id or name; {@link SIMULATOR_USER}) answers 201
 *   with the token in `X-Subject-Token` and `token.{expires_at, project.id, catalog}`; `GET /v3/projects?name=`
 *   gives a project's id. Project `eu-de` is {@link SIMULATOR_PROJECT_ID}; any other `<region>_<name>` gets a stable
 *   id of its own (`simulatorProjectId`).
 * - Jobs advance with the clock (divided by `timeScale`): `Pending` for the first 3 % of their duration,
 *   then `Running` with progress, then `Completed` or `Failed`, at which point their effect applies.
 * - Control API under `/_sim/` (no authentication): `POST|GET|DELETE /_sim/faults`, `GET /_sim/stats`,
 *   `POST /_sim/reset`; the same operations exist on {@link RunningSimulator}.
 *
 * @example
 * const sim = await startSimulator({ timeScale: 60 });
 * // point the provider at sim.url with SIMULATOR_CREDENTIALS and SIMULATOR_PROJECT_ID
 * await sim.close();
 */
export { startSimulator } from "./simulator-server";
export type { RunningSimulator, SimulatorOptions } from "./simulator-options";
export type { SimulatorStats } from "./simulator-stats";
export type { FaultAction, FaultMatch, FaultRule, HttpFaultAction, JobFaultAction } from "./simulator-faults";
export { FaultRuleError } from "./simulator-faults";
export { SimulatorStateFileError } from "./simulator-state-file";
export {
    SIMULATOR_CREDENTIALS,
    SIMULATOR_PROJECT_ID,
    SIMULATOR_PROJECT_NAME,
    SIMULATOR_TOKEN,
    SIMULATOR_USER,
} from "./simulator-defaults";
export { simulatorProjectId } from "./simulator-iam";
export { DEFAULT_JOB_DURATIONS_MS, JOB_NAMES } from "./simulator-jobs";
export { runSimulatorCommand } from "./simulator-command";
