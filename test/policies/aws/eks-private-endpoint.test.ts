import { beforeAll, describe, expect, it } from "vitest";
import * as p from "../../../policies/aws/eks-private-endpoint";
import { check, Judged, UNKNOWN } from "../harness";

const T = "aws:eks/cluster:Cluster";
const cluster = (vpcConfig: Record<string, unknown>) => ({ roleArn: "arn:aws:iam::123456789012:role/eks", vpcConfig: { subnetIds: ["subnet-1"], ...vpcConfig } });

describe("aws-eks-private-endpoint", () => {
    let j: Judged;
    beforeAll(async () => {
        j = await check(p, [
            { type: T, name: "absent", props: cluster({}) },
            { type: T, name: "public-open", props: cluster({ endpointPublicAccess: true, publicAccessCidrs: ["0.0.0.0/0"] }) },
            { type: T, name: "private", props: cluster({ endpointPublicAccess: false, endpointPrivateAccess: true }) },
            { type: T, name: "public-restricted", props: cluster({ endpointPublicAccess: true, publicAccessCidrs: ["203.0.113.0/24"] }) },
            { type: T, name: "unknown", props: cluster({ endpointPublicAccess: UNKNOWN }) },
            { type: "aws:eks/nodeGroup:NodeGroup", name: "ng", props: { clusterName: "c" } },
        ]);
    });
    it("treats a missing endpointPublicAccess as public to 0.0.0.0/0 (the AWS default)", () => {
        expect(j.messages("absent")).toEqual(["vpcConfig.endpointPublicAccess is not false (absent, and AWS defaults it to true) and publicAccessCidrs is unset, which AWS reads as 0.0.0.0/0"]);
    });
    it("flags a public endpoint open to the internet", () => {
        expect(j.messages("public-open")).toEqual(["vpcConfig.endpointPublicAccess is not false and publicAccessCidrs includes 0.0.0.0/0"]);
    });
    it("passes a private endpoint and a public one restricted to named CIDRs", () => {
        expect(j.outcome("private")).toBe("pass");
        expect(j.outcome("public-restricted")).toBe("pass");
    });
    it("reports an unknown endpoint flag as unknown", () => expect(j.outcome("unknown")).toBe("unknown"));
    it("is not applicable to node groups", () => expect(j.outcome("ng")).toBe("not-applicable"));
});
