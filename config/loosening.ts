import { ResolvedAwsStackConfig, ResolvedAzureStackConfig, resolveEnvironmentDefaults } from "./defaults";
import { StackConfig } from "./schema";
import { platformLoosened } from "./platform";
import { providerCredentialsLoosened } from "./provider-credentials";
import { splitPlaneLoosened } from "./split-plane";

/**
 * Every secure default a stack loosens through a named option, in words for the plan report.
 * A loosening that is not listed here is a bug: reviewers read this list, not the YAML.
 */
export function loosenedDefaults(config: StackConfig): string[] {
    // Judge what will be deployed: phase 3 forces deletion protection back on, whatever the file says.
    const cfg = resolveEnvironmentDefaults(config);
    const out = cfg.cloud === "aws" ? awsLoosened(cfg) : azureLoosened(cfg);
    out.push(...splitPlaneLoosened(cfg));
    out.push(...platformLoosened(cfg));
    for (const e of cfg.policy.exemptions) out.push(`splitplane:policy.exemptions: ${e.policy} is waived for ${e.urn} (${e.reason})`);
    return out;
}

function awsLoosened(cfg: ResolvedAwsStackConfig): string[] {
    const out: string[] = [];
    if (cfg.cluster.publicEndpointCidrs) {
        out.push(`splitplane:cluster.publicEndpointCidrs: the Kubernetes API endpoint is public, reachable from ${cfg.cluster.publicEndpointCidrs.join(", ")}`);
    }
    if (cfg.ingress.internetFacing) {
        out.push(`splitplane:ingress.internetFacing: the load balancer is internet-facing${cfg.ingress.wafAclArn ? " (behind a WAF web ACL)" : " with no WAF web ACL"}`);
    }
    if (cfg.ingress.allowedCidrs) {
        out.push(`splitplane:ingress.allowedCidrs: the load balancer admits ${cfg.ingress.allowedCidrs.join(", ")} instead of only the VPC`);
    }
    if (cfg.network.natStrategy === "Single" && cfg.environment !== "dev") {
        out.push(`splitplane:network.natStrategy: a single NAT gateway in ${cfg.environment} (one AZ failure cuts egress for all)`);
    }
    if (cfg.environment === "prod" && !cfg.database.multiAz) out.push("splitplane:database.multiAz: the prod database runs in a single AZ");
    if (cfg.environment === "prod" && !cfg.database.deletionProtection) out.push("splitplane:database.deletionProtection: the prod database can be deleted");
    out.push(...providerCredentialsLoosened(cfg));
    return out;
}

function azureLoosened(cfg: ResolvedAzureStackConfig): string[] {
    const out: string[] = [];
    if (cfg.cluster.publicEndpointCidrs) {
        out.push(`splitplane:cluster.publicEndpointCidrs: the AKS API server is public, reachable from ${cfg.cluster.publicEndpointCidrs.join(", ")}`);
    }
    if (cfg.encryption.keys === "platform") {
        const stores = cfg.phase >= 2 ? "node and volume disks, the database and the artifact storage are" : "node and volume disks are";
        out.push(`splitplane:encryption.keys: ${stores} encrypted with Azure platform-managed keys, not the stack's Key Vault keys (no key to audit, rotate or revoke; choosing customer keys later replaces the cluster${cfg.phase >= 2 ? " and the database" : ""})`);
    }
    if (!cfg.cluster.encryptionAtHost) out.push("splitplane:cluster.encryptionAtHost: node OS and temp disks are not encrypted at the host");
    if (cfg.environment === "prod" && cfg.cluster.skuTier === "Free") out.push("splitplane:cluster.skuTier: the prod API server runs without the uptime SLA (Free tier)");
    const ag = cfg.ingress.appGateway;
    if (!ag.enabled) out.push("splitplane:ingress.appGateway.enabled: no web application firewall in front of the mesh's internal ingress");
    else {
        if (!ag.networkIsolation) out.push("splitplane:ingress.appGateway.networkIsolation: the Application Gateway has a public IP for its management traffic (no listener on it) and its subnet admits GatewayManager on 65200-65535");
        if (ag.frontend === "public") out.push(`splitplane:ingress.appGateway.frontend: the Application Gateway listens on a public IP (HTTPS), admitting ${(ag.publicAllowedCidrs ?? []).join(", ")}`);
        if (ag.wafMode === "Detection") out.push("splitplane:ingress.appGateway.wafMode: the WAF only logs what it would block (Detection)");
    }
    // The database exists from phase 2; judge it only where it is deployed.
    if (cfg.phase >= 2 && cfg.environment === "prod") {
        if (!cfg.database.highAvailability) out.push("splitplane:database.highAvailability: the prod database has no zone-redundant standby");
        if (!cfg.database.geoRedundantBackup) out.push("splitplane:database.geoRedundantBackup: the prod database's backups stay in one region (this can only be changed by recreating the server)");
    }
    return out;
}
