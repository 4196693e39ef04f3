import { beforeAll, describe, expect, it } from "vitest";
import * as p from "../../../policies/aws/eks-nodegroup-remote-access";
import { check, Judged, UNKNOWN } from "../harness";

const T = "aws:eks/nodeGroup:NodeGroup";
const ng = (extra: Record<string, unknown>) => ({ clusterName: "c", nodeRoleArn: "arn:aws:iam::123456789012:role/n", subnetIds: ["subnet-1"], scalingConfig: { desiredSize: 1, maxSize: 1, minSize: 1 }, ...extra });

describe("aws-eks-nodegroup-remote-access", () => {
    let j: Judged;
    beforeAll(async () => {
        j = await check(p, [
            { type: T, name: "open", props: ng({ remoteAccess: { ec2SshKey: "ops" } }) },
            { type: T, name: "scoped", props: ng({ remoteAccess: { ec2SshKey: "ops", sourceSecurityGroupIds: ["sg-1"] } }) },
            { type: T, name: "none", props: ng({}) },
            { type: T, name: "unknown", props: ng({ remoteAccess: { ec2SshKey: "ops", sourceSecurityGroupIds: UNKNOWN } }) },
            { type: "aws:eks/cluster:Cluster", name: "cluster", props: { roleArn: "r", vpcConfig: { subnetIds: [] } } },
        ]);
    });
    it("flags SSH access without source security groups", () => {
        expect(j.messages("open")).toEqual(["remoteAccess has no sourceSecurityGroupIds, so EKS opens SSH (port 22) to 0.0.0.0/0"]);
    });
    it("passes no remote access and remote access scoped to security groups", () => {
        expect(j.outcome("none")).toBe("pass");
        expect(j.outcome("scoped")).toBe("pass");
    });
    it("reports unknown sources as unknown", () => expect(j.outcome("unknown")).toBe("unknown"));
    it("is not applicable to clusters", () => expect(j.outcome("cluster")).toBe("not-applicable"));
});
