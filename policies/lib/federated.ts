/**
 * Azure federated identity credentials (a managed identity's or an Entra application's): which
 * external tokens may act as the identity. Shared by the resource policy that blocks a bad one
 * at creation and the stack policy that also knows the stack's AKS clusters.
 */
import { SERVICE_ACCOUNT_PREFIX, SERVICE_ACCOUNT_SUBJECT } from "./iam";
import { asString, Scan, UNSEEN } from "./scan";

/** The audience Entra ID accepts in a token exchanged for a workload identity's token. */
export const AZURE_TOKEN_EXCHANGE_AUDIENCE = "api://AzureADTokenExchange";

const unset = (v: unknown) => v === undefined || v === null || v === "";

/**
 * Judges a federated credential's `subject`, `issuer` and `audiences`.
 *
 * - The subject is exact: no `*`/`?`, and a service-account subject names one namespace and one
 *   account. A subject that is not a service account (GitHub's `repo:…`) is flagged only when
 *   `isClusterIssuer` says the issuer is a Kubernetes cluster's; only then is the issuer read, so an
 *   exact service-account subject never waits on an issuer that is unknown during preview.
 * - The issuer is present (known or not: presence is all that is judged).
 * - The audiences are exactly the Entra token-exchange audience.
 */
export function judgeFederatedCredential(scan: Scan, props: unknown, flag: (message: string) => void, isClusterIssuer: (issuer: string) => boolean): void {
    const sub = scan.get(props, "subject");
    if (unset(sub)) flag("the federated credential has no subject");
    else if (typeof sub === "string" && !SERVICE_ACCOUNT_SUBJECT.test(sub)) {
        if (/[*?]/.test(sub)) flag(`the federated credential trusts the wildcard subject ${sub}`);
        else if (sub.startsWith(SERVICE_ACCOUNT_PREFIX) || issuerIsCluster(scan, props, isClusterIssuer)) {
            flag(`the federated credential trusts ${sub}, not an exact system:serviceaccount:<namespace>:<name>`);
        }
    }
    if (unset(scan.peek(props, "issuer"))) flag("the federated credential has no issuer");
    const audiences = scan.get(props, "audiences");
    if (audiences === UNSEEN) return;
    const count = Array.isArray(audiences) ? audiences.length : 0;
    // Unknown elements are left out of `known` (and reported); the count is known regardless.
    const known = scan.list(props, "audiences").map((a) => asString(a));
    if (count !== 1 || known.some((a) => a !== AZURE_TOKEN_EXCHANGE_AUDIENCE)) flag(`the federated credential's audiences must be exactly ["${AZURE_TOKEN_EXCHANGE_AUDIENCE}"]`);
}

function issuerIsCluster(scan: Scan, props: unknown, isClusterIssuer: (issuer: string) => boolean): boolean {
    // A read that is remembered: an unknown issuer leaves a non-service-account subject unjudged,
    // and the policy reports it unknown rather than passing it.
    const issuer = scan.get(props, "issuer");
    return typeof issuer === "string" && isClusterIssuer(issuer);
}
