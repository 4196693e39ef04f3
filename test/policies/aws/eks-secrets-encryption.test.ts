import { beforeAll, describe, expect, it } from "vitest";
import * as p from "../../../policies/aws/eks-secrets-encryption";
import { check, Judged, UNKNOWN } from "../harness";

const T = "aws:eks/cluster:Cluster";
const base = { roleArn: "r", vpcConfig: { subnetIds: ["s"] } };

describe("aws-eks-secrets-encryption", () => {
    let j: Judged;
    beforeAll(async () => {
        j = await check(p, [
            { type: T, name: "none", props: base },
            { type: T, name: "kms", props: { ...base, encryptionConfig: { resources: ["secrets"], provider: { keyArn: UNKNOWN } } } },
            { type: T, name: "unknown", props: { ...base, encryptionConfig: UNKNOWN } },
            { type: "aws:kms/key:Key", name: "key", props: {} },
        ]);
    });
    it("flags a cluster without secrets encryption", () => expect(j.messages("none")).toEqual(["encryptionConfig does not cover secrets with a customer-managed KMS key"]));
    it("passes secrets encryption even while the key ARN is unknown (it is not read)", () => expect(j.outcome("kms")).toBe("pass"));
    it("reports unknown encryption config as unknown", () => expect(j.outcome("unknown")).toBe("unknown"));
    it("is not applicable to keys", () => expect(j.outcome("key")).toBe("not-applicable"));
});
