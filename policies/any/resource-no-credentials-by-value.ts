import { resourcePolicy } from "../lib/define";
import { isWorkloadType } from "../lib/k8s";
import { findByValue } from "../lib/walk";
import { AWS, HELM } from "../lib/types";

/**
 * Inputs that a named theme-C policy already judges by value, so a defect is reported once:
 * type, then the top-level inputs left to that policy.
 */
const COVERED: Readonly<Record<string, readonly string[]>> = {
    [AWS.lambdaFunction]: ["environment"],
    [AWS.instance]: ["userData", "userDataBase64"],
    [AWS.spotInstanceRequest]: ["userData", "userDataBase64"],
    [AWS.launchTemplate]: ["userData"],
    [AWS.ecsTaskDefinition]: ["containerDefinitions"],
    [HELM.release]: ["values"],
    [HELM.chartV4]: ["values"],
    "kubernetes:core/v1:Secret": ["data", "stringData"],
    "kubernetes:core/v1:SecretPatch": ["data", "stringData"],
    "kubernetes:core/v1:ConfigMap": ["data", "binaryData"],
    "kubernetes:core/v1:ConfigMapPatch": ["data", "binaryData"],
};

/**
 * Theme C, by value, on every resource type: a credential recognisable by its value alone (an
 * issuer's token format, a private key, a JWT, a connection string with a password) in any string
 * input at any depth, or inside a document a string carries (base64 user data, a YAML/JSON config
 * file, a kubeconfig, whose keys are judged by name too). One detector, shared with the stack-config
 * validator (policies/lib/credentials.ts). A resource policy, so it blocks at creation.
 */
export const { meta, policy } = resourcePolicy(
    {
        name: "any-resource-no-credentials-by-value",
        title: "No credential by value in any input of any resource",
        theme: "C",
        level: "mandatory",
        severity: "critical",
        kind: "resource",
        checks: [],
        resourceTypes: ["every resource type (providers are left to the provider policies)"],
        flags: "A string anywhere in any resource's inputs (nested objects and arrays included) that is a credential by its value (AWS keys, private keys, JWTs, GitHub/Slack/LLM-provider tokens, connection strings with passwords…), or a base64, YAML or JSON document in a string (user data, a config file, a kubeconfig) that holds one by value or under a credential-named key. The name of a Secret or of a key inside one is not a credential. Inputs that a named policy judges by value (Lambda environments, EC2 user data, ECS container definitions, Helm values, Secret and ConfigMap data, container env) are left to it.",
        anchors: ["CKV_SECRET_*", "CKV_AWS_46", "AWS-0029", "KICS a88baa34"],
        remediation: "Store the credential in AWS Secrets Manager / Azure Key Vault and pass its ARN or reference; generate per-workload credentials from workload identity instead of embedding them.",
    },
    ({ type, props }, scan) => {
        const covered = new Set(COVERED[type] ?? []);
        const workload = isWorkloadType(type);
        // Container env is k8s-pod-no-literal-credential-env's, at any depth of a workload.
        const skip = (key: string, depth: number) => (depth === 0 && covered.has(key)) || (workload && (key === "env" || key === "envFrom"));
        for (const f of findByValue(scan, props, { skip })) scan.flag(`${f.where} contains ${f.kind}`);
    },
    { appliesTo: (type) => !type.startsWith("pulumi:providers:") },
);
