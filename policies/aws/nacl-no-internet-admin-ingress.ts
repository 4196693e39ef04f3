import { resourcePolicy } from "../lib/define";
import { ADMIN_PORTS, awsPortRange, coversAllPorts, describePorts, includesPort, isInternetSource } from "../lib/net";
import { asString, Scan, UNSEEN } from "../lib/scan";
import { AWS } from "../lib/types";

/**
 * Row 5: a network ACL must not allow SSH, RDP or every port in from the internet. The return
 * range for outbound connections (from 1024 or above up to the top of the ephemeral range) stays
 * allowed: stateless ACLs need it for every reply, and the stateful security groups still block
 * RDP inside it.
 */
export const { meta, policy } = resourcePolicy(
    {
        name: "aws-nacl-no-internet-admin-ingress",
        title: "Network ACLs allow no admin or all-port ingress from the internet",
        theme: "I",
        level: "mandatory",
        severity: "high",
        kind: "resource",
        checks: [5],
        resourceTypes: [AWS.networkAcl, AWS.defaultNetworkAcl, AWS.networkAclRule],
        flags: "An allow rule for ingress from 0.0.0.0/0 or ::/0 that covers port 22, port 3389 or every port (protocol -1), inline or as a `NetworkAclRule`; the ephemeral return range (from 1024+ up to 60999 or more) is allowed.",
        anchors: ["CKV_AWS_229", "CKV_AWS_230", "CKV_AWS_231", "CKV_AWS_232", "AWS-0105", "AWS-0102"],
        remediation: "Allow ingress from the VPC CIDR, or only the ephemeral return range from the internet.",
    },
    ({ type, props }, scan) => {
        if (type === AWS.networkAclRule) {
            const egress = scan.get(props, "egress");
            if (egress === true || egress === UNSEEN) return;
            judge(scan, "the rule", props, "ruleAction");
        } else {
            for (const [i, rule] of scan.indexed(props, "ingress")) judge(scan, `ingress[${i}]`, rule, "action");
        }
    },
);

function judge(scan: Scan, where: string, rule: unknown, actionField: string): void {
    const action = asString(scan.get(rule, actionField));
    if (action?.toLowerCase() !== "allow") return;
    const protocol = scan.get(rule, "protocol");
    if (protocol === UNSEEN || ["1", "icmp", "58", "icmpv6"].includes(String(protocol).toLowerCase())) return;
    for (const field of ["cidrBlock", "ipv6CidrBlock"]) {
        const cidr = asString(scan.get(rule, field));
        if (cidr === undefined || !isInternetSource(cidr)) continue;
        const from = scan.get(rule, "fromPort");
        const to = scan.get(rule, "toPort");
        if (from === UNSEEN || to === UNSEEN) continue;
        const ports = awsPortRange(protocol, from, to);
        // The outbound return range (e.g. 1024-65535) holds 3389 but is what replies need.
        const returnRange = ports.from >= 1024 && ports.to >= 60999;
        const admin = returnRange ? [] : ADMIN_PORTS.filter((p) => includesPort(ports, p));
        if (coversAllPorts(ports) || admin.length > 0) {
            scan.flag(`${where} allows ${cidr} (the internet) in on ${describePorts(ports)}${coversAllPorts(ports) ? "" : ` (admin port ${admin.join(", ")})`}`);
        }
    }
}
