import { resourcePolicy } from "../lib/define";
import { AWS } from "../lib/types";

/** Row 4: the VPC's default security group is adopted with no rules, so nothing can lean on it. */
export const { meta, policy } = resourcePolicy(
    {
        name: "aws-default-sg-no-rules",
        title: "Default security group has no rules",
        theme: "I",
        level: "mandatory",
        severity: "high",
        kind: "resource",
        checks: [4],
        resourceTypes: [AWS.defaultSecurityGroup],
        flags: "A `DefaultSecurityGroup` with any ingress or egress rule (resources that fall back to the default group would inherit it).",
        anchors: ["CKV2_AWS_12", "AWS-0173"],
        remediation: "Adopt the default security group with `ingress: []` and `egress: []`; give every resource its own group.",
    },
    ({ props }, scan) => {
        for (const field of ["ingress", "egress"]) {
            // Any rule is a violation whatever it holds, so a rule with unknown parts counts too.
            const rules = scan.get(props, field);
            if (Array.isArray(rules) && rules.length > 0) scan.flag(`the default security group has ${rules.length} ${field} rule(s); it must have none`);
        }
    },
);
