import { beforeAll, describe, expect, it } from "vitest";
import * as p from "../../../policies/stack/prod-stateful-protected";
import { check, judge, Judged, record, UNKNOWN } from "../harness";

const protect = { protect: true };
const db = { instanceClass: "db.t4g.medium", manageMasterUserPassword: true, deletionProtection: true, finalSnapshotIdentifier: "app-final" };

// A stack named prod: known to be prod with no config at all.
const prod = { stack: "aws-prod" };

describe("stack-prod-stateful-protected", () => {
    let j: Judged;
    let good: Judged;
    let unknown: Judged;
    beforeAll(async () => {
        j = await check(p, [
            { type: "aws:rds/instance:Instance", name: "db-bare", props: { instanceClass: "db.t4g.medium", skipFinalSnapshot: true } },
            { type: "aws:rds/instance:Instance", name: "db-unprotected", props: db },
            { type: "aws:kms/key:Key", name: "key", props: {} },
            { type: "aws:s3/bucketV2:BucketV2", name: "bucket", props: { forceDestroy: true }, opts: protect },
            { type: "azure-native:keyvault:Vault", name: "vault", props: { resourceGroupName: "rg", properties: { tenantId: "t", sku: { family: "A", name: "standard" } } }, opts: protect },
            { type: "aws:ec2/vpc:Vpc", name: "vpc", props: {} },
            { type: "azure-native:keyvault/v20230701:Vault", name: "vault-versioned", props: { resourceGroupName: "rg", properties: { tenantId: "t", sku: { family: "A", name: "standard" } } }, opts: protect },
        ], prod);
        good = await check(p, [
            { type: "aws:rds/instance:Instance", name: "db", props: db, opts: protect },
            { type: "aws:kms/key:Key", name: "key", props: { enableKeyRotation: true }, opts: protect },
            { type: "aws:eks/cluster:Cluster", name: "eks", props: { roleArn: "r", vpcConfig: { subnetIds: [] } }, opts: protect },
            { type: "azure-native:keyvault:Vault", name: "vault", props: { resourceGroupName: "rg", properties: { tenantId: "t", sku: { family: "A", name: "standard" }, enablePurgeProtection: true } }, opts: protect },
            // A new stack's preview: the snapshot name carries a suffix not known yet; it is still set.
            { type: "aws:rds/cluster:Cluster", name: "aurora", props: { engine: "aurora-postgresql", deletionProtection: true, finalSnapshotIdentifier: UNKNOWN }, opts: protect },
        ], prod);
        unknown = await check(p, [{ type: "aws:rds/cluster:Cluster", name: "aurora", props: { engine: "aurora-postgresql", deletionProtection: UNKNOWN, finalSnapshotIdentifier: "f" }, opts: protect }], prod);
    });
    it("flags every missing guard: protect, deletion protection, final snapshot, forceDestroy, purge protection", () => {
        expect(j.messages("db-bare")).toEqual(["Instance 'db-bare' is stateful and lacks Pulumi protect, deletionProtection: true, a final snapshot (skipFinalSnapshot is true) (prod: the stack is named aws-prod)"]);
        expect(j.messages("db-unprotected")).toEqual(["Instance 'db-unprotected' is stateful and lacks Pulumi protect (prod: the stack is named aws-prod)"]);
        expect(j.messages("key")).toEqual(["Key 'key' is stateful and lacks Pulumi protect (prod: the stack is named aws-prod)"]);
        expect(j.messages("bucket")).toEqual(["BucketV2 'bucket' is stateful and lacks forceDestroy off (prod: the stack is named aws-prod)"]);
        expect(j.messages("vault")).toEqual(["Vault 'vault' is stateful and lacks properties.enablePurgeProtection: true (prod: the stack is named aws-prod)"]);
        expect(j.of("vpc")).toEqual([]);
    });
    it("judges azure-native resources registered under an API-versioned token", () => {
        expect(j.messages("vault-versioned")).toEqual(["Vault 'vault-versioned' is stateful and lacks properties.enablePurgeProtection: true (prod: the stack is named aws-prod)"]);
    });
    it("passes protected stateful resources", () => expect(good.stack.map((r) => r.outcome)).toEqual(["pass"]));
    it("reports an unknown guard as unknown", () => expect(unknown.stack.map((r) => r.outcome)).toEqual(["unknown"]));
    it("is mandatory in a stack known to be prod, and can be disabled per stack by config", async () => {
        expect(j.of("key")[0].enforcementLevel).toBe("mandatory");
        const off = await check(p, [{ type: "aws:kms/key:Key", name: "key", props: {} }], { ...prod, pack: { [p.meta.name]: "disabled" } });
        expect(off.results).toEqual([]);
    });
    it("is not applicable where nothing says the stack is prod: a program checked on its own is not blocked", async () => {
        const bare = [{ type: "aws:kms/key:Key", name: "key", props: {} }];
        for (const stack of ["check", "product-dev", "policy"]) {
            const na = await check(p, bare, { stack });
            expect(na.stack.map((r) => [r.outcome, r.message])).toEqual([["not-applicable", expect.stringMatching(/^not known to be a prod stack/)]]);
        }
    });
    it("takes the environment from the policy config before the stack's name, and stack tags next", async () => {
        const bare = [{ type: "aws:kms/key:Key", name: "key", props: {} }];
        const dev = await check(p, bare, { stack: "aws-prod", pack: { [p.meta.name]: { enforcementLevel: "mandatory", environment: "dev" } } });
        expect(dev.stack.map((r) => r.outcome)).toEqual(["not-applicable"]);
        const cfgProd = await check(p, bare, { stack: "eu-1", pack: { [p.meta.name]: { enforcementLevel: "mandatory", environment: "prod" } } });
        expect(cfgProd.messages("key")).toEqual(["Key 'key' is stateful and lacks Pulumi protect (prod: splitplane:environment is prod)"]);
        const enforced = await check(p, bare, { stack: "eu-1", pack: { [p.meta.name]: { enforcementLevel: "mandatory", environment: "staging", enforced: true } } });
        expect(enforced.messages("key")).toEqual(["Key 'key' is stateful and lacks Pulumi protect (prod: splitplane:policy.enforce lists this policy)"]);
        const tagged = await judge(p, await record(bare, { stack: "eu-1" }), undefined, new Map([["environment", "production"]]));
        expect(tagged.messages("key")).toEqual(["Key 'key' is stateful and lacks Pulumi protect (prod: the stack tag environment is production)"]);
    });
});
