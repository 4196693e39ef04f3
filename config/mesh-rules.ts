import { resolveSplitPlane } from "./split-plane";
import type { StackConfig } from "./schema";

/**
 * The mesh's config rules that span sections (`mesh`, `secretSync`, `operations`, the split
 * plane's): pure, so the program checks them before it registers anything.
 */

/** What the rules read: the cloud-neutral sections. */
export type MeshRulesConfig = Pick<StackConfig, "environment" | "mesh" | "secretSync" | "controlPlane" | "agent" | "llmGateway" | "operations">;

/** Namespaces whose workloads stay outside the mesh: the cluster's own and every controller's (their callers are the API server, the kubelet and the cloud APIs). */
function controllerNamespaces(gatewayNamespace: string, cfg: MeshRulesConfig): string[] {
    const ops = cfg.operations;
    return ["kube-system", "kube-public", "kube-node-lease", "default", "istio-system", gatewayNamespace, "external-secrets", ops.argoCd.namespace, ops.argoRollouts.namespace, ops.metrics.namespace, ops.telemetry.namespace, "keda", "elasti", "karpenter"];
}

/**
 * The mesh's rules that need more than one section: `mesh.namespaces` are the user's own
 * (not a controller's, not one the platform already puts in the mesh), every exception is in
 * one of the user's namespaces in the mesh (where its PeerAuthentication can land), and the hosts
 * the split plane routes are served. Needs no plane: the program checks it before registering anything.
 */
export function meshConfigProblems(gatewayNamespace: string, cfg: MeshRulesConfig, file: string): string[] {
    const problems: string[] = [];
    const controllers = controllerNamespaces(gatewayNamespace, cfg);
    const platform = platformMeshNamespaces(cfg);
    const consumers = cfg.secretSync.consumers.map((c) => c.namespace);
    const seen = new Set<string>();
    cfg.mesh.namespaces.forEach((ns, i) => {
        const key = `${file}: splitplane:mesh.namespaces[${i}]`;
        if (seen.has(ns)) problems.push(`${key} must be unique (got ${JSON.stringify(ns)} twice)`);
        else if (controllers.includes(ns)) problems.push(`${key} must be a namespace of your own, not the cluster's or a controller's (${controllers.join(", ")} stay outside the mesh) (got ${JSON.stringify(ns)})`);
        else if (platform.includes(ns) || consumers.includes(ns)) problems.push(`${key} must not be a namespace the platform already puts in the mesh (${[...platform, ...consumers].join(", ")}) (got ${JSON.stringify(ns)})`);
        seen.add(ns);
    });
    // A VirtualService binds only for hosts its Gateway serves: a host outside mesh.hosts would never route.
    for (const [key, host] of routedHosts(cfg)) {
        if (!cfg.mesh.hosts.some((h) => gatewayServes(h, host))) problems.push(`${file}: splitplane:${key} must be a host the platform Gateway serves (mesh.hosts: ${cfg.mesh.hosts.join(", ")}) (got ${JSON.stringify(host)})`);
    }
    const own = [...cfg.mesh.namespaces, ...consumers];
    cfg.mesh.mtlsExceptions.forEach((e, i) => {
        if (!own.includes(e.namespace)) {
            problems.push(`${file}: splitplane:mesh.mtlsExceptions[${i}].namespace must be one of your namespaces in the mesh (mesh.namespaces or secretSync.consumers: ${own.join(", ") || "none listed"}) (got ${JSON.stringify(e.namespace)})`);
        }
    });
    return problems;
}

/** Hosts the split plane's VirtualServices route through the platform Gateway, by the key that sets each. */
function routedHosts(cfg: MeshRulesConfig): [string, string][] {
    const sp = resolveSplitPlane(cfg, "any");
    if (!sp) return [];
    const out: [string, string][] = [];
    if (sp.selfHosted) out.push(["controlPlane.url", new URL(sp.controlPlane.url).hostname]);
    if (sp.llmGateway?.host) out.push(["llmGateway.host", sp.llmGateway.host]);
    return out;
}

/** Whether a Gateway host (`*`, `*.example.com` or an exact name) covers `host`, as Istio matches them. */
export function gatewayServes(gatewayHost: string, host: string): boolean {
    if (gatewayHost === "*") return true;
    if (gatewayHost.startsWith("*.")) return host.endsWith(gatewayHost.slice(1)) && host.length > gatewayHost.length - 1;
    return gatewayHost === host;
}

/** The split plane's namespaces (control plane, AI gateway, agent): in the mesh, injected. */
export function platformMeshNamespaces(cfg: MeshRulesConfig): string[] {
    // The stack name only shapes the gateway id, which namespaces do not depend on.
    const sp = resolveSplitPlane(cfg, "any");
    if (!sp) return [];
    const out = [...(sp.selfHosted ? [sp.controlPlane.namespace] : []), ...(sp.llmGateway ? [sp.llmGateway.namespace] : []), ...(sp.agent ? [sp.agent.namespace] : [])];
    return [...new Set(out)];
}
