import { stackPolicy } from "../lib/define";
import { normalizeIssuer } from "../lib/iam";
import { UNSEEN } from "../lib/scan";
import { AWS, AZURE, canonicalType } from "../lib/types";

/**
 * Stack policy: every cluster has workload identity wired, so pods get cloud credentials from
 * the cluster's OIDC issuer and never from a stored key. EKS: an IAM OIDC provider whose URL is
 * the cluster's issuer. AKS: the OIDC issuer and workload identity enabled.
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
        resourceTypes: [AWS.eksCluster, AWS.iamOidcProvider, AZURE.aks],
        flags: "An EKS cluster with no `iam.OpenIdConnectProvider` whose `url` is the cluster's issuer (`identities[0].oidcs[0].issuer`); an AKS cluster without `oidcIssuerProfile.enabled` and `securityProfile.workloadIdentity.enabled`.",
        anchors: ["splitplane rule (workload identity)"],
        remediation: "Create the IAM OIDC provider from the cluster's issuer (splitplane's EKS component does); on AKS enable the OIDC issuer and workload identity.",
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
        for (const r of resources) {
            if (r.type === AWS.eksCluster) {
                const issuer = scan.at(r.props, "identities", 0, "oidcs", 0, "issuer");
                if (issuer === UNSEEN) continue;
                if (typeof issuer === "string") {
                    if (!providerUrls.has(normalizeIssuer(issuer)) && !unknownProvider) flag(r, `no IAM OIDC provider has the cluster's issuer URL (${issuer}): IRSA cannot work`);
                    continue;
                }
                // Every EKS cluster has an issuer; an absent one is an output not reported yet (a
                // preview), so the wiring is judged by what the provider's URL is computed from.
                if (!builtFrom.has(r.urn) && !unknownProvider) flag(r, "no IAM OIDC provider's url is computed from this cluster (its issuer, identities[0].oidcs[0].issuer, is not reported yet): IRSA cannot work");
            } else if (canonicalType(r.type) === AZURE.aks) {
                const oidc = scan.at(r.props, "oidcIssuerProfile", "enabled");
                if (oidc !== true && oidc !== UNSEEN) flag(r, "oidcIssuerProfile.enabled is not true: the cluster has no OIDC issuer");
                const wi = scan.at(r.props, "securityProfile", "workloadIdentity", "enabled");
                if (wi !== true && wi !== UNSEEN) flag(r, "securityProfile.workloadIdentity.enabled is not true: pods cannot use federated identities");
            }
        }
    },
);
