/**
 * A local Open Telekom Cloud simulator of IAM (tokens, projects), GaussDB (openGauss), RDS and TaurusDB (instances,
 * backups, restores) and each service's task center, over real HTTP, with OTC's paths, shapes, status codes, error
 * bodies and AK/SK signatures. It is the default target of the demo and of the end-to-end tests.
 *
 * Layout: `core/` holds what every service shares (server, router, auth, faults, store, jobs, time, persistence,
 * control routes); `opengauss/`, `rds/`, `taurusdb/` and `iam/` each hold one service's routes, model and
 * validation. Adding a service is adding a folder and registering it in `core/service-registry.ts`.
 *
 * - Each service at a base URL of its own with no path prefix, as OTC's clients address it
 *   ({@link RunningSimulator.endpoints}: `iam`, `gaussdb`, `rds`, `taurusdb`); the shared port ({@link RunningSimulator.url})
 *   serves them under their host labels (`/gaussdb`, `/rds`, `/gaussdb-mysql`), openGauss at the root, and a service
 *   named by the `Host` header (`rds.<anything>`) at the root.
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
 * // point a client at sim.endpoints.rds (or the provider at sim.endpoint) with SIMULATOR_CREDENTIALS and SIMULATOR_PROJECT_ID
 * await sim.close();
 */
export { startSimulator } from "./core/server";
export type { RunningSimulator, SimulatorOptions } from "./core/options";
export type { SimulatorStats } from "./core/stats";
export type { FaultAction, FaultMatch, FaultRule, HttpFaultAction, JobFaultAction } from "./core/faults";
export { FaultRuleError } from "./core/faults";
export { SimulatorStateFileError } from "./core/state-file";
export {
    SIMULATOR_CREDENTIALS,
    SIMULATOR_PROJECT_ID,
    SIMULATOR_PROJECT_NAME,
    SIMULATOR_TOKEN,
    SIMULATOR_USER,
} from "./core/defaults";
export { simulatorProjectId } from "./iam/service";
export { DEFAULT_JOB_DURATIONS_MS, JOB_NAMES } from "./core/jobs";
export { runSimulatorCommand } from "./core/command";
