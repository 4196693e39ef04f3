import type { Input } from "@pulumi/pulumi";
import { NodePlacement } from "../../compute-plane";
import { k8sSecretRef, TRUEFOUNDRY_CREDS_SECRET } from "../control-plane/values";

/**
 * Values of the `tfy-llm-gateway` chart (the AI gateway), as plain data checked in tests against
 * the pinned chart's values.yaml (`../shared/reference/charts/tfy-llm-gateway`). What the
 * templates do with each key was read at infra-charts 8e7de51 (tfy-llm-gateway-0.168.0).
 */

/** Fixed so the control plane's proxy (and the VirtualService) can name the gateway's Service. */
export const GATEWAY_FULLNAME = "tfy-llm-gateway";
export const GATEWAY_PORT = 8787;
/** The Redis password Secret (key REDIS_PASSWORD), synced from the store. */
export const REDIS_SECRET = "tfy-llm-gateway-redis";
export const REDIS_PASSWORD_KEY = "REDIS_PASSWORD";

export interface LlmGatewayValuesArgs {
    /** The control plane's public URL (`global.controlPlaneURL`). */
    controlPlaneUrl: string;
    tenantName: string;
    gatewayId: string;
    /**
     * Where the gateway calls the control plane: beside a self-hosted control plane, its proxy
     * Service in-cluster (as the truefoundry chart's own subchart does); otherwise the public URL.
     */
    controlPlaneInternalUrl?: string;
    replicas: { min: number; max: number };
    resourceTier: "small" | "medium" | "large";
    /** Gateways stay up: on-demand capacity. */
    placement: NodePlacement;
    imagePullSecretName: string;
    /** Bind the chart's VirtualService to the platform's mesh Gateway (`<namespace>/<name>`) for `host`. */
    route?: { gateway: Input<string>; host: string };
    /** ServiceMonitor objects only once their CRD exists (the operations issue installs it). */
    serviceMonitor: boolean;
    /** The control plane signs users in through an external OIDC issuer. */
    externalOauth: boolean;
}

export function llmGatewayValues(a: LlmGatewayValuesArgs): Record<string, unknown> {
    const placement = () => ({ nodeSelector: { ...a.placement.nodeSelector }, tolerations: a.placement.tolerations.map((t) => ({ ...t })) });
    return {
        global: {
            controlPlaneURL: a.controlPlaneUrl,
            // Read by the chart's `env.TENANT_NAME: "{{ .Values.global.tenantName }}"`, absent from values.yaml.
            tenantName: a.tenantName,
            resourceTier: a.resourceTier,
            imagePullSecrets: [{ name: a.imagePullSecretName }],
            ...placement(),
        },
        fullnameOverride: GATEWAY_FULLNAME,
        gatewayId: a.gatewayId,
        // Where the gateway serves its metrics (the chart's own ServiceMonitor targets 8787 at
        // /metrics). Prometheus is outside the mesh and cannot reach that port under STRICT mTLS, so
        // the sidecar does: with istiod's `enablePrometheusMerge`, the injector keeps these
        // annotations for the agent, points them at port 15020, and the sidecar serves the gateway's
        // metrics merged with its own (read by the dashboards' PodMonitor).
        podAnnotations: { "prometheus.io/scrape": "true", "prometheus.io/port": String(GATEWAY_PORT), "prometheus.io/path": "/metrics" },
        env: {
            // The chart's default already reads the key by reference; stated so a test can hold it.
            TFY_API_KEY: k8sSecretRef(TRUEFOUNDRY_CREDS_SECRET, "TFY_API_KEY"),
            REDIS_PASSWORD: k8sSecretRef(REDIS_SECRET, REDIS_PASSWORD_KEY),
            ...(a.controlPlaneInternalUrl ? { CONTROL_PLANE_URL: a.controlPlaneInternalUrl, PUBLIC_CONTROL_PLANE_URL: a.controlPlaneUrl } : {}),
            ...(a.externalOauth ? { ENABLE_EXTERNAL_OAUTH: "true" } : {}),
        },
        autoscaling: { enabled: true, minReplicas: a.replicas.min, maxReplicas: a.replicas.max },
        podDisruptionBudget: { enabled: true },
        service: { type: "ClusterIP", port: GATEWAY_PORT },
        ingress: { enabled: false },
        httpRoute: { enabled: false },
        istio: {
            virtualservice: a.route
                ? { enabled: true, gateways: [a.route.gateway], hosts: [a.route.host] }
                : { enabled: false },
        },
        serviceMonitor: { enabled: a.serviceMonitor },
        // The sandbox server is a development aid (code execution); never in these environments.
        sandbox: { devMode: { enabled: false } },
        redis: {
            enabled: true,
            // The subchart runs without auth by default. `existingSecret` and
            // `existingSecretPasswordKey` are bitnami/redis 24.0.0 keys (its values.yaml, not kept here).
            auth: { enabled: true, existingSecret: REDIS_SECRET, existingSecretPasswordKey: REDIS_PASSWORD_KEY },
            master: placement(),
        },
    };
}

/**
 * Keys set here that the chart's values.yaml omits, with what reads them (checked in
 * test/platform/conformance.test.ts against the reference files).
 */
export const LLM_GATEWAY_TEMPLATE_KEYS: Readonly<Record<string, string>> = {
    "global.tenantName": "values.yaml: env.TENANT_NAME is the template \"{{ .Values.global.tenantName }}\" (rendered by templates/_helpers.tpl tfy-llm-gateway.env)",
    "redis.auth.existingSecret": "Chart.yaml: the redis dependency (bitnami/redis 24.0.0) reads it; its values.yaml is not in the reference",
    "redis.auth.existingSecretPasswordKey": "Chart.yaml: the redis dependency (bitnami/redis 24.0.0) reads it; its values.yaml is not in the reference",
};
