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
        flags: "A load balancer (`aws:lb`, `aws:alb` and their `elasticloadbalancingv2` / `applicationloadbalancing` aliases, classic `aws:elb`) whose `internal` is not true (absent means internet-facing); Gateway Load Balancers have no scheme and are not flagged.",
        anchors: ["splitplane rule (outbound-only planes)"],
        remediation: "Set `internal: true`; for a deliberate public endpoint add an exemption with its reason (URN in `splitplane:policy.exemptions`, or the `splitplane:exemption` tag).",
    },
    ({ props }, scan) => {
        const internal = scan.get(props, "internal");
        if (internal === true || internal === UNSEEN) return;
        // A Gateway Load Balancer takes no scheme (AWS rejects one); traffic reaches it only
        // through its VPC endpoints, so `internal` absent is not internet-facing there.
        const kind = scan.get(props, "loadBalancerType");
        if (kind === UNSEEN || kind === "gateway") return;
        scan.flag(`the load balancer is internet-facing (internal is ${internal === undefined ? "absent, which means false" : String(internal)})`);
    },
);
