// pulumi-otc-jobs: Pulumi resources for Open Telekom Cloud databases that wait on OTC jobs properly, and the
// job waiter they use, for code that waits on OTC jobs itself.

export { GaussDbInstance, GAUSSDB_INSTANCE_TYPE } from "./resources/gaussdb-instance/gaussdb-instance";
export type {
    GaussDbInstanceArgs,
    GaussDbInstanceOptions,
    GaussDbHaArgs,
    GaussDbVolumeArgs,
    GaussDbRestoreFromArgs,
} from "./resources/gaussdb-instance/gaussdb-instance-args";
export { GaussDbBackup, GAUSSDB_BACKUP_TYPE } from "./resources/gaussdb-backup/gaussdb-backup";
export type { GaussDbBackupArgs, GaussDbBackupOptions } from "./resources/gaussdb-backup/gaussdb-backup-args";
export { TaurusDbInstance, TAURUSDB_INSTANCE_TYPE } from "./resources/taurusdb-instance/taurusdb-instance";
export type { TaurusDbInstanceArgs, TaurusDbInstanceOptions, TaurusDbNode } from "./resources/taurusdb-instance/taurusdb-instance-args";
export { RdsInstance, RDS_INSTANCE_TYPE } from "./resources/rds-instance/rds-instance";
export type { RdsInstanceArgs, RdsInstanceOptions, RdsHaArgs, RdsVolumeArgs, RdsRestoreFromArgs } from "./resources/rds-instance/rds-instance-args";
export { RdsBackup, RDS_BACKUP_TYPE } from "./resources/rds-backup/rds-backup";
export type { RdsBackupArgs, RdsBackupOptions } from "./resources/rds-backup/rds-backup-args";
export type { PendingJob, FailedJob } from "./resources/lifecycle/job-records";
export type { LifecycleResourceOptions } from "./resources/lifecycle/lifecycle-resource";
export { OwnershipToken } from "./resources/ownership-token/ownership-token";
export { OtcJobOperation, OTC_JOB_OPERATION_TYPE, type OtcOperationJob } from "./resources/job-operation/job-operation";
export type { OtcJobOperationArgs, OtcJobOperationOptions, OtcRequestArgs, OtcLookupArgs, OtcHttpMethod } from "./resources/job-operation/job-operation-args";

export { waitForJob, type WaitForJobOptions } from "./jobs/wait-for-job";
export { JobFailedError, JobTimeoutError, JobNotFoundError } from "./jobs/job-errors";
export type { Job, JobStatus } from "./jobs/job";
export type { JobProgressEvent } from "./jobs/job-waiter";
export { createPollPolicy, defaultPollPolicy, type PollPolicy, type PollContext } from "./jobs/poll-policy";

export { signRequest, type AkSkCredentials, type RequestToSign } from "./client/sign-request";
export type { OtcCredentials, TokenCredentials } from "./client/credentials";
export { OtcApiError, OtcNetworkError, OtcResponseError } from "./client/otc-api-error";
export { resolveOtcSettings, OtcConfigError, type OtcSettings, type ConfigSource } from "./config/otc-settings";
export { IamSession, type IamSessionOptions, type IamIdentity } from "./client/iam-session";
export type { CredentialsProvider } from "./client/credentials";
export { OtcEndpointError } from "./client/otc-api-error";
