import { beforeAll, describe, expect, it } from "vitest";
import * as p from "../../../policies/aws/db-managed-master-password";
import { check, Judged, UNKNOWN } from "../harness";

const SECRET = "Sup3r-Secret-Passw0rd";

describe("aws-db-managed-master-password", () => {
    let j: Judged;
    beforeAll(async () => {
        j = await check(p, [
            { type: "aws:rds/instance:Instance", name: "literal", props: { instanceClass: "db.t4g.micro", username: "app", password: SECRET } },
            { type: "aws:rds/cluster:Cluster", name: "cluster-wo", props: { engine: "aurora-postgresql", masterPasswordWo: SECRET } },
            { type: "aws:docdb/cluster:Cluster", name: "docdb", props: { masterPassword: SECRET } },
            { type: "aws:rds/instance:Instance", name: "computed", props: { instanceClass: "db.t4g.micro", password: UNKNOWN } },
            { type: "aws:rds/instance:Instance", name: "managed", props: { instanceClass: "db.t4g.micro", manageMasterUserPassword: true } },
            { type: "aws:rds/cluster:Cluster", name: "cluster-managed", props: { engine: "aurora-postgresql", manageMasterUserPassword: true, masterUsername: UNKNOWN } },
            { type: "aws:rds/clusterInstance:ClusterInstance", name: "member", props: { clusterIdentifier: "c", instanceClass: "db.r6g.large", engine: "aurora-postgresql" } },
        ]);
    });
    it("flags master passwords on instances, clusters (incl. write-only) and DocumentDB without echoing them", () => {
        expect(j.messages("literal")).toEqual(["password is set: a static master password in the program and its state; use managed master passwords"]);
        expect(j.messages("cluster-wo")[0]).toMatch(/^masterPasswordWo is set/);
        expect(j.outcome("docdb")).toBe("violation");
        for (const r of j.results) expect(r.message ?? "").not.toContain(SECRET);
    });
    it("flags a password computed from another output: set is set, even during preview", () => expect(j.outcome("computed")).toBe("violation"));
    it("passes managed master passwords, even when other fields are unknown", () => {
        expect(j.outcome("managed")).toBe("pass");
        expect(j.outcome("cluster-managed")).toBe("pass");
    });
    it("is not applicable to cluster instances", () => expect(j.outcome("member")).toBe("not-applicable"));
});
