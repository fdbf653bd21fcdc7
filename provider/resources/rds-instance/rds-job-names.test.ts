import { EngineContext } from "../lifecycle/engine-context";
import type { RuntimeContext } from "../runtime-context";
import { rdsBackupAdapter } from "../rds-backup/rds-backup-adapter";
import { rdsJobName } from "./rds-api";
import { rdsInstanceAdapter } from "./rds-instance-adapter";

// RDS names its jobs per engine: the engine must know every create (and restore) job as a create, so that a failed one
// is a failed create (replace), not a failed update (retry).
const runtime = {} as RuntimeContext; // isCreateJob reads only the adapter

describe("RDS job names", () => {
    it("spells the engine as the task center does", () => {
        expect(rdsJobName("create", "MySQL")).toBe("CreateMysqlSingleHAInstance");
        expect(rdsJobName("create", "SQLServer")).toBe("CreateSqlserverSingleHAInstance");
        expect(rdsJobName("restore", "PostgreSQL")).toBe("RestorePostgresqlNewInstance");
    });

    it("counts every engine's create and restore jobs as creates, and nothing else", () => {
        const engine = new EngineContext(rdsInstanceAdapter, runtime);
        for (const name of ["CreateMysqlSingleHAInstance", "CreateSqlserverSingleHAInstance", "CreatePostgresqlSingleHAInstance", "RestoreMysqlNewInstance"]) {
            expect(engine.isCreateJob(name)).toBe(true);
        }
        expect(engine.isCreateJob("ResizeMysqlFlavor")).toBe(false);
        expect(engine.isCreateJob("DeleteMysqlInstance")).toBe(false);
        const backups = new EngineContext(rdsBackupAdapter, runtime);
        expect(backups.isCreateJob("BackupPostgresqlInInstance")).toBe(true);
        expect(backups.isCreateJob("CreateMysqlSingleHAInstance")).toBe(false);
    });
});
