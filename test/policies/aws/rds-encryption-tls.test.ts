import { beforeAll, describe, expect, it } from "vitest";
import * as p from "../../../policies/aws/rds-encryption-tls";
import { check, Judged, UNKNOWN } from "../harness";

const PG = "aws:rds/parameterGroup:ParameterGroup";

describe("aws-rds-encryption-tls", () => {
    let j: Judged;
    beforeAll(async () => {
        j = await check(p, [
            { type: "aws:rds/instance:Instance", name: "plain", props: { instanceClass: "db.t4g.micro" } },
            { type: "aws:rds/instance:Instance", name: "encrypted", props: { instanceClass: "db.t4g.micro", storageEncrypted: true } },
            { type: PG, name: "pg14-default", props: { family: "postgres14" } },
            { type: PG, name: "pg17-off", props: { family: "postgres17", parameters: [{ name: "rds.force_ssl", value: "0" }] } },
            { type: PG, name: "pg17-default", props: { family: "postgres17" } },
            { type: PG, name: "mysql-on", props: { family: "mysql8.0", parameters: [{ name: "require_secure_transport", value: "ON" }] } },
            { type: "aws:rds/clusterParameterGroup:ClusterParameterGroup", name: "aurora-mysql", props: { family: "aurora-mysql8.0" } },
            { type: "aws:rds/cluster:Cluster", name: "unknown", props: { engine: "aurora-postgresql", storageEncrypted: UNKNOWN } },
            { type: "aws:rds/subnetGroup:SubnetGroup", name: "subnets", props: { subnetIds: [] } },
        ]);
    });
    it("flags unencrypted storage", () => expect(j.messages("plain")).toEqual(["storageEncrypted is absent (false)"]));
    it("flags parameter groups that do not force TLS, knowing PostgreSQL 15+ forces it by default", () => {
        expect(j.messages("pg14-default")).toEqual(["family postgres14 does not force TLS unless rds.force_ssl is set to 1"]);
        expect(j.messages("pg17-off")).toEqual(["rds.force_ssl is 0: clients may connect without TLS"]);
        expect(j.outcome("pg17-default")).toBe("pass");
        expect(j.messages("aurora-mysql")).toEqual(["family aurora-mysql8.0 does not force TLS unless require_secure_transport is set to 1"]);
    });
    it("passes encrypted storage and TLS-forcing parameters", () => {
        expect(j.outcome("encrypted")).toBe("pass");
        expect(j.outcome("mysql-on")).toBe("pass");
    });
    it("reports unknown encryption as unknown", () => expect(j.outcome("unknown")).toBe("unknown"));
    it("is not applicable to subnet groups", () => expect(j.outcome("subnets")).toBe("not-applicable"));
});
