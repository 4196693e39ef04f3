import { resourcePolicy } from "../lib/define";
import { UNSEEN } from "../lib/scan";
import { AWS } from "../lib/types";

/** Row 21: Kubernetes Secrets are envelope-encrypted with a customer-managed KMS key. */
export const { meta, policy } = resourcePolicy(
    {
        name: "aws-eks-secrets-encryption",
        title: "EKS encrypts Secrets with a customer-managed key",
        theme: "H",
        level: "advisory",
        severity: "medium",
        kind: "resource",
        checks: [21],
        resourceTypes: [AWS.eksCluster],
        flags: "An EKS cluster without `encryptionConfig` covering `secrets` (a customer-managed KMS key).",
        anchors: ["CKV_AWS_58", "AWS-0039"],
        remediation: "Set `encryptionConfig: { resources: [\"secrets\"], provider: { keyArn } }` with a rotating KMS key.",
    },
    ({ props }, scan) => {
        const config = scan.get(props, "encryptionConfig");
        if (config === UNSEEN) return;
        const resources = scan.list(config, "resources");
        if (config === undefined || !resources.includes("secrets")) scan.flag("encryptionConfig does not cover secrets with a customer-managed KMS key");
    },
);
