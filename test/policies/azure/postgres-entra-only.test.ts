import { beforeAll, describe, expect, it } from "vitest";
import * as p from "../../../policies/azure/postgres-entra-only";
import { check, Judged, UNKNOWN } from "../harness";

const PG = "azure-native:dbforpostgresql:Server";
const PASSWORD = "Adm1n-Passw0rd-Literal";

describe("azure-postgres-entra-only", () => {
    let j: Judged;
    beforeAll(async () => {
        j = await check(p, [
            { type: PG, name: "password", props: { resourceGroupName: "rg", administratorLogin: "pgadmin", administratorLoginPassword: PASSWORD, authConfig: { passwordAuth: "Disabled", activeDirectoryAuth: "Enabled" } } },
            { type: PG, name: "absent", props: { resourceGroupName: "rg" } },
            { type: PG, name: "entra", props: { resourceGroupName: "rg", authConfig: { passwordAuth: "Disabled", activeDirectoryAuth: "Enabled" } } },
            { type: PG, name: "unknown", props: { resourceGroupName: "rg", authConfig: { passwordAuth: UNKNOWN } } },
            { type: "azure-native:dbformysql:Server", name: "mysql", props: { resourceGroupName: "rg" } },
        ]);
    });
    it("flags an administrator password without echoing it", () => {
        expect(j.messages("password")).toEqual(["administratorLoginPassword is set: a static administrator password"]);
        expect(j.messages("password").join()).not.toContain(PASSWORD);
    });
    it("treats absent authConfig as password auth enabled", () => expect(j.messages("absent")).toEqual(["authConfig.passwordAuth is absent, which means Enabled"]));
    it("passes Entra-only servers", () => expect(j.outcome("entra")).toBe("pass"));
    it("reports unknown auth config as unknown", () => expect(j.outcome("unknown")).toBe("unknown"));
    it("is not applicable to MySQL", () => expect(j.outcome("mysql")).toBe("not-applicable"));
});
