import { resourcePolicy } from "../lib/define";
import { isInternetSource } from "../lib/net";
import { UNSEEN } from "../lib/scan";
import { AWS } from "../lib/types";

/**
 * Row 7: the EKS API endpoint is private, or public only to named CIDRs. Missing is not safe:
 * AWS defaults `endpointPublicAccess` to true and `publicAccessCidrs` to 0.0.0.0/0.
 */
export const { meta, policy } = resourcePolicy(
    {
        name: "aws-eks-private-endpoint",
        title: "EKS API endpoint is private",
        theme: "I",
        level: "mandatory",
        severity: "critical",
        kind: "resource",
        checks: [7],
        resourceTypes: [AWS.eksCluster],
        flags: "`vpcConfig.endpointPublicAccess` not false (absent means true) while `publicAccessCidrs` is absent, empty or includes the internet.",
        anchors: ["CKV_AWS_38", "CKV_AWS_39", "AWS-0040", "AWS-0041", "CP aws-eks-cluster-disallow-api-endpoint-public-access"],
        remediation: "Set `vpcConfig.endpointPublicAccess: false` and `endpointPrivateAccess: true` (splitplane's default), or list the admin CIDRs in `splitplane:cluster.publicEndpointCidrs`.",
    },
    ({ props }, scan) => {
        const vpc = scan.get(props, "vpcConfig");
        if (vpc === UNSEEN) return;
        const publicAccess = scan.get(vpc, "endpointPublicAccess");
        if (publicAccess === false || publicAccess === UNSEEN) return;
        const cidrsValue = scan.get(vpc, "publicAccessCidrs");
        if (cidrsValue === UNSEEN) return;
        const implicit = publicAccess === undefined ? " (absent, and AWS defaults it to true)" : "";
        if (!Array.isArray(cidrsValue) || cidrsValue.length === 0) {
            scan.flag(`vpcConfig.endpointPublicAccess is not false${implicit} and publicAccessCidrs is unset, which AWS reads as 0.0.0.0/0`);
            return;
        }
        const cidrs = scan.list(vpc, "publicAccessCidrs");
        const open = cidrs.filter((c): c is string => typeof c === "string" && isInternetSource(c));
        if (open.length > 0) scan.flag(`vpcConfig.endpointPublicAccess is not false${implicit} and publicAccessCidrs includes ${open.join(", ")}`);
    },
);
