import type { PolicyResource } from "@pulumi/policy";
import { stackPolicy } from "../lib/define";
import { allowsWebIdentity, conditionIssuers, isEksIssuerHost, normalizeIssuer, oidcHost, SERVICE_ACCOUNT_PREFIX, trustStatements } from "../lib/iam";
import { Scan, UNSEEN } from "../lib/scan";
import { AWS, AZURE, canonicalType } from "../lib/types";

/** The ServiceAccount annotation IRSA's pod identity webhook reads. */
export const IRSA_ANNOTATION = "eks.amazonaws.com/role-arn";

/**
 * Stack policy: every cluster that relies on workload identity has it wired, so pods get cloud
 * credentials from the cluster's OIDC issuer and never from a stored key. EKS: an IAM OIDC
 * provider whose URL is the cluster's issuer, wherever something relies on IRSA (a role trusting
 * the cluster's issuer, a ServiceAccount or Helm value annotated `eks.amazonaws.com/role-arn`, an
 * add-on with `serviceAccountRoleArn`); a cluster whose pods use EKS Pod Identity needs none. AKS:
 * the OIDC issuer and workload identity enabled.
 */
export const { meta, policy } = stackPolicy(
    {
        name: "stack-cluster-oidc-issuer",
        title: "Every cluster has its OIDC issuer wired",
        theme: "C",
        level: "mandatory",
        severity: "high",
        kind: "stack",
        checks: [],
        resourceTypes: [AWS.eksCluster, AWS.iamOidcProvider, AWS.iamRole, AWS.eksAddon, "kubernetes:*", AZURE.aks],
        flags: "An EKS cluster that something relies on for IRSA (an IAM role trusting its issuer by web identity, a Kubernetes object or Helm value annotated `eks.amazonaws.com/role-arn`, an EKS add-on with `serviceAccountRoleArn`) but with no `iam.OpenIdConnectProvider` whose `url` is the cluster's issuer (`identities[0].oidcs[0].issuer`); a cluster using EKS Pod Identity only is not flagged. An AKS cluster without `oidcIssuerProfile.enabled` and `securityProfile.workloadIdentity.enabled`.",
        anchors: ["splitplane rule (workload identity)"],
        remediation: "Create the IAM OIDC provider from the cluster's issuer (splitplane's EKS component does), or move the workloads to EKS Pod Identity; on AKS enable the OIDC issuer and workload identity.",
    },
    ({ resources, flag }, scan) => {
        const providerUrls = new Set<string>();
        // Clusters some provider's `url` is computed from (the engine's property dependencies).
        const builtFrom = new Set<string>();
        let unknownProvider = false;
        for (const r of resources) {
            if (r.type !== AWS.iamOidcProvider) continue;
            for (const dep of r.propertyDependencies?.url ?? []) builtFrom.add(dep.urn);
            const url = scan.get(r.props, "url");
            if (url === UNSEEN) unknownProvider = true;
            else if (typeof url === "string") providerUrls.add(normalizeIssuer(url));
        }
        let reliance: IrsaReliance | undefined;
        const relies = (host: string | undefined) => {
            reliance ??= irsaReliance(scan, resources);
            return reliance.anywhere ?? (host === undefined ? [...reliance.hosts.values()][0] : reliance.hosts.get(host));
        };
        for (const r of resources) {
            if (r.type === AWS.eksCluster) {
                if (unknownProvider) continue;
                const issuer = scan.at(r.props, "identities", 0, "oidcs", 0, "issuer");
                if (issuer === UNSEEN) continue;
                if (typeof issuer === "string") {
                    if (providerUrls.has(normalizeIssuer(issuer))) continue;
                    const why = relies(normalizeIssuer(issuer));
                    if (why) flag(r, `no IAM OIDC provider has the cluster's issuer URL (${issuer}), yet ${why}: IRSA cannot work`);
                    continue;
                }
                // Every EKS cluster has an issuer; an absent one is an output not reported yet (a
                // preview), so the wiring is judged by what the provider's URL is computed from.
                if (builtFrom.has(r.urn)) continue;
                const why = relies(undefined);
                if (why) flag(r, `no IAM OIDC provider's url is computed from this cluster (its issuer, identities[0].oidcs[0].issuer, is not reported yet), yet ${why}: IRSA cannot work`);
            } else if (canonicalType(r.type) === AZURE.aks) {
                const oidc = scan.at(r.props, "oidcIssuerProfile", "enabled");
                if (oidc !== true && oidc !== UNSEEN) flag(r, "oidcIssuerProfile.enabled is not true: the cluster has no OIDC issuer");
                const wi = scan.at(r.props, "securityProfile", "workloadIdentity", "enabled");
                if (wi !== true && wi !== UNSEEN) flag(r, "securityProfile.workloadIdentity.enabled is not true: pods cannot use federated identities");
            }
        }
    },
);

interface IrsaReliance {
    /** Issuer hosts (normalized) something trusts by web identity, each with what does. */
    hosts: Map<string, string>;
    /** Something relies on IRSA without naming a cluster (an annotation, an add-on's role). */
    anywhere?: string;
}

const describe = (r: PolicyResource) => `${r.type.split(":").pop()} '${r.name}'`;

/** What in the stack relies on IRSA. */
function irsaReliance(scan: Scan, resources: readonly PolicyResource[]): IrsaReliance {
    const out: IrsaReliance = { hosts: new Map() };
    const note = (host: string, r: PolicyResource) => {
        if (!out.hosts.has(host)) out.hosts.set(host, `${describe(r)} trusts it by web identity`);
    };
    for (const r of resources) {
        if (r.type === AWS.iamRole) {
            const doc = scan.get(r.props, "assumeRolePolicy");
            if (doc === UNSEEN || doc === undefined) continue;
            for (const st of trustStatements(typeof doc === "string" ? doc : scan.known(doc)) ?? []) {
                if (st.effect !== "Allow" || !allowsWebIdentity(st.actions)) continue;
                const hosts = [...st.federated.map(oidcHost), ...(st.federatedUnknown ? conditionIssuers(st) : [])].filter((h): h is string => h !== undefined);
                for (const h of hosts) if (isEksIssuerHost(h)) note(normalizeIssuer(h), r);
                // A trust whose issuer is not readable yet but names service accounts is IRSA too.
                const subjects = Object.values(st.conditions).flatMap((body) => Object.values(body).flat());
                if (hosts.length === 0 && st.federatedUnknown && subjects.some((s) => s.startsWith(SERVICE_ACCOUNT_PREFIX))) out.anywhere ??= `${describe(r)} trusts service accounts by web identity`;
            }
        } else if (r.type === AWS.eksAddon) {
            if (scan.peek(r.props, "serviceAccountRoleArn") !== undefined) out.anywhere ??= `the add-on ${describe(r)} sets serviceAccountRoleArn`;
        } else if (r.type.startsWith("kubernetes:") && hasKey(scan, r.props, IRSA_ANNOTATION, 0)) {
            out.anywhere ??= `${describe(r)} annotates a service account with ${IRSA_ANNOTATION}`;
        }
    }
    return out;
}

/** Whether a key occurs anywhere in a value (keys are known even when their values are not). */
function hasKey(scan: Scan, node: unknown, key: string, depth: number): boolean {
    if (node === null || typeof node !== "object" || depth > 32) return false;
    for (const k of Object.keys(node)) {
        if (k === key) return true;
        const v = scan.peek(node, k);
        if (v !== null && typeof v === "object" && hasKey(scan, v, key, depth + 1)) return true;
    }
    return false;
}
