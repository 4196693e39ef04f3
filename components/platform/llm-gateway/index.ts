import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { dependsOnArg, namespaceLabelsArg, parseComponentArgs, planeArg, storeForArg } from "../args";
import { SecretGrant } from "../../compute-plane";
import { IMAGE_PULL_SECRET, TRUEFOUNDRY_CHART_REPO, TRUEFOUNDRY_CREDS_SECRET } from "../control-plane";
import { BOOTSTRAP, NamespaceStore } from "../synced-secrets";
import { GATEWAY_FULLNAME, llmGatewayValues, REDIS_PASSWORD_KEY, REDIS_SECRET } from "./values";
import { chartRelease } from "../release";

export * from "./values";

export const llmGatewayArgsSchema = z.strictObject({
    plane: planeArg,
    /** `tfy-llm-gateway` chart version. */
    chartVersion: z.string().regex(/^0\.168\.\d+$/, { error: "must be a tfy-llm-gateway 0.168.x chart version such as 0.168.0" }),
    controlPlaneUrl: z.string().startsWith("https://"),
    tenantName: z.string().min(1),
    gatewayId: z.string().min(1),
    namespace: z.string().min(1),
    /**
     * Beside a self-hosted control plane: its namespace object and in-cluster URL. The gateway then
     * reads the control plane's `truefoundry-creds` and image-pull Secrets there; otherwise it syncs
     * its own (`TFY_API_KEY` only). @default undefined (a gateway plane of its own)
     */
    besideControlPlane: z.strictObject({ namespace: z.custom<k8s.core.v1.Namespace>((v) => pulumi.Resource.isInstance(v)), internalUrl: z.string().startsWith("http") }).optional(),
    replicas: z.strictObject({ min: z.number().int().min(1), max: z.number().int().min(1) }).refine((r) => r.min <= r.max, { error: "min must not exceed max" }),
    resourceTier: z.enum(["small", "medium", "large"]),
    /** The platform's mesh Gateway (`<namespace>/<name>`) and the host to route. @default undefined (no VirtualService) */
    route: z.strictObject({ gateway: z.custom<pulumi.Input<string>>((v) => v !== undefined && v !== null), host: z.string().min(1) }).optional(),
    /** ServiceMonitor objects, only once their CRD exists (then pass it in `dependsOn`). @default false */
    serviceMonitor: z.boolean().default(false),
    externalOauth: z.boolean().default(false),
    storeFor: storeForArg,
    /** The mesh (VirtualService CRD), the control plane, ServiceMonitor CRDs… @default [] */
    dependsOn: dependsOnArg,
    /** Labels of the namespace this component creates (the mesh's sidecar injection). @default {} */
    namespaceLabels: namespaceLabelsArg,
});
export type LlmGatewayArgs = z.input<typeof llmGatewayArgsSchema>;

/**
 * The AI gateway (`tfy-llm-gateway`): autoscaled on on-demand capacity, its Redis with a password
 * from the store, its API key by reference, reachable only through the mesh's internal Gateway.
 */
export class LlmGateway extends pulumi.ComponentResource {
    readonly release: k8s.helm.v3.Release;
    readonly namespace: string;
    readonly store: NamespaceStore;
    readonly externalSecrets: Record<string, k8s.apiextensions.CustomResource>;
    /** The gateway's Service, in-cluster (the control plane's proxy routes /api/llm to it). */
    readonly serviceHost: string;

    constructor(name: string, args: LlmGatewayArgs, opts?: pulumi.ComponentResourceOptions) {
        const a = parseComponentArgs(llmGatewayArgsSchema, args, "splitplane:platform:LlmGateway", name);
        super("splitplane:platform:LlmGateway", name, {}, opts);
        const plane = a.plane;
        this.namespace = a.namespace;
        this.serviceHost = `${GATEWAY_FULLNAME}.${a.namespace}.svc.cluster.local`;
        const k8sOpts = { parent: this, provider: plane.provider };
        const ns = a.besideControlPlane?.namespace ?? new k8s.core.v1.Namespace(`${name}-namespace`, { metadata: { name: a.namespace, labels: { "app.kubernetes.io/managed-by": "splitplane", ...a.namespaceLabels } } }, { ...k8sOpts, dependsOn: plane.ready });

        const redis = { name: BOOTSTRAP.redisPassword.name };
        const own: SecretGrant[] = a.besideControlPlane ? [] : [{ name: BOOTSTRAP.apiKey.name }, { name: BOOTSTRAP.imagePull.name }];
        this.store = a.storeFor(`${name}-secrets`, { namespace: a.namespace, namespaceResource: ns, secrets: [redis, ...own] }, { parent: this });
        this.externalSecrets = {
            [REDIS_SECRET]: this.store.externalSecret("redis", { name: REDIS_SECRET, targetName: REDIS_SECRET, data: [{ secretKey: REDIS_PASSWORD_KEY, from: redis }] }),
        };
        if (!a.besideControlPlane) {
            // A gateway plane of its own: the same Secret names the chart's defaults reference.
            this.externalSecrets[TRUEFOUNDRY_CREDS_SECRET] = this.store.externalSecret("creds", { name: TRUEFOUNDRY_CREDS_SECRET, targetName: TRUEFOUNDRY_CREDS_SECRET, data: [{ secretKey: "TFY_API_KEY", from: own[0] }] });
            this.externalSecrets[IMAGE_PULL_SECRET] = this.store.externalSecret("image-pull", {
                name: IMAGE_PULL_SECRET,
                targetName: IMAGE_PULL_SECRET,
                data: [{ secretKey: ".dockerconfigjson", from: own[1] }],
                // A template without data keeps the fetched keys as they are; it only sets the type.
            template: { type: "kubernetes.io/dockerconfigjson" },
            });
        }

        this.release = chartRelease(
            this,
            `${name}-chart`,
            plane,
            {
                name: GATEWAY_FULLNAME,
                chart: "tfy-llm-gateway",
                repositoryOpts: { repo: TRUEFOUNDRY_CHART_REPO },
                version: a.chartVersion,
                namespace: a.namespace,
                // Its API key and Redis password arrive after the first up (bootstrap).
                skipAwait: true,
                values: llmGatewayValues({
                    controlPlaneUrl: a.controlPlaneUrl,
                    tenantName: a.tenantName,
                    gatewayId: a.gatewayId,
                    controlPlaneInternalUrl: a.besideControlPlane?.internalUrl,
                    replicas: a.replicas,
                    resourceTier: a.resourceTier,
                    placement: plane.nodePools.onDemand,
                    imagePullSecretName: IMAGE_PULL_SECRET,
                    route: a.route,
                    serviceMonitor: a.serviceMonitor,
                    externalOauth: a.externalOauth,
                }),
            },
            [ns, ...Object.values(this.externalSecrets), ...plane.ready, ...a.dependsOn],
        );
        this.registerOutputs({ namespace: this.namespace, serviceHost: this.serviceHost });
    }
}
