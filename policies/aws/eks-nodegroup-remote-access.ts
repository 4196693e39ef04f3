import { resourcePolicy } from "../lib/define";
import { UNSEEN } from "../lib/scan";
import { AWS } from "../lib/types";

/** Row 8: SSH to managed nodes, if configured at all, is limited to named security groups. */
export const { meta, policy } = resourcePolicy(
    {
        name: "aws-eks-nodegroup-remote-access",
        title: "EKS node groups open no SSH to the internet",
        theme: "I",
        level: "mandatory",
        severity: "high",
        kind: "resource",
        checks: [8],
        resourceTypes: [AWS.eksNodeGroup],
        flags: "`remoteAccess` set without `sourceSecurityGroupIds`: EKS then opens port 22 to 0.0.0.0/0.",
        anchors: ["CKV_AWS_100"],
        remediation: "Drop `remoteAccess` and use SSM Session Manager, or name `sourceSecurityGroupIds`.",
    },
    ({ props }, scan) => {
        const remote = scan.get(props, "remoteAccess");
        if (remote === undefined || remote === null || remote === UNSEEN) return;
        const sources = scan.get(remote, "sourceSecurityGroupIds");
        if (sources === UNSEEN) return;
        if (!Array.isArray(sources) || sources.length === 0) {
            scan.flag("remoteAccess has no sourceSecurityGroupIds, so EKS opens SSH (port 22) to 0.0.0.0/0");
        }
    },
);
