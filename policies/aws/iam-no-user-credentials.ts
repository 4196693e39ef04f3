import { resourcePolicy } from "../lib/define";
import { AWS } from "../lib/types";

/** Row 13: no long-lived IAM user credentials; people use SSO, workloads use roles and OIDC. */
export const { meta, policy } = resourcePolicy(
    {
        name: "aws-iam-no-user-credentials",
        title: "No IAM user access keys or passwords",
        theme: "C",
        level: "mandatory",
        severity: "critical",
        kind: "resource",
        checks: [13],
        resourceTypes: [AWS.iamAccessKey, AWS.iamUserLoginProfile, AWS.iamServiceSpecificCredential],
        flags: "Any IAM access key, user login profile (console password) or service-specific credential.",
        anchors: ["KICS 7081f85c", "CKV_AWS_273"],
        remediation: "Use IAM roles (IRSA / EKS Pod Identity for workloads, OIDC for CI) and IAM Identity Center for people.",
    },
    ({ type }, scan) => {
        const what = type === AWS.iamAccessKey ? "an IAM access key" : type === AWS.iamUserLoginProfile ? "an IAM user console password" : "an IAM service-specific credential";
        scan.flag(`${what} is a long-lived static credential`);
    },
);
