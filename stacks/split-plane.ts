import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { CloudPermissions, ComputePlane, SecretGrant } from "../components/compute-plane";
import { Agent } from "../components/platform/agent";
import { ControlPlane, controlPlaneBootstrapSecrets } from "../components/platform/control-plane";
import { LlmGateway } from "../components/platform/llm-gateway";
import { BOOTSTRAP, BootstrapSecret, fillCommand, StoreFactory } from "../components/platform/synced-secrets";
import { ConfigError } from "../config/errors";
import { StackConfig } from "../config/schema";
import { resolveSplitPlane, splitPlaneProblems } from "../config/split-plane";
import type { CompiledManifest } from "../gateway";

/** What a cloud provides for a self-hosted control plane: its database and its object storage. */
export interface ControlPlaneHost {
    database: { host: pulumi.Input<string>; name: string; credentials: SecretGrant };
    storage: { kind: "s3"; bucketName: pulumi.Input<string>; region: pulumi.Input<string>; permissions: CloudPermissions };
    /** The store entry holding the database server's CA bundle, and how to fill it. */
    databaseCa: BootstrapSecret;
    /** Further IAM documents of the control plane's own identity, by a stable name (provider credentials: assuming their role). @default none */
    identityPolicies?: Record<string, pulumi.Input<string>>;
}

export interface SplitPlaneArgs {
    cfg: StackConfig;
    stack: string;
    file: string;
    plane: ComputePlane;
    /** Secret sync: each consumer namespace's own store. */
    storeFor: StoreFactory;
    /** ESO's CRDs (and webhook) installed. */
    secretSyncReady: pulumi.Resource[];

    /** The control plane's namespace (made first: the gateway config lands there). */
    controlPlaneNamespace?: k8s.core.v1.Namespace;
    /** Required when the control plane is self-hosted. */
    host?: ControlPlaneHost;
    /** The platform's mesh Gateway (`<namespace>/<name>`) the gateway's VirtualService binds to, and what it waits for. */
    mesh?: { gateway: pulumi.Input<string>; ready: pulumi.Resource[]; namespaceLabels?: Record<string, string> };
}

export interface SplitPlane {
    outputs: Record<string, pulumi.Input<unknown>>;
    /** Secrets whose values arrive after the first up: the cloud makes their empty containers. */
    bootstrap: BootstrapSecret[];
    /** The self-hosted control plane's cloud identity (its service account's role), when it is installed here. */
    controlPlaneIdentity?: pulumi.Output<string>;
}

/**
 * The split plane on a compute plane, cloud-neutral: the control plane (when self-hosted here),
 * the AI gateway beside it (or, with a hosted control plane, in this plane), and the agent.
 * Placed at phase 0 (DESIGN.md): it runs wherever the program has a plane.
 */
