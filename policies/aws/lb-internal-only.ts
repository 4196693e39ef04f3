import { resourcePolicy } from "../lib/define";
import { UNSEEN } from "../lib/scan";
import { AWS_ELB_TYPES, AWS_LB_TYPES } from "../lib/types";

/**
 * Row 10: load balancers are internal. Missing is not safe: `internal` defaults to false
 * (internet-facing). A public inference endpoint is a named exemption, visible in the plan report.
 */
export const { meta, policy } = resourcePolicy(
    {
        name: "aws-lb-internal-only",
        title: "Load balancers are internal",
        theme: "I",
        level: "mandatory",
        severity: "high",
        kind: "resource",
        checks: [10],
        resourceTypes: [...AWS_LB_TYPES, ...AWS_ELB_TYPES],
        flags: "A load balancer (`aws:lb`, `aws:alb`, `aws:elasticloadbalancingv2`, classic `aws:elb`) whose `internal` is not true (absent means internet-facing).",
        anchors: ["splitplane rule (outbound-only planes)"],
        remediation: "Set `internal: true`; for a deliberate public endpoint add an exemption with its reason (URN in `splitplane:policy.exemptions`, or the `splitplane:exemption` tag).",
    },
    ({ props }, scan) => {
        const internal = scan.get(props, "internal");
        if (internal === true || internal === UNSEEN) return;
        scan.flag(`the load balancer is internet-facing (internal is ${internal === undefined ? "absent, which means false" : String(internal)})`);
    },
);
