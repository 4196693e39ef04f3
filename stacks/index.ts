import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { GatewayConfig } from "../components/platform/gateway-config";
import { ConfigError } from "../config/errors";
import { readStackConfig } from "../config/read";
import { splitPlaneProblems } from "../config/split-plane";
import { StackConfig } from "../config/schema";
import { ComputePlane } from "../components/compute-plane";
import { stackBootstrapSteps } from "./bootstrap";
import { compileStackGateway } from "./gateway";
import { installOperations } from "./operations";
import { meshConfigProblems } from "../config/mesh-rules";
import { CONTROL_PLANE_OUTPUT, controlPlaneExport, readSharedControlPlane, SharedControlPlane, sharedTenantProblems, withSharedControlPlane } from "./shared-control-plane";
import { GATEWAY_TENANT_OUTPUT, gatewayTenantExport } from "./shared-tenant";
import { SplitPlaneOnCloud, SplitPlaneOnCloudResult, splitPlaneWithoutHost } from "./split-plane";

/** Where the control plane (and so the gateway's config) lives on the cluster. */
const CONTROL_PLANE_NAMESPACE = "truefoundry";

/**
 * The splitplane program. `pulumi up` runs it per environment (`stacks/Pulumi.<stack>.yaml`);
 * the offline engine runs the same code under mocks.
 *
 * Every input is validated first: the stack config, the shared control plane it reads (phase 3,
 * `splitplane:controlPlane.stackReference`: a read, which creates nothing), then the environment's
 * gateway config. An invalid one throws a ConfigError naming the file and the keys before a single
 * resource is registered.
 */
export default async function main(): Promise<Record<string, unknown>> {
    const stackFile = `stacks/Pulumi.${pulumi.getStack()}.yaml`;
    const { cfg, shared } = await withReferences(readStackConfig(), stackFile);
    // Rules across the split plane's sections, before anything is registered.
    const splitProblems = [...splitPlaneProblems(cfg, stackFile), ...meshConfigProblems(cfg.ingress.backend.namespace, cfg, stackFile)];
    if (splitProblems.length > 0) throw new ConfigError(splitProblems);
    const gateway = await compileStackGateway(cfg, stackFile);
    // One tenant for every environment sharing the control plane: nothing here may redefine what the hosting environment defines.
    const tenant = shared && gateway && cfg.gateway ? sharedTenantProblems(gateway.manifests, shared, stackFile, cfg.gateway.config) : [];
    if (tenant.length > 0) throw new ConfigError(tenant);
    const { outputs: cloudOutputs, plane, devicePluginAliases, gatewayNamespaceAliases, exposeGateway, splitPlane } = await provision(cfg, stackFile);
    // The platform foundation (secret sync, mesh) on whichever plane the cloud made, then
    // delivery, promotion, autoscaling and observability on it, cloud-neutral (stacks/operations.ts).
    const { installPlatform } = await import("./platform");
    const platform = plane ? installPlatform(plane, cfg, stackFile, { ingressNamespaceAliases: gatewayNamespaceAliases }) : undefined;
    // The cloud's load balancer in front of the gateway (AWS: the ALB Ingress), once the mesh's namespace exists.
    const exposed = platform && exposeGateway ? exposeGateway(platform.mesh.ingressNamespace) : {};
    const operations = plane && platform ? installOperations(plane, cfg, stackFile, { devicePluginAliases, storeFor: platform.storeFor }).outputs : {};
    const outputs: Record<string, unknown> = { ...cloudOutputs, ...exposed, ...(platform?.outputs ?? {}), ...operations };
    if (gateway) outputs.gatewayConfigHash = gateway.contentHash;
    // What other environments' stacks read of this one (only where the control plane is hosted), and whose this one reads.
    const exported = controlPlaneExport(cfg, pulumi.getStack(), gateway?.manifests);
    if (exported) outputs[CONTROL_PLANE_OUTPUT] = exported;
    if (shared) outputs.controlPlaneStack = shared.stack;
    // What this stack's gateway config puts in which tenant: `npm run plan` compares it across the stacks sharing one control plane.
    const inTenant = gateway ? gatewayTenantExport(cfg, gateway.manifests, shared?.stack ?? exported?.stack) : undefined;
    if (inTenant) outputs[GATEWAY_TENANT_OUTPUT] = inTenant;
    if (!plane || !platform) return outputs;
    // The control plane's namespace exists before its chart does, so the gateway config can land
    // first. With a hosted control plane neither lands here: CI applies the config with `tfy apply`
    // (docs/gateway.md, docs/platform.md).
    const hosted = cfg.controlPlane?.mode === "hosted";
    const cpNamespace = cfg.controlPlane?.namespace ?? CONTROL_PLANE_NAMESPACE;
    const namespace =
        !hosted && (gateway || cfg.controlPlane)
            ? new k8s.core.v1.Namespace("control-plane-namespace", { metadata: { name: cpNamespace, labels: { "app.kubernetes.io/managed-by": "splitplane", ...platform.mesh.namespaceLabels } } }, { provider: plane.provider, dependsOn: plane.ready })
            : undefined;
    // The control plane, the AI gateway and the agent (stacks/split-plane.ts), with what the cloud hosts for them.
    const split = splitPlane({
        secretSync: { storeFor: platform.storeFor, crdsReady: platform.secretSync.crdsReady },
        controlPlaneNamespace: namespace,
        // The charts' VirtualServices bind to the platform Gateway; their releases wait for istiod and it.
        mesh: { gateway: platform.mesh.gatewayRef, ready: platform.mesh.ready, namespaceLabels: platform.mesh.namespaceLabels },
    });
    Object.assign(outputs, split.outputs);
    // What the program itself made for the control plane (the provider account of the store) goes first, then the environment's gateway config.
    const made = split.gatewayManifests ?? [];
    const manifests = [...made, ...(gateway?.manifests ?? [])];
    if (manifests.length > 0 && namespace) {
        // Delivered once the cluster exists; CI applies it with `tfy apply` (docs/gateway.md).
        const delivered = new GatewayConfig("gateway", { manifests, namespace: cpNamespace, provider: plane.provider, gatewayVersion: gateway?.gatewayVersion }, { dependsOn: [namespace] });
        outputs.gatewayConfigMap = delivered.configMapName;
    } else if (made.length > 0) {
        // No cluster of the control plane here: CI applies these from the stack output (docs/gateway.md).
        outputs.controlPlaneManifests = Object.fromEntries(made.map((m) => [m.file, m.content]));
    }
    const delivery = namespace ? "configmap" : "ci";
    const steps = stackBootstrapSteps(cfg, {
        stack: pulumi.getStack(),
        sharedFrom: shared?.stack,
        gatewayDelivered: gateway ? delivery : undefined,
        providerCredentials: split.providerCredentials ? { ...split.providerCredentials, delivered: delivery } : undefined,
    });
    if (steps.length > 0) outputs.bootstrapSteps = steps;
    return outputs;
}

