import { z } from "zod";
import { GATEWAY_IMAGE_TAG, GATEWAY_VERSION } from "./version";

/**
 * Helm values for the `tfy-llm-gateway` chart at the pinned version (0.168.0). Every key exists in the
 * upstream values.yaml (test/gateway/helm-values.test.ts checks it against the reference copy).
 * No credential appears: the control-plane API key is read by the chart from an existing Kubernetes
 * secret, named here, through the chart's own `${k8s-secret/<name>/<key>}` form.
 */

const dnsName = z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, { message: "must be a DNS-1123 name (lowercase letters, digits, '-')" }).max(253);

/** How clients on the platform reach the gateway pods. */
const exposure = z.discriminatedUnion("kind", [
    /** Only inside the cluster (mesh) through the ClusterIP service. */
    z.strictObject({ kind: z.literal("cluster") }),
    /** An Istio VirtualService bound to existing (internal) Istio gateways. */
    z.strictObject({ kind: z.literal("istio"), gateways: z.array(z.string().min(1)).min(1), hosts: z.array(z.string().min(1)).min(1) }),
    /** A Gateway API HTTPRoute attached to existing Gateways. */
    z.strictObject({
        kind: z.literal("httpRoute"),
        parentRefs: z.array(z.strictObject({ name: z.string().min(1), namespace: z.string().min(1).optional(), sectionName: z.string().min(1).optional() })).min(1),
        hostnames: z.array(z.string().min(1)).min(1),
    }),
]);

export const gatewayHelmOptions = z
    .strictObject({
        /** Control plane URL (https only); the stack passes it. Omitted values leave the chart default. */
        controlPlaneURL: z.url({ protocol: /^https$/ }).optional(),
        /** Gateway id registered in the control plane (GATEWAY_ID). */
        gatewayId: z.string().min(1).optional(),
        /** @default "default" (the chart's default) */
        environmentName: z.string().min(1).default("default"),
        /**
         * Existing secret holding `TFY_API_KEY` (synced from the cloud secret store).
         * @default "truefoundry-creds" (the chart's default)
         */
        apiKeySecretName: dnsName.default("truefoundry-creds"),
        /** @default "tfy-llm-gateway-env-secret" (the chart's default) */
        envSecretName: dnsName.default("tfy-llm-gateway-env-secret"),
        /** Existing image pull secrets for tfy.jfrog.io. @default [] */
        imagePullSecrets: z.array(dnsName).default([]),
        /** @default 3 (the chart's HPA minimum; PDB keeps some up during drains) */
        minReplicas: z.number().int().min(2).default(3),
        /** @default 100 */
        maxReplicas: z.number().int().min(2).default(100),
        /** @default { kind: "cluster" } */
        exposure: exposure.default({ kind: "cluster" }),
        /** Needs the Prometheus Operator CRDs, which splitplane does not install. @default false */
        serviceMonitor: z.boolean().default(false),
        /** The chart's dev-mode sandbox server; not for production. @default false */
        devSandbox: z.boolean().default(false),
    })
    .refine((o) => o.maxReplicas >= o.minReplicas, { message: "maxReplicas must be ≥ minReplicas", path: ["maxReplicas"] });

export type GatewayHelmOptions = z.input<typeof gatewayHelmOptions>;

/** The chart's reference to a key of an existing Kubernetes secret. */
export function k8sSecretRef(secretName: string, key: string): string {
    return `\${k8s-secret/${secretName}/${key}}`;
}

/** Values for `tfy-llm-gateway` 0.168.0. Throws a ZodError on invalid options. */
export function gatewayHelmValues(input: GatewayHelmOptions = {}): Record<string, unknown> {
    const o = gatewayHelmOptions.parse(input);
    const apiKey = k8sSecretRef(o.apiKeySecretName, "TFY_API_KEY");
    const ex = o.exposure;
    return {
        global: {
            ...(o.controlPlaneURL ? { controlPlaneURL: o.controlPlaneURL.replace(/\/+$/, "") } : {}),
            gatewayChartVersion: GATEWAY_VERSION,
            ...(o.imagePullSecrets.length > 0 ? { imagePullSecrets: o.imagePullSecrets } : {}),
            podSecurityContext: { enabled: true, runAsNonRoot: true },
            containerSecurityContext: { enabled: true },
        },
        image: { tag: GATEWAY_IMAGE_TAG },
        environmentName: o.environmentName,
        ...(o.gatewayId ? { gatewayId: o.gatewayId } : {}),
        envSecretName: o.envSecretName,
        // Helm merges maps: only TFY_API_KEY is overridden, the chart's other env entries stay.
        env: { TFY_API_KEY: apiKey },
        agentsLtsWriteJob: { env: { TFY_API_KEY: apiKey } },
        service: { type: "ClusterIP" },
        ingress: { enabled: false },
        istio: {
            virtualservice: {
                enabled: ex.kind === "istio",
                ...(ex.kind === "istio" ? { gateways: ex.gateways, hosts: ex.hosts } : {}),
                // Retries belong to the gateway config (per target); mesh retries would multiply them.
                retries: { enabled: false },
            },
        },
        httpRoute: { enabled: ex.kind === "httpRoute", ...(ex.kind === "httpRoute" ? { parentRefs: ex.parentRefs, hostnames: ex.hostnames } : {}) },
        autoscaling: { enabled: true, minReplicas: o.minReplicas, maxReplicas: o.maxReplicas },
        podDisruptionBudget: { enabled: true },
        rollout: { enabled: true, maxUnavailable: 0 },
        serviceMonitor: { enabled: o.serviceMonitor },
        sandbox: { devMode: { enabled: o.devSandbox } },
        // Redis runs without auth in this chart; a NetworkPolicy at least keeps other pods out.
        redis: { networkPolicy: { enabled: true } },
    };
}
