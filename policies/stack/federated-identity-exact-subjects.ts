import type { PolicyResource } from "@pulumi/policy";
import { stackPolicy, StackSubject } from "../lib/define";
import { AZURE_TOKEN_EXCHANGE_AUDIENCE, judgeFederatedCredential } from "../lib/federated";
import { isAksIssuerUrl, normalizeIssuer, SERVICE_ACCOUNT_PREFIX, SERVICE_ACCOUNT_SUBJECT } from "../lib/iam";
import { Scan } from "../lib/scan";
import { AZURE, canonicalType } from "../lib/types";

const AD_APP_FEDERATED = "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential";

/**
 * Stack policy: federated identities trusted by one of the stack's AKS clusters name exact service
 * accounts. It keeps what needs more than one resource, the issuer wiring: whether a credential's
 * issuer is a cluster of this stack. Everything one resource shows is judged when that resource is
 * created, by aws-iam-web-identity-exact-subjects (IAM roles) and
 * azure-federated-credential-exact-subject (managed identities), and is not reported twice here.
 */
export const { meta, policy } = stackPolicy(
    {
        name: "stack-federated-identity-exact-subjects",
        title: "Federated identities trust exact service-account subjects",
        theme: "C",
        level: "mandatory",
        severity: "critical",
        kind: "stack",
        checks: [],
        resourceTypes: [AZURE.aks, AZURE.federatedCredential, AD_APP_FEDERATED],
        flags: `An Entra application's federated credential (azuread) with no subject or issuer, a wildcard or non-exact service-account subject, a non-service-account subject for an AKS issuer (Azure's public-cloud issuer or any cluster of the stack), or audiences other than exactly \`["${AZURE_TOKEN_EXCHANGE_AUDIENCE}"]\`; a managed identity's federated credential with a non-service-account subject whose issuer is one of the stack's AKS clusters (\`oidcIssuerProfile.issuerURL\`) but not recognisable on its own. IAM roles, and what a managed identity's credential shows on its own, are left to the resource policies aws-iam-web-identity-exact-subjects and azure-federated-credential-exact-subject, which block them at creation; they are not reported twice.`,
        anchors: ["splitplane rule (IRSA / workload identity)"],
        remediation: `Trust \`system:serviceaccount:<namespace>:<name>\` with \`audiences: ["${AZURE_TOKEN_EXCHANGE_AUDIENCE}"]\`; one credential per service account.`,
    },
    (subject, scan) => {
        const aksIssuers = new Set<string>();
        for (const r of subject.resources) {
            if (canonicalType(r.type) !== AZURE.aks) continue;
            const url = scan.peek(scan.peek(r.props, "oidcIssuerProfile"), "issuerURL");
            if (typeof url === "string") aksIssuers.add(normalizeIssuer(url));
        }
        const ofStack = (url: string) => aksIssuers.has(normalizeIssuer(url));
        for (const r of subject.resources) {
            if (r.type === AD_APP_FEDERATED) judgeFederatedCredential(scan, r.props, (m) => subject.flag(r, m), (url) => isAksIssuerUrl(url) || ofStack(url));
            // azure-native resources may be registered under an API-versioned token.
            else if (canonicalType(r.type) === AZURE.federatedCredential) judgeIssuerWiring(subject, scan, r, ofStack);
        }
    },
);

/**
 * The one thing azure-federated-credential-exact-subject cannot see: an issuer that is a cluster
 * of this stack without looking like Azure's public-cloud AKS issuer (another cloud's, say).
 */
function judgeIssuerWiring(subject: StackSubject, scan: Scan, r: PolicyResource, ofStack: (url: string) => boolean): void {
    const sub = scan.get(r.props, "subject");
    // Wildcards, service-account-shaped subjects and exact ones are the resource policy's.
    if (typeof sub !== "string" || /[*?]/.test(sub) || SERVICE_ACCOUNT_SUBJECT.test(sub) || sub.startsWith(SERVICE_ACCOUNT_PREFIX)) return;
    const issuer = scan.get(r.props, "issuer");
    if (typeof issuer === "string" && !isAksIssuerUrl(issuer) && ofStack(issuer)) {
        subject.flag(r, `the federated credential trusts ${sub}, not an exact system:serviceaccount:<namespace>:<name>, and its issuer is an AKS cluster of this stack`);
    }
}
