import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ComputePlane } from "../components/compute-plane";
import { IN_MESH_LABELS, Mesh } from "../components/platform/mesh";
import { ConsumerSecretStore, SecretSync } from "../components/platform/secret-sync";
import { ConfigError } from "../config/errors";
import { clusterStoreReason } from "../config/platform";
import { resolveSplitPlane } from "../config/split-plane";
import { StackConfig } from "../config/schema";

/** What the platform program reads: the cloud-neutral sections, whatever cloud made the plane. */
export type PlatformConfig = Pick<StackConfig, "environment" | "mesh" | "secretSync" | "charts" | "controlPlane" | "agent" | "llmGateway" | "operations">;


export interface Platform {
    secretSync: SecretSync;
    /** A namespace's own store, granted exactly its secrets (`SecretSync.storeFor`), for the components that need one. */
    storeFor: SecretSync["storeFor"];
    /** The stores made for `secretSync.consumers`, by namespace. */
    consumerStores: Record<string, ConsumerSecretStore>;
    /** The Istio mesh: STRICT mTLS, the ingress gateway, the platform Gateway. */
    mesh: Mesh;
    outputs: Record<string, pulumi.Input<unknown>>;
}

/**
 * Problems with the platform config that need the plane to judge (its secret-store prefix), in
 * the config error format. Empty means valid.
 */
export function platformConfigProblems(plane: Pick<ComputePlane, "secretStore" | "ingress">, cfg: PlatformConfig, file: string): string[] {
    const prefix = plane.secretStore.namePrefix;
    const problems: string[] = [];
    const seen = new Set<string>();
    cfg.secretSync.consumers.forEach((c, i) => {
        if (seen.has(c.namespace)) problems.push(`${file}: splitplane:secretSync.consumers[${i}].namespace must be unique (got ${JSON.stringify(c.namespace)} twice)`);
        seen.add(c.namespace);
        c.secrets.forEach((name, j) => {
            if (!name.startsWith(prefix) || name.length === prefix.length) {
                problems.push(`${file}: splitplane:secretSync.consumers[${i}].secrets[${j}] must be a secret under this environment's prefix ${prefix} (got ${JSON.stringify(name)})`);
            }
        });
    });
    problems.push(...meshConfigProblems(plane, cfg, file));
    return problems;
}

/** Namespaces whose workloads stay outside the mesh: the cluster's own and every controller's (their callers are the API server, the kubelet and the cloud APIs). */
function controllerNamespaces(plane: Pick<ComputePlane, "ingress">, cfg: PlatformConfig): string[] {
    const ops = cfg.operations;
    return ["kube-system", "kube-public", "kube-node-lease", "default", "istio-system", plane.ingress.gatewayService.namespace, "external-secrets", ops.argoCd.namespace, ops.argoRollouts.namespace, ops.metrics.namespace, ops.telemetry.namespace, "keda", "elasti", "karpenter"];
}

/**
 * The mesh's rules that need more than one section: `mesh.namespaces` are the user's own
 * (not a controller's, not one the platform already puts in the mesh), and every exception is in
 * one of the user's namespaces in the mesh (where its PeerAuthentication can land).
 */
function meshConfigProblems(plane: Pick<ComputePlane, "ingress">, cfg: PlatformConfig, file: string): string[] {
    const problems: string[] = [];
    const controllers = controllerNamespaces(plane, cfg);
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
function routedHosts(cfg: PlatformConfig): [string, string][] {
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
export function platformMeshNamespaces(cfg: PlatformConfig): string[] {
    // The stack name only shapes the gateway id, which namespaces do not depend on.
    const sp = resolveSplitPlane(cfg, "any");
    if (!sp) return [];
    const out = [...(sp.selfHosted ? [sp.controlPlane.namespace] : []), ...(sp.llmGateway ? [sp.llmGateway.namespace] : []), ...(sp.agent ? [sp.agent.namespace] : [])];
    return [...new Set(out)];
}

export interface PlatformOptions {
    /** Where the cloud's program made the ingress gateway's namespace before the mesh owned it (`AwsDeployment.gatewayNamespaceAliases`). */
    ingressNamespaceAliases?: pulumi.Alias[];
}

/**
 * The platform foundation on any compute plane (phase 0): secret sync, then the mesh. Takes the
 * plane and never asks which cloud made it; both clouds' branches of `stacks/index.ts` call it.
 */
export function installPlatform(plane: ComputePlane, cfg: PlatformConfig, file: string, options: PlatformOptions = {}): Platform {
    const problems = platformConfigProblems(plane, cfg, file);
    if (problems.length > 0) throw new ConfigError(problems);

    const secretSync = new SecretSync("secret-sync", {
        plane,
        chartVersion: cfg.charts.externalSecrets,
        replicas: cfg.secretSync.replicas,
        refreshInterval: cfg.secretSync.refreshInterval,
        clusterStoreReason: clusterStoreReason(cfg),
    });

    const consumerStores: Record<string, ConsumerSecretStore> = {};
    const consumerNamespaces: Record<string, k8s.core.v1.Namespace> = {};
    for (const c of cfg.secretSync.consumers) {
        // Child names derive from the namespace, never a list position.
        const ns = new k8s.core.v1.Namespace(`consumer-${c.namespace}-namespace`, { metadata: { name: c.namespace, labels: { "app.kubernetes.io/managed-by": "splitplane", ...IN_MESH_LABELS } } }, { provider: plane.provider, dependsOn: plane.ready });
        consumerNamespaces[c.namespace] = ns;
        consumerStores[c.namespace] = secretSync.storeFor(`consumer-${c.namespace}`, {
            namespace: c.namespace,
            namespaceResource: ns,
            secrets: c.secrets.map((full) => ({ name: full.slice(plane.secretStore.namePrefix.length) })),
        });
    }
    const mesh = new Mesh("mesh", {
        plane,
        chartVersion: cfg.charts.istio,
        hosts: cfg.mesh.hosts,
        namespaces: cfg.mesh.namespaces,
        otherNamespaces: consumerNamespaces,
        mtlsExceptions: cfg.mesh.mtlsExceptions,
        gatewayReplicas: { min: cfg.mesh.gateway.minReplicas, max: cfg.mesh.gateway.maxReplicas },
        ingressNamespaceAliases: options.ingressNamespaceAliases,
    });
    return {
        secretSync,
        storeFor: secretSync.storeFor.bind(secretSync),
        consumerStores,
        mesh,
        outputs: { secretSyncNamespace: secretSync.namespace, meshGateway: mesh.gatewayRef },
    };
}
