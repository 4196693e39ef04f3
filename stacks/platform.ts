import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ComputePlane } from "../components/compute-plane";
import { IN_MESH_LABELS, Mesh } from "../components/platform/mesh";
import { ConsumerSecretStore, SecretSync } from "../components/platform/secret-sync";
import { ConfigError } from "../config/errors";
import { clusterStoreReason } from "../config/platform";
import { meshConfigProblems } from "../config/mesh-rules";
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
    problems.push(...meshConfigProblems(plane.ingress.gatewayService.namespace, cfg, file));
    return problems;
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
