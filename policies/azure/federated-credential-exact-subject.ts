import { resourcePolicy } from "../lib/define";
import { AZURE_TOKEN_EXCHANGE_AUDIENCE, judgeFederatedCredential } from "../lib/federated";
import { isAksIssuerUrl } from "../lib/iam";
import { AZURE } from "../lib/types";

/**
 * A managed identity's federated credential trusts one exact service account. A resource policy,
 * so a wildcard or non-exact subject blocks the credential's creation; the stack policy
 * stack-federated-identity-exact-subjects keeps only what needs the stack's AKS clusters.
 */
export const { meta, policy } = resourcePolicy(
    {
        name: "azure-federated-credential-exact-subject",
        title: "Managed-identity federated credentials trust exact subjects",
        theme: "C",
        level: "mandatory",
        severity: "critical",
        kind: "resource",
        checks: [],
        // azure-native API-versioned tokens (`managedidentity/v20230131:…`) resolve to this one.
        resourceTypes: [AZURE.federatedCredential],
        flags: `A managed identity's federated credential with no subject or issuer, a \`*\`/\`?\` subject, a \`system:serviceaccount:\` subject that is not one exact \`system:serviceaccount:<ns>:<sa>\`, any other subject for an AKS issuer (\`https://<region>.oic.prod-aks.azure.com/…\`), or audiences other than exactly \`["${AZURE_TOKEN_EXCHANGE_AUDIENCE}"]\`. A non-service-account subject whose issuer is unknown during preview is reported unknown.`,
        anchors: ["splitplane rule (workload identity)"],
        remediation: `Set \`subject: system:serviceaccount:<namespace>:<name>\`, \`issuer\` to the cluster's \`oidcIssuerProfile.issuerURL\` and \`audiences: ["${AZURE_TOKEN_EXCHANGE_AUDIENCE}"]\`; one credential per service account.`,
    },
    ({ props }, scan) => judgeFederatedCredential(scan, props, (m) => scan.flag(m), isAksIssuerUrl),
);
