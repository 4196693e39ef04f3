import { beforeAll, describe, expect, it } from "vitest";
import * as p from "../../../policies/aws/nacl-no-internet-admin-ingress";
import { check, Judged, UNKNOWN } from "../harness";

const ACL = "aws:ec2/networkAcl:NetworkAcl";
const RULE = "aws:ec2/networkAclRule:NetworkAclRule";
const entry = (o: Record<string, unknown>) => ({ ruleNo: 100, action: "allow", protocol: "tcp", cidrBlock: "0.0.0.0/0", fromPort: 22, toPort: 22, ...o });

describe("aws-nacl-no-internet-admin-ingress", () => {
    let j: Judged;
    beforeAll(async () => {
        j = await check(p, [
            { type: ACL, name: "ssh-open", props: { vpcId: "vpc-1", ingress: [entry({})] } },
            { type: ACL, name: "all-open", props: { vpcId: "vpc-1", ingress: [entry({ protocol: "-1", fromPort: 0, toPort: 0 })] } },
            { type: "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl", name: "default-rdp", props: { defaultNetworkAclId: "acl-1", ingress: [entry({ ipv6CidrBlock: "::/0", cidrBlock: undefined, fromPort: 3000, toPort: 4000 })] } },
            { type: ACL, name: "ephemeral", props: { vpcId: "vpc-1", ingress: [entry({ fromPort: 1024, toPort: 65535 }), entry({ action: "deny" }), entry({ cidrBlock: "10.0.0.0/16" })] } },
            { type: RULE, name: "rule-rdp", props: { networkAclId: "acl-1", ruleNumber: 100, egress: false, protocol: "6", ruleAction: "allow", cidrBlock: "0.0.0.0/0", fromPort: 3389, toPort: 3389 } },
            { type: RULE, name: "rule-egress", props: { networkAclId: "acl-1", ruleNumber: 100, egress: true, protocol: "-1", ruleAction: "allow", cidrBlock: "0.0.0.0/0" } },
            { type: RULE, name: "rule-unknown-port", props: { networkAclId: "acl-1", ruleNumber: 100, protocol: "6", ruleAction: "allow", cidrBlock: "0.0.0.0/0", fromPort: UNKNOWN, toPort: 22 } },
            { type: "aws:ec2/subnet:Subnet", name: "subnet", props: { vpcId: "vpc-1", cidrBlock: "10.0.0.0/24" } },
        ]);
    });
    it("flags SSH, RDP and all-port ingress from the internet, inline and standalone (egress absent means ingress)", () => {
        expect(j.messages("ssh-open")).toEqual(["ingress[0] allows 0.0.0.0/0 (the internet) in on port 22 (admin port 22)"]);
        expect(j.messages("all-open")).toEqual(["ingress[0] allows 0.0.0.0/0 (the internet) in on all ports"]);
        expect(j.messages("default-rdp")).toEqual(["ingress[0] allows ::/0 (the internet) in on ports 3000-4000 (admin port 3389)"]);
        expect(j.messages("rule-rdp")).toEqual(["the rule allows 0.0.0.0/0 (the internet) in on port 3389 (admin port 3389)"]);
    });
    it("passes ephemeral return ranges, deny rules, private sources and egress", () => {
        expect(j.outcome("ephemeral")).toBe("pass");
        expect(j.outcome("rule-egress")).toBe("pass");
    });
    it("reports an unknown port range as unknown", () => expect(j.outcome("rule-unknown-port")).toBe("unknown"));
    it("is not applicable to subnets", () => expect(j.outcome("subnet")).toBe("not-applicable"));
});
