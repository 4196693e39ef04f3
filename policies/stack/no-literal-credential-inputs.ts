import type { PolicyResource } from "@pulumi/policy";
import { CREDENTIAL_INPUTS } from "../lib/credential-inputs.generated";
import { credentialKind, isLiteralCredential } from "../lib/credentials";
import { stackPolicy } from "../lib/define";
import { Scan, UNSEEN } from "../lib/scan";
import { AWS, AZURE, canonicalType } from "../lib/types";

/**
 * Inputs a named policy already judges (stricter: set at all, computed or not), so a defect is
 * reported once: type, then the top-level input, then the policy that judges it.
 */
export const COVERED: Readonly<Record<string, Readonly<Record<string, string>>>> = {
    [AWS.rdsInstance]: { password: "aws-db-managed-master-password", passwordWo: "aws-db-managed-master-password" },
    [AWS.rdsCluster]: { masterPassword: "aws-db-managed-master-password", masterPasswordWo: "aws-db-managed-master-password" },
    [AWS.docdbCluster]: { masterPassword: "aws-db-managed-master-password", masterPasswordWo: "aws-db-managed-master-password" },
    [AWS.redshiftCluster]: { masterPassword: "aws-db-managed-master-password", masterPasswordWo: "aws-db-managed-master-password" },
    [AZURE.postgres]: { administratorLoginPassword: "azure-postgres-entra-only" },
    [AZURE.aks]: { servicePrincipalProfile: "azure-aks-no-local-accounts" },
    "kubernetes:core/v1:Secret": { data: "stack-no-k8s-secret-data", stringData: "stack-no-k8s-secret-data" },
    "kubernetes:core/v1:SecretPatch": { data: "stack-no-k8s-secret-data", stringData: "stack-no-k8s-secret-data" },
};

/** An ARN (an IAM role, a secret's, a key's) names a credential's holder, never holds one. */
const ARN = /^arn:aws[a-z-]*:/;

/**
 * Theme C for every resource type of the three providers: an input that holds a credential
 * (policies/lib/credential-inputs.generated.ts, derived from the installed SDKs' secret marks and
 * input types) set to a literal. A literal is known at plan time and computed from no other
 * resource: the engine's property dependencies tell an output of another resource (a generated
 * password, a secret version) from a value written in the program, which is why this is a stack
 * policy (resource policies see no dependencies). It blocks a preview; during `up` it reports after
 * registration, where the named resource policies block at creation.
 */
export const { meta, policy } = stackPolicy(
    {
        name: "stack-no-literal-credential-inputs",
        title: "No literal credential in any resource's credential inputs",
        theme: "C",
        level: "mandatory",
        severity: "critical",
        kind: "stack",
        checks: [],
        resourceTypes: [`${Object.keys(CREDENTIAL_INPUTS).length} types of @pulumi/aws, @pulumi/azure-native and @pulumi/kubernetes (policies/lib/credential-inputs.generated.ts)`],
        flags: "A credential input of any resource type (the SDK's secret-marked inputs and every input, at any depth, named like a credential: a broker user's `password`, a VPN `sharedKey`, an app's `clientSecret`, a chart repository's `password`) holding a literal: a string or number known at plan time that no other resource's output feeds (a `pulumi.secret(\"…\")` literal included; a `secure:` stack config value cannot be told from one under CrossGuard and counts too). An object under such an input has each string judged by the shared detector. References (secret-store ARNs, `${VAR}`, Key Vault references) and values unknown during preview (outputs of other resources) are not literals. Inputs a named policy judges are left to it.",
        anchors: ["CKV_SECRET_*", "CKV_AWS_41", "CKV_AZURE_41", "KICS a88baa34"],
        remediation: "Let the service manage the credential (managed master passwords, managed identities), or read it from AWS Secrets Manager / Azure Key Vault at runtime; where an input must be set, feed it from a secret-store resource's output, never a literal.",
    },
    ({ resources, flag }, scan) => {
        for (const r of resources) {
            const type = canonicalType(r.type);
            const paths = CREDENTIAL_INPUTS[type];
            if (!paths) continue;
            const covered = COVERED[type] ?? {};
            for (const p of paths) {
                const segments = p.split(".");
                const top = segments[0].replace(/\[\]$/, "");
                if (covered[top] !== undefined) continue;
                // Computed from another resource (a generated password, a secret version's output).
                if ((r.propertyDependencies?.[top] ?? []).length > 0) continue;
                for (const [where, value] of resolve(scan, r.props, segments, "")) {
                    const kind = judgeLeaf(scan, where.split(/[.[\]]/).filter(Boolean).pop() ?? where, value);
                    if (kind) flag(r, `${describe(r)}: ${where} holds ${kind} (known at plan time, from no other resource); read it from a secret store or let the service manage it`);
                }
            }
        }
    },
);

function describe(r: PolicyResource): string {
    return `${r.type.split(":").pop()} '${r.name}'`;
}

/** The values at a path (`users[].password`), each with its concrete location (`users[1].password`); unknown steps are not followed. */
function resolve(scan: Scan, node: unknown, segments: string[], where: string): Array<[string, unknown]> {
    if (segments.length === 0) return [[where, node]];
    const [head, ...rest] = segments;
    const list = head.endsWith("[]");
    const key = list ? head.slice(0, -2) : head;
    const next = scan.peek(node, key);
    const at = where ? `${where}.${key}` : key;
    if (next === undefined || next === null || next === UNSEEN) return [];
    if (!list) return resolve(scan, next, rest, at);
    if (!Array.isArray(next)) return [];
    // Indices from the length: `next.flatMap` would read unknown elements through the analyzer's proxy.
    return Array.from({ length: next.length }, (_, i) => i).flatMap((i) => {
        const item = scan.peek(next, i);
        return item === UNSEEN || item === undefined ? [] : resolve(scan, item, rest, `${at}[${i}]`);
    });
}

/** A label for a literal credential at a leaf, or undefined. */
function judgeLeaf(scan: Scan, name: string, value: unknown, depth = 0): string | undefined {
    if (value === UNSEEN || value === undefined || value === null) return undefined;
    if (typeof value === "number") return Number.isFinite(value) ? "a literal credential" : undefined;
    if (typeof value === "string") return isLiteralCredential(value) && !ARN.test(value.trim()) ? "a literal credential" : undefined;
    if (typeof value !== "object" || depth > 8) return undefined;
    // An object under a credential name (`basicAuthCredentials: { username, password }`): each
    // string judged by its own name, so that `secretName` or an ARN inside is not a credential.
    for (const k of Object.keys(value)) {
        const v = scan.peek(value, k);
        const kind = v !== null && typeof v === "object" ? judgeLeaf(scan, k, v, depth + 1) : typeof v === "string" && ARN.test(v.trim()) ? undefined : credentialKind(Array.isArray(value) ? name : k, v);
        if (kind) return kind;
    }
    return undefined;
}