export function installSplitPlane(a: SplitPlaneArgs): SplitPlane {
    const problems = splitPlaneProblems(a.cfg, a.file);
    const sp = resolveSplitPlane(a.cfg, a.stack);
    if (sp?.selfHosted && (!a.host || !a.controlPlaneNamespace)) {
        problems.push(`${a.file}: splitplane:controlPlane.mode "self-hosted" needs this cloud to host it (a database and object storage), which ${a.plane.cloud} does not provide in this release (got "self-hosted")`);
    }
    if (problems.length > 0) throw new ConfigError(problems);
    if (!sp) return { outputs: {}, bootstrap: [] };

    const cp = sp.controlPlane;
    const bootstrap: BootstrapSecret[] = [];
    const outputs: Record<string, pulumi.Input<unknown>> = { controlPlaneUrl: cp.url, controlPlaneMode: cp.mode };
    let controlPlane: ControlPlane | undefined;
    if (sp.selfHosted && a.host && a.controlPlaneNamespace) {
        controlPlane = new ControlPlane("control-plane", {
            plane: a.plane,
            chartVersion: a.cfg.charts.truefoundry,
            tenantName: cp.tenantName,
            url: cp.url,
            namespace: a.controlPlaneNamespace,
            namespaceName: cp.namespace,
            resourceTier: cp.resourceTier,
            database: a.host.database,
            storage: a.host.storage,
            identityPolicies: a.host.identityPolicies,
            storeFor: a.storeFor,
            gatewayBackendHost: sp.llmGateway ? `tfy-llm-gateway.${sp.llmGateway.namespace}.svc.cluster.local` : undefined,
            sso: cp.sso,
            meshGateway: a.mesh?.gateway,
            dependsOn: [...a.secretSyncReady, ...(a.mesh?.ready ?? [])],
        });
        bootstrap.push(...controlPlaneBootstrapSecrets(cp.sso !== undefined, a.host.databaseCa));
        outputs.controlPlaneNamespace = cp.namespace;
    }
    if (sp.llmGateway) {
        const gw = sp.llmGateway;
        const beside = controlPlane && gw.namespace === cp.namespace && a.controlPlaneNamespace ? { namespace: a.controlPlaneNamespace, internalUrl: controlPlane.internalUrl } : undefined;
        const gateway = new LlmGateway("llm-gateway", {
            plane: a.plane,
            chartVersion: a.cfg.charts.tfyLlmGateway,
            controlPlaneUrl: cp.url,
            tenantName: cp.tenantName,
            gatewayId: gw.gatewayId,
            namespace: gw.namespace,
            besideControlPlane: beside,
            replicas: gw.replicas,
            resourceTier: gw.resourceTier,
            route: gw.host && a.mesh ? { gateway: a.mesh.gateway, host: gw.host } : undefined,
            externalOauth: cp.sso !== undefined,
            storeFor: a.storeFor,
            namespaceLabels: a.mesh?.namespaceLabels,
            dependsOn: [...a.secretSyncReady, ...(a.mesh?.ready ?? []), ...(controlPlane ? [controlPlane.release] : [])],
        });
        bootstrap.push(BOOTSTRAP.redisPassword, ...(beside ? [] : [BOOTSTRAP.apiKey, BOOTSTRAP.imagePull]));
        outputs.llmGatewayId = gw.gatewayId;
        outputs.llmGatewayService = gateway.serviceHost;
    }
    if (sp.agent) {
        new Agent("agent", {
            plane: a.plane,
            chartVersion: a.cfg.charts.tfyAgent,
            controlPlaneUrl: cp.url,
            tenantName: cp.tenantName,
            namespace: sp.agent.namespace,
            allowedNamespaces: sp.agent.allowedNamespaces,
            clusterWideAccess: sp.agent.clusterWideAccess,
            truefoundrySecretStore: sp.agent.truefoundrySecretStore,
            // Restarts the control plane's pods when RDS rotates the database password (docs/platform.md).
            reloader: controlPlane !== undefined,
            storeFor: a.storeFor,
            namespaceLabels: a.mesh?.namespaceLabels,
            // Its pods are injected: istiod's webhook first.
            dependsOn: [...a.secretSyncReady, ...(a.mesh?.ready ?? [])],
        });
        bootstrap.push(BOOTSTRAP.clusterToken);
    }
    // One container per secret, whoever reads it.
    const unique = [...new Map(bootstrap.map((b) => [b.name, b])).values()];
    return { outputs, bootstrap: unique, controlPlaneIdentity: controlPlane?.identity };
}

/** What a cloud's split-plane installer returns: the stack outputs, and manifests to deliver with the gateway config. */
export interface SplitPlaneOnCloudResult {
    outputs: Record<string, pulumi.Input<unknown>>;
    /**
     * Manifests the program made for the control plane (AWS, phase 1: the provider account of the
     * secret store), delivered as the gateway config is: in its ConfigMap beside a self-hosted
     * control plane, by CI's `tfy apply` otherwise. @default none
     */
    gatewayManifests?: CompiledManifest[];
    /** Provider credentials synced from the store, for the bootstrap steps: where the keys go and the integration that reads them. */
    providerCredentials?: { secretPrefix: string; integrationFqn: string; manifestFile: string };
}

/** What the program passes every cloud's split-plane installer. */
export interface SplitPlaneOnCloud {
    secretSync: { storeFor: StoreFactory; crdsReady: pulumi.Resource[] };
    controlPlaneNamespace?: k8s.core.v1.Namespace;
    mesh?: SplitPlaneArgs["mesh"];
}

/**
 * The split plane where the cloud hosts no control plane (hosted mode only) and makes no empty
 * secret containers: a Key Vault secret cannot exist without a value, so the listed command
 * creates it. Returns the stack outputs, `bootstrapSecrets` among them.
 */
export function splitPlaneWithoutHost(a: SplitPlaneOnCloud & { cfg: StackConfig; file: string; stack: string; plane: ComputePlane }): Record<string, pulumi.Input<unknown>> {
    const split = installSplitPlane({ cfg: a.cfg, file: a.file, stack: a.stack, plane: a.plane, storeFor: a.secretSync.storeFor, secretSyncReady: a.secretSync.crdsReady, controlPlaneNamespace: a.controlPlaneNamespace, mesh: a.mesh });
    const store = a.plane.secretStore;
    if (split.bootstrap.length === 0) return split.outputs;
    const bootstrapSecrets = pulumi.all(
        split.bootstrap.map((b) => pulumi.output(store.remoteKey({ name: b.name })).apply((id) => ({ secret: id, purpose: b.purpose, command: fillCommand(store.kind, id, b, "<the plane's Key Vault>") }))),
    );
    return { ...split.outputs, bootstrapSecrets };
}
