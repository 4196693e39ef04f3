import type { PolicyResource } from "@pulumi/policy";
import { stackPolicy, StackSubject } from "../lib/define";
import { allowsWebIdentity, conditionValues, isEksIssuerHost, looserOperators, normalizeIssuer, oidcHost, SERVICE_ACCOUNT_SUBJECT, trustStatements } from "../lib/iam";
import { asString, Scan, UNSEEN } from "../lib/scan";
import { AWS, AZURE, canonicalType } from "../lib/types";

const AD_APP_FEDERATED = "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential";
const AZURE_AUDIENCE = "api://AzureADTokenExchange";

/**
 * Stack policy: every federated identity is trusted by exact subjects only. An IAM role trusted by
 * an OIDC provider must pin `sub` (and `aud`) with StringEquals and no wildcard; for an EKS issuer
 * the subject must be one service account. Azure federated credentials must name one service
 * account of an AKS issuer and the Entra token-exchange audience.
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
        resourceTypes: [AWS.iamRole, AZURE.federatedCredential, AD_APP_FEDERATED],
        flags: "An IAM role trusting an OIDC provider without `StringEquals` on `<issuer>:sub` and `<issuer>:aud`, with a wildcard or `StringLike` subject, or (EKS issuers) a subject that is not `system:serviceaccount:<ns>:<sa>` or an audience other than sts.amazonaws.com; an Azure federated credential with a non-exact subject or an audience other than api://AzureADTokenExchange.",
        anchors: ["splitplane rule (IRSA / workload identity)"],
        remediation: "Trust `system:serviceaccount:<namespace>:<name>` with StringEquals on both sub and aud; one role per service account.",
    },
    (subject, scan) => {
        const aksIssuers = new Set<string>();
        for (const r of subject.resources) {
            if (canonicalType(r.type) !== AZURE.aks) continue;
            const url = scan.peek(scan.peek(r.props, "oidcIssuerProfile"), "issuerURL");
            if (typeof url === "string") aksIssuers.add(normalizeIssuer(url));
        }
        for (const r of subject.resources) {
            if (r.type === AWS.iamRole) judgeRole(subject, scan, r);
            // azure-native resources may be registered under an API-versioned token.
            else if (canonicalType(r.type) === AZURE.federatedCredential || r.type === AD_APP_FEDERATED) judgeAzure(subject, scan, r, aksIssuers);
        }
    },
);

function judgeRole(subject: StackSubject, scan: Scan, role: PolicyResource): void {
    const doc = scan.get(role.props, "assumeRolePolicy");
    if (doc === UNSEEN || doc === undefined) return;
    // An object document may have unknown parts (a provider ARN): copy what is known rather than
    // let the first unknown read end the policy before the other roles are judged.
    const statements = trustStatements(typeof doc === "string" ? doc : scan.known(doc));
    if (!statements) return;
    statements.forEach((st, i) => {
        if (st.effect !== "Allow" || st.federated.length === 0 || !allowsWebIdentity(st.actions)) return;
        for (const federated of st.federated) {
            const host = oidcHost(federated);
            if (!host) continue;
            const where = `trust statement ${i} (${host})`;
            const eks = isEksIssuerHost(host);
            const looser = looserOperators(st, `${host}:sub`);
            if (looser.length > 0) subject.flag(role, `${where} matches sub with ${looser.join(", ")}; use StringEquals`);
            // With part of the statement unknown, an absent condition may just be unseen: only
            // what is present is judged, and the unknown is reported after.
            const subs = conditionValues(st, "StringEquals", `${host}:sub`);
            if ((!subs || subs.length === 0) && !st.unknown) subject.flag(role, `${where} has no StringEquals condition on ${host}:sub: any identity the issuer vouches for can assume the role`);
            for (const s of subs ?? []) {
                if (/[*?]/.test(s)) subject.flag(role, `${where} trusts the wildcard subject ${s}`);
                else if (eks && !SERVICE_ACCOUNT_SUBJECT.test(s)) subject.flag(role, `${where} trusts ${s}, not an exact system:serviceaccount:<namespace>:<name>`);
            }
            const auds = conditionValues(st, "StringEquals", `${host}:aud`);
            if (!auds || auds.length === 0) {
                if (!st.unknown) subject.flag(role, `${where} has no StringEquals condition on ${host}:aud`);
            } else if (eks && auds.some((a) => a !== "sts.amazonaws.com")) subject.flag(role, `${where} accepts audiences other than sts.amazonaws.com`);
        }
    });
}

function judgeAzure(subject: StackSubject, scan: Scan, r: PolicyResource, aksIssuers: ReadonlySet<string>): void {
    const sub = scan.get(r.props, "subject");
    if (typeof sub === "string") {
        if (/[*?]/.test(sub)) subject.flag(r, `the federated credential trusts the wildcard subject ${sub}`);
        else if (!SERVICE_ACCOUNT_SUBJECT.test(sub)) {
            // Only now does the issuer matter (a GitHub subject is fine for GitHub's issuer); in a new
            // stack's preview the AKS issuer URL is unknown, and an exact subject must not wait on it.
            const issuer = scan.get(r.props, "issuer");
            const fromAks = typeof issuer === "string" && (aksIssuers.has(normalizeIssuer(issuer)) || /\.oic\.prod-aks\.azure\.com\//.test(issuer));
            if (fromAks) subject.flag(r, `the federated credential trusts ${sub}, not an exact system:serviceaccount:<namespace>:<name>`);
        }
    }
    const audiences = scan.get(r.props, "audiences");
    if (audiences === UNSEEN) return;
    const count = Array.isArray(audiences) ? audiences.length : 0;
    // Unknown elements are left out of `known` (and reported); the count is known regardless.
    const known = scan.list(r.props, "audiences").map((a) => asString(a));
    if (count !== 1 || known.some((a) => a !== AZURE_AUDIENCE)) subject.flag(r, `the federated credential's audiences must be exactly ["${AZURE_AUDIENCE}"]`);
}
