import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { GatewayConfig } from "../components/platform/gateway-config";
import { ConfigError } from "../config/errors";
import { readStackConfig } from "../config/read";
import { StackConfig } from "../config/schema";
import { ComputePlane } from "../components/compute-plane";
import { compileStackGateway } from "./gateway";
import { installOperations } from "./operations";

/** Where the control plane (and so the gateway's config) lives on the cluster. */
const CONTROL_PLANE_NAMESPACE = "truefoundry";

/**
 * The splitplane program. `pulumi up` runs it per environment (`stacks/Pulumi.<stack>.yaml`);
 * the offline engine runs the same code under mocks.
 *
 * Every input is validated first: the stack config, then the environment's gateway config. An
 * invalid one throws a ConfigError naming the file and the keys before a single resource is registered.
 */
export default async function main(): Promise<Record<string, unknown>> {
    const cfg = readStackConfig();
    const stackFile = `stacks/Pulumi.${pulumi.getStack()}.yaml`;
    const gateway = await compileStackGateway(cfg, stackFile);
    const { outputs: cloudOutputs, plane, devicePluginAliases } = await provision(cfg, stackFile);
    // The platform foundation (secret sync, mesh) on whichever plane the cloud made, then
    // delivery, promotion, autoscaling and observability on it, cloud-neutral (stacks/operations.ts).
    const { installPlatform } = await import("./platform");
    const platform = plane ? installPlatform(plane, cfg, stackFile) : undefined;
    const operations = plane && platform ? installOperations(plane, cfg, stackFile, { devicePluginAliases, storeFor: platform.storeFor }).outputs : {};
    const outputs = { ...cloudOutputs, ...(platform?.outputs ?? {}), ...operations };
    if (gateway && plane) {
        // Delivered once the cluster exists; CI applies it with `tfy apply` (docs/gateway.md).
        // The control plane's namespace exists before its chart does, so the config can land first.
        const namespace = new k8s.core.v1.Namespace("control-plane-namespace", { metadata: { name: CONTROL_PLANE_NAMESPACE, labels: { "app.kubernetes.io/managed-by": "splitplane" } } }, { provider: plane.provider, dependsOn: plane.ready });
        const delivered = new GatewayConfig("gateway", { manifests: gateway.manifests, namespace: CONTROL_PLANE_NAMESPACE, provider: plane.provider, gatewayVersion: gateway.gatewayVersion }, { dependsOn: [namespace] });
        return { ...outputs, gatewayConfigMap: delivered.configMapName, gatewayConfigHash: gateway.contentHash };
    }
    return gateway ? { ...outputs, gatewayConfigHash: gateway.contentHash } : outputs;
}

/** The cloud branch: each cloud's program returns its outputs and, once the cluster exists, the ComputePlane. */
async function provision(cfg: StackConfig, stackFile: string): Promise<{ outputs: Record<string, unknown>; plane?: ComputePlane; devicePluginAliases?: pulumi.Alias[] }> {
    switch (cfg.cloud) {
        case "aws": {
            const { provisionAws } = await import("./aws");
            return provisionAws(cfg);
        }
        case "azure": {
            // Idle pause is implemented for Karpenter pools only; refusing it here beats a report that says PAUSED while AKS pools keep running.
            if (cfg.operations.idle.paused) throw new ConfigError([`${stackFile}: splitplane:operations.idle.paused is not implemented for azure stacks in this release (the AKS user pools keep their autoscaler bounds) (got true)`]);
            const { provisionAzure } = await import("./azure");
            return provisionAzure(cfg);
        }
        default: {
            const unreachable: never = cfg;
            throw new ConfigError([`${stackFile}: splitplane:cloud ${JSON.stringify((unreachable as { cloud?: unknown }).cloud)} has no program`]);
        }
    }
}