/** The stack config with a shared control plane's URL and tenant read from the stack that hosts it. */
async function withReferences(cfg: StackConfig, stackFile: string): Promise<{ cfg: StackConfig; shared?: SharedControlPlane }> {
    const reference = cfg.controlPlane?.stackReference;
    if (!reference) return { cfg };
    const shared = await readSharedControlPlane(reference, stackFile);
    return { cfg: withSharedControlPlane(cfg, shared), shared };
}

/**
 * The cloud branch: each cloud's program returns its outputs and, once the cluster exists, the
 * ComputePlane, and how the split plane is installed there (what the cloud hosts for it).
 */
async function provision(
    cfg: StackConfig,
    stackFile: string,
): Promise<{
    outputs: Record<string, unknown>;
    plane?: ComputePlane;
    devicePluginAliases?: pulumi.Alias[];
    gatewayNamespaceAliases?: pulumi.Alias[];
    exposeGateway?: (gatewayNamespace: k8s.core.v1.Namespace) => Record<string, unknown>;
    splitPlane: (a: SplitPlaneOnCloud) => SplitPlaneOnCloudResult;
}> {
    const stack = pulumi.getStack();
    switch (cfg.cloud) {
        case "aws": {
            const { provisionAws } = await import("./aws");
            const { splitPlaneOnAws } = await import("./aws/control-plane-host");
            const deployment = await provisionAws(cfg);
            return { ...deployment, splitPlane: (a) => splitPlaneOnAws({ cfg, file: stackFile, stack, deployment, ...a }) };
        }
        case "azure": {
            const { provisionAzure } = await import("./azure");
            const deployment = await provisionAzure(cfg);
            const plane = deployment.plane;
            return { ...deployment, splitPlane: (a) => ({ outputs: plane ? splitPlaneWithoutHost({ cfg, file: stackFile, stack, plane, ...a }) : {} }) };
        }
        default: {
            const unreachable: never = cfg;
            throw new ConfigError([`${stackFile}: splitplane:cloud ${JSON.stringify((unreachable as { cloud?: unknown }).cloud)} has no program`]);
        }
    }
}
