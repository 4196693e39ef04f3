import { resourcePolicy } from "../lib/define";
import {
    allowsWebIdentity,
    conditionIssuers,
    conditionValues,
    isEksIssuerHost,
    looserOperators,
    SERVICE_ACCOUNT_PREFIX,
    SERVICE_ACCOUNT_SUBJECT,
    TrustStatement,
    trustStatements,
    webIdentityIssuer,
} from "../lib/iam";
import { Scan, UNSEEN } from "../lib/scan";
import { AWS } from "../lib/types";

const STS_AUDIENCE = "sts.amazonaws.com";

/**
 * An IAM role that web identities (IRSA, any OIDC or web-identity provider) may assume is trusted
 * by exact subjects only. A resource policy, so a wildcard or missing subject blocks the role's
 * creation; stack-federated-identity-exact-subjects, which ran after the fact, leaves roles to it.
 */
export const { meta, policy } = resourcePolicy(
    {
        name: "aws-iam-web-identity-exact-subjects",
        title: "IAM roles trust web identities by exact subjects",
        theme: "C",
        level: "mandatory",
        severity: "critical",
        kind: "resource",
        checks: [],
        resourceTypes: [AWS.iamRole],
        flags: "A trust statement allowing `sts:AssumeRoleWithWebIdentity` (directly, `sts:*` or `*`) to a `Federated` principal without `StringEquals` on `<issuer>:sub` and `<issuer>:aud`, with a `*`/`?` subject or a `StringLike` (or other non-`StringEquals`) match on `sub`; for a Kubernetes issuer (an EKS issuer, or a trust naming `system:serviceaccount:` subjects) a subject that is not one exact `system:serviceaccount:<ns>:<sa>` or an audience other than sts.amazonaws.com. Service principals (EKS Pod Identity's `pods.eks.amazonaws.com`) and SAML providers are not judged; a trust policy unknown during preview is reported unknown.",
        anchors: ["splitplane rule (IRSA / workload identity)"],
        remediation: "Trust `system:serviceaccount:<namespace>:<name>` with StringEquals on both `<issuer>:sub` and `<issuer>:aud` (sts.amazonaws.com); one role per service account (splitplane's `irsaTrustPolicy` does), or use EKS Pod Identity.",
    },
    ({ props }, scan) => {
        const doc = scan.get(props, "assumeRolePolicy");
        // An unknown JSON string is remembered by the read above and reported unknown, never passed.
        if (doc === UNSEEN || doc === undefined) return;
        // An object document may have unknown parts (the provider ARN): judge what is known first.
        const statements = trustStatements(typeof doc === "string" ? doc : scan.known(doc));
        statements?.forEach((st, i) => judgeStatement(scan, st, i));
    },
);

function judgeStatement(scan: Scan, st: TrustStatement, index: number): void {
    if (st.effect !== "Allow" || !allowsWebIdentity(st.actions)) return;
    const issuers = st.federated.map(webIdentityIssuer).filter((x): x is string => x !== undefined);
    for (const issuer of issuers) judgeIssuer(scan, st, index, issuer, true);
    if (!st.federatedUnknown) return;
    // An unknown provider's issuer is read off the literal condition keys; what is absent is not
    // claimed (the provider may be another issuer), what is present is judged.
    const seen = new Set(issuers.map((x) => x.toLowerCase()));
    for (const issuer of conditionIssuers(st)) if (!seen.has(issuer.toLowerCase())) judgeIssuer(scan, st, index, issuer, false);
}

function judgeIssuer(scan: Scan, st: TrustStatement, index: number, issuer: string, knownPrincipal: boolean): void {
    const where = `trust statement ${index} (${issuer})`;
    // With part of the statement unknown, an absent condition may just be unseen.
    const claimAbsence = knownPrincipal && !st.unknown;
    const looser = looserOperators(st, `${issuer}:sub`);
    if (looser.length > 0) scan.flag(`${where} matches sub with ${looser.join(", ")}; use StringEquals`);
    const subs = conditionValues(st, "StringEquals", `${issuer}:sub`) ?? [];
    if (subs.length === 0 && claimAbsence) scan.flag(`${where} has no StringEquals condition on ${issuer}:sub: any identity the issuer vouches for can assume the role`);
    const kubernetes = isEksIssuerHost(issuer) || subs.some((s) => s.startsWith(SERVICE_ACCOUNT_PREFIX));
    for (const s of subs) {
        if (/[*?]/.test(s)) scan.flag(`${where} trusts the wildcard subject ${s}`);
        else if (kubernetes && !SERVICE_ACCOUNT_SUBJECT.test(s)) scan.flag(`${where} trusts ${s}, not an exact system:serviceaccount:<namespace>:<name>`);
    }
    const auds = conditionValues(st, "StringEquals", `${issuer}:aud`) ?? [];
    if (auds.length === 0) {
        if (claimAbsence) scan.flag(`${where} has no StringEquals condition on ${issuer}:aud`);
    } else if (kubernetes && auds.some((a) => a !== STS_AUDIENCE)) scan.flag(`${where} accepts audiences other than ${STS_AUDIENCE}`);
}
