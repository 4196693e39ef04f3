import { resourcePolicy } from "../lib/define";
import { awsPortRange, describePorts, isInternetSource } from "../lib/net";
import { asString, Scan } from "../lib/scan";
import { AWS } from "../lib/types";

/**
 * Rows 1-3: no security group admits the internet, whether the rule is inline
 * (`SecurityGroup.ingress[]`), a classic standalone rule (`ec2.SecurityGroupRule`, type ingress)
 * or a VPC rule resource (`vpc.SecurityGroupIngressRule`). Any port counts: the planes only dial out.
 */
export const { meta, policy } = resourcePolicy(
    {
        name: "aws-sg-no-internet-ingress",
        title: "Security groups admit no internet ingress",
        theme: "I",
        level: "mandatory",
        severity: "critical",
        kind: "resource",
        checks: [1, 2, 3],
        resourceTypes: [AWS.securityGroup, AWS.securityGroupRule, AWS.vpcIngressRule],
        flags: "An ingress rule (inline, `SecurityGroupRule` of type ingress, or `vpc.SecurityGroupIngressRule`) whose source is 0.0.0.0/0 or ::/0 (or a /1), on any port.",
        anchors: ["CKV_AWS_24", "CKV_AWS_25", "CKV_AWS_277", "AWS-0107", "CP aws-ec2-securitygroup-disallow-public-internet-ingress"],
        remediation: "Admit traffic from a security group, a prefix list or the VPC CIDR; a public endpoint needs a named exemption.",
    },
    ({ type, props }, scan) => {
        if (type === AWS.securityGroup) {
            for (const [i, rule] of scan.indexed(props, "ingress")) judgeRule(scan, `ingress[${i}]`, rule, ["cidrBlocks", "ipv6CidrBlocks"], "protocol");
        } else if (type === AWS.securityGroupRule) {
            const direction = scan.get(props, "type");
            if (direction === "ingress") judgeRule(scan, "the rule", props, ["cidrBlocks", "ipv6CidrBlocks"], "protocol");
        } else {
            for (const field of ["cidrIpv4", "cidrIpv6"]) {
                const cidr = asString(scan.get(props, field));
                if (cidr !== undefined && isInternetSource(cidr)) {
                    const ports = awsPortRange(scan.peek(props, "ipProtocol"), scan.peek(props, "fromPort"), scan.peek(props, "toPort"));
                    scan.flag(`${field} ${cidr} admits the internet on ${describePorts(ports)}`);
                }
            }
        }
    },
);

function judgeRule(scan: Scan, where: string, rule: unknown, cidrFields: string[], protocolField: string): void {
    for (const field of cidrFields) {
        for (const cidr of scan.list(rule, field)) {
            if (typeof cidr !== "string" || !isInternetSource(cidr)) continue;
            const ports = awsPortRange(scan.peek(rule, protocolField), scan.peek(rule, "fromPort"), scan.peek(rule, "toPort"));
            scan.flag(`${where} admits ${cidr} (the internet) on ${describePorts(ports)}`);
        }
    }
}
