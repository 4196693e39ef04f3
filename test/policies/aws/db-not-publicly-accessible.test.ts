import { beforeAll, describe, expect, it } from "vitest";
import * as p from "../../../policies/aws/db-not-publicly-accessible";
import { check, Judged, UNKNOWN } from "../harness";

describe("aws-db-not-publicly-accessible", () => {
    let j: Judged;
    beforeAll(async () => {
        j = await check(p, [
            { type: "aws:rds/instance:Instance", name: "public", props: { instanceClass: "db.t4g.micro", publiclyAccessible: true } },
            { type: "aws:rds/clusterInstance:ClusterInstance", name: "aurora-public", props: { clusterIdentifier: "c", instanceClass: "db.r6g.large", engine: "aurora-postgresql", publiclyAccessible: true } },
            { type: "aws:rds/instance:Instance", name: "private", props: { instanceClass: "db.t4g.micro", publiclyAccessible: false } },
            { type: "aws:rds/instance:Instance", name: "default", props: { instanceClass: "db.t4g.micro" } },
            { type: "aws:rds/instance:Instance", name: "unknown", props: { instanceClass: "db.t4g.micro", publiclyAccessible: UNKNOWN } },
            { type: "aws:rds/cluster:Cluster", name: "cluster", props: { engine: "aurora-postgresql" } },
        ]);
    });
    it("flags publicly accessible instances and cluster instances", () => {
        expect(j.messages("public")).toEqual(["publiclyAccessible is true: the database gets a public address"]);
        expect(j.outcome("aurora-public")).toBe("violation");
    });
    it("passes false and the provider default (false)", () => {
        expect(j.outcome("private")).toBe("pass");
        expect(j.outcome("default")).toBe("pass");
    });
    it("reports an unknown flag as unknown", () => expect(j.outcome("unknown")).toBe("unknown"));
    it("is not applicable to Aurora clusters (their instances carry the flag)", () => expect(j.outcome("cluster")).toBe("not-applicable"));
});
