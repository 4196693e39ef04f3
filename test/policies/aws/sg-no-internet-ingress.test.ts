import { beforeAll, describe, expect, it } from "vitest";
import * as sg from "../../../policies/aws/sg-no-internet-ingress";
import { check, Judged, UNKNOWN } from "../harness";

const tcp = (port: number, cidrs: unknown[]) => ({ protocol: "tcp", fromPort: port, toPort: port, cidrBlocks: cidrs });

describe("aws-sg-no-internet-ingress", () => {
    let j: Judged;
    beforeAll(async () => {
        j = await check(sg, [
            { type: "aws:ec2/securityGroup:SecurityGroup", name: "inline-open", props: { ingress: [tcp(443, ["10.0.0.0/8"]), tcp(443, ["0.0.0.0/0"])] } },
            { type: "aws:ec2/securityGroup:SecurityGroup", name: "inline-v6", props: { ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, ipv6CidrBlocks: ["::/0"] }] } },
            { type: "aws:ec2/securityGroup:SecurityGroup", name: "half-internet", props: { ingress: [tcp(22, ["0.0.0.0/1", "128.0.0.0/1"])] } },
            { type: "aws:ec2/securityGroupRule:SecurityGroupRule", name: "rule-open", props: { type: "ingress", securityGroupId: "sg-1", ...tcp(5432, ["0.0.0.0/0"]) } },
            { type: "aws:ec2/securityGroupRule:SecurityGroupRule", name: "rule-egress", props: { type: "egress", securityGroupId: "sg-1", ...tcp(443, ["0.0.0.0/0"]) } },
            { type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", name: "vpc-open", props: { securityGroupId: "sg-1", ipProtocol: "tcp", fromPort: 80, toPort: 80, cidrIpv4: "0.0.0.0/0" } },
            { type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", name: "vpc-private", props: { securityGroupId: "sg-1", ipProtocol: "tcp", fromPort: 80, toPort: 80, cidrIpv4: "10.40.0.0/16" } },
            { type: "aws:ec2/securityGroup:SecurityGroup", name: "private", props: { ingress: [tcp(443, ["10.40.0.0/16"]), { protocol: "tcp", fromPort: 443, toPort: 443, securityGroups: ["sg-2"] }] } },
            { type: "aws:ec2/securityGroup:SecurityGroup", name: "unknown-cidr", props: { ingress: [tcp(22, ["0.0.0.0/0"]), tcp(443, [UNKNOWN])] } },
            { type: "aws:ec2/securityGroup:SecurityGroup", name: "unknown-only", props: { ingress: [tcp(443, [UNKNOWN])] } },
            { type: "aws:ec2/securityGroupRule:SecurityGroupRule", name: "rule-unknown-type", props: { type: UNKNOWN, securityGroupId: "sg-1", ...tcp(443, ["0.0.0.0/0"]) } },
            { type: "aws:ec2/vpc:Vpc", name: "vpc", props: { cidrBlock: "10.0.0.0/16" } },
        ]);
    });

    it("flags inline ingress from 0.0.0.0/0 and ::/0 at mandatory level, naming rule and ports", () => {
        expect(j.messages("inline-open")).toEqual(["ingress[1] admits 0.0.0.0/0 (the internet) on port 443"]);
        expect(j.of("inline-open")[0].enforcementLevel).toBe("mandatory");
        expect(j.messages("inline-v6")).toEqual(["ingress[0] admits ::/0 (the internet) on all ports"]);
    });

    it("treats two /1 blocks as the internet", () => {
        expect(j.messages("half-internet")).toHaveLength(2);
    });

    it("flags standalone ingress rules of both resource kinds, and ignores egress rules", () => {
        expect(j.messages("rule-open")).toEqual(["the rule admits 0.0.0.0/0 (the internet) on port 5432"]);
        expect(j.messages("vpc-open")).toEqual(["cidrIpv4 0.0.0.0/0 admits the internet on port 80"]);
        expect(j.outcome("rule-egress")).toBe("pass");
    });

    it("passes private CIDRs and security-group references", () => {
        expect(j.outcome("private")).toBe("pass");
        expect(j.outcome("vpc-private")).toBe("pass");
    });

    it("reports known violations first, then the unknown value (never a pass)", () => {
        expect(j.of("unknown-cidr").map((r) => r.outcome)).toEqual(["violation", "unknown"]);
        expect(j.of("unknown-cidr")[1].message).toContain(".ingress.1.cidrBlocks.0 can't be known during preview");
        expect(j.outcome("unknown-only")).toBe("unknown");
        expect(j.outcome("rule-unknown-type")).toBe("unknown");
    });

    it("is not applicable to other types", () => {
        expect(j.outcome("vpc")).toBe("not-applicable");
    });
});
