/**
 * IAM trust policies as CrossGuard sees them: a JSON string (or an object from a typed
 * `PolicyDocument`), with Statement, Action, Principal and condition values that may each be a
 * single value or a list. Pure functions over plain values.
 */
import { UNSEEN } from "./scan";

export interface TrustStatement {
    effect: string;
    actions: string[];
    federated: string[];
    conditions: Record<string, Record<string, string[]>>;
    /** Some part of the statement is unknown during preview (its lists hold only the known values). */
    unknown: boolean;
    /**
     * The Principal, or a Federated entry, is unknown (an OIDC provider's ARN during preview): the
     * statement may be federated by an issuer `federated` does not list.
     */
    federatedUnknown: boolean;
}

function strings(v: unknown): string[] {
    if (typeof v === "string") return [v];
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

function hasUnseen(v: unknown, depth = 0): boolean {
    if (v === UNSEEN) return true;
    if (v === null || typeof v !== "object" || depth > 32) return false;
    return Object.values(v).some((x) => hasUnseen(x, depth + 1));
}

/**
 * Parses a trust policy; undefined when it is not a policy document. An object document may hold
 * `UNSEEN` parts (see `Scan.known`): they are left out of the statement's lists and mark it unknown.
 */
export function trustStatements(doc: unknown): TrustStatement[] | undefined {
    let value = doc;
    if (typeof doc === "string") {
        try {
            value = JSON.parse(doc);
        } catch {
            return undefined;
        }
    }
    if (value === null || typeof value !== "object") return undefined;
    const raw = (value as { Statement?: unknown }).Statement;
    const list = Array.isArray(raw) ? raw : raw !== undefined ? [raw] : [];
    return list.map((s: Record<string, any>) => {
        const conditions: TrustStatement["conditions"] = {};
        const condition = s?.Condition;
        for (const [op, body] of Object.entries(condition !== null && typeof condition === "object" ? (condition as Record<string, unknown>) : {})) {
            conditions[op] = {};
            if (body === null || typeof body !== "object") continue;
            for (const [key, vals] of Object.entries(body as Record<string, unknown>)) conditions[op][key] = strings(vals);
        }
        const principal = s?.Principal;
        return {
            effect: String(s?.Effect ?? ""),
            actions: strings(s?.Action),
            federated: principal && typeof principal === "object" ? strings(principal.Federated) : [],
            conditions,
            unknown: hasUnseen(s),
            federatedUnknown: principal === UNSEEN || (principal !== null && typeof principal === "object" && hasUnseen(principal.Federated)),
        };
    });
}

/** The issuer host of an IAM OIDC provider ARN (`…:oidc-provider/oidc.eks.<region>.amazonaws.com/id/<ID>`). */
export function oidcHost(federated: string): string | undefined {
    const i = federated.indexOf(":oidc-provider/");
    return i < 0 ? undefined : federated.slice(i + ":oidc-provider/".length);
}

/**
 * The prefix of a web-identity principal's condition keys (`<prefix>:sub`, `<prefix>:aud`): an IAM
 * OIDC provider's issuer host, or the provider's own name (`accounts.google.com`,
 * `cognito-identity.amazonaws.com`). Undefined for a SAML provider, which web identity cannot use.
 */
export function webIdentityIssuer(federated: string): string | undefined {
    const host = oidcHost(federated);
    if (host !== undefined) return host;
    return /^arn:[^:]+:iam::[^:]*:saml-provider\//i.test(federated) ? undefined : federated;
}

/**
 * The issuers a statement's conditions name (`<issuer>:sub` / `<issuer>:aud`, under any operator),
 * for a statement whose principal is unknown: the condition keys are literal even when the
 * provider's ARN is not. `saml:` keys belong to SAML, not web identity.
 */
export function conditionIssuers(st: TrustStatement): string[] {
    const found = new Map<string, string>();
    for (const body of Object.values(st.conditions)) {
        for (const key of Object.keys(body)) {
            const m = /^(.+):(sub|aud)$/i.exec(key);
            if (m && m[1].toLowerCase() !== "saml" && !found.has(m[1].toLowerCase())) found.set(m[1].toLowerCase(), m[1]);
        }
    }
    return [...found.values()];
}

/** Whether an action list allows web-identity role assumption (directly or by wildcard). */
export function allowsWebIdentity(actions: readonly string[]): boolean {
    return actions.some((a) => /^(sts:AssumeRoleWithWebIdentity|sts:\*|\*)$/i.test(a));
}

/** Condition values for `<host>:<claim>` under one operator (condition keys are case-insensitive). */
export function conditionValues(st: TrustStatement, operator: string, key: string): string[] | undefined {
    const body = Object.entries(st.conditions).find(([op]) => op.toLowerCase() === operator.toLowerCase())?.[1];
    if (!body) return undefined;
    const hit = Object.entries(body).find(([k]) => k.toLowerCase() === key.toLowerCase());
    return hit?.[1];
}

/** Every operator (other than StringEquals) that constrains `key`: StringLike, ForAnyValue:StringLike… */
export function looserOperators(st: TrustStatement, key: string): string[] {
    return Object.entries(st.conditions)
        .filter(([op, body]) => op.toLowerCase() !== "stringequals" && Object.keys(body).some((k) => k.toLowerCase() === key.toLowerCase()))
        .map(([op]) => op);
}

/** An EKS cluster's issuer host (`oidc.eks.<region>.amazonaws.com/id/<ID>`, any partition). */
export function isEksIssuerHost(host: string): boolean {
    return /^oidc\.eks\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\/id\/[A-Za-z0-9]+$/i.test(host);
}

/**
 * An AKS cluster's OIDC issuer URL in Azure's public cloud
 * (`https://<region>.oic.prod-aks.azure.com/<tenant>/<cluster>/`). Other clouds' issuers are
 * recognised only by matching a cluster in the same stack (see stack-federated-identity-exact-subjects).
 */
export function isAksIssuerUrl(url: string): boolean {
    return /^https:\/\/[a-z0-9-]+\.oic\.prod-aks\.azure\.com\//i.test(url.trim());
}

/** The prefix every Kubernetes service-account token subject has. */
export const SERVICE_ACCOUNT_PREFIX = "system:serviceaccount:";

/** `system:serviceaccount:<namespace>:<name>` with DNS-label namespace and DNS-subdomain name. */
export const SERVICE_ACCOUNT_SUBJECT = /^system:serviceaccount:[a-z0-9]([-a-z0-9]*[a-z0-9])?:[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/** Issuer URLs compared without scheme, trailing slash or case. */
export function normalizeIssuer(url: string): string {
    return url.trim().replace(/^https:\/\//i, "").replace(/\/+$/, "").toLowerCase();
}
