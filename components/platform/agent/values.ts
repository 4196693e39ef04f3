import { NodePlacement } from "../../compute-plane";

/**
 * Values of the `tfy-agent` chart, the compute plane's side of the split plane, as plain data
 * checked in tests against the pinned chart's values.yaml (`../shared/reference/charts/tfy-agent`).
 *
 * The agent dials out to the control plane (`config.controlPlaneURL`, a WebSocket over https);
 * nothing reaches it from outside. What the chart's templates do with each key was read at
 * infra-charts 8e7de51 (tfy-agent-0.2.100).
 */

/** The Secret with key `CLUSTER_TOKEN`, synced from the store (never `config.clusterToken`). */
export const CLUSTER_TOKEN_SECRET = "tfy-agent-cluster-token";
export const CLUSTER_TOKEN_KEY = "CLUSTER_TOKEN";
/**
 * ESO's webhook provider only uses Secrets carrying this label, and the agent's ClusterSecretStore
 * authenticates to the control plane with the cluster token Secret; the chart puts the same label
 * on the Secret it would render itself (templates/secret.yaml).
 */
export const WEBHOOK_SECRET_LABEL = { "external-secrets.io/type": "webhook" } as const;
/** The ClusterSecretStore the chart makes for TrueFoundry-managed secrets. */
export const TRUEFOUNDRY_SECRET_STORE = "tfy-secret-store";

export interface AgentValuesArgs {
    controlPlaneUrl: string;
    tenantName: string;
    /** Namespaces the control plane may manage; empty means the chart's strict mode. */
    allowedNamespaces: readonly string[];
    /** Loosening: the chart's `*` / `*` / `*` ClusterRole. */
    clusterWideAccess: boolean;
    /** The chart's ClusterSecretStore (webhook to the control plane). */
    truefoundrySecretStore: boolean;
    /** Reloader as the chart's subchart, to restart pods whose synced Secret changed (the control plane's database password). */
    reloader: boolean;
    /** Controllers run on on-demand capacity. */
    placement: NodePlacement;
    imagePullSecretName?: string;
}

export function agentValues(a: AgentValuesArgs): Record<string, unknown> {
    const placement = () => ({ nodeSelector: { ...a.placement.nodeSelector }, tolerations: a.placement.tolerations.map((t) => ({ ...t })) });
    const pull = a.imagePullSecretName ? { imagePullSecrets: [{ name: a.imagePullSecretName }] } : {};
    return {
        config: {
            controlPlaneURL: a.controlPlaneUrl,
            tenantName: a.tenantName,
            // With this set the chart renders no Secret of its own (templates/secret.yaml).
            clusterTokenSecret: CLUSTER_TOKEN_SECRET,
            allowedNamespaces: [...a.allowedNamespaces],
        },
        tfyAgent: {
            ...placement(),
            ...pull,
            // Outbound only: the Service stays in-cluster.
            service: { type: "ClusterIP" },
        },
        tfyAgentProxy: {
            ...placement(),
            ...pull,
            // Strict mode grants only the rules the proxy needs; the chart ignores it when
            // allowedNamespaces is set (it then binds per namespace). Never the `*/*/*` default
            // unless the stack named that loosening.
            clusterRole: { strictMode: !a.clusterWideAccess },
        },
        sdsServer: { ...placement(), ...pull, service: { type: "ClusterIP" } },
        // The platform's own ESO (secret sync) serves the cluster; the chart's copy stays off.
        "external-secrets-operator": { enabled: false, clusterSecretStore: { create: a.truefoundrySecretStore, name: TRUEFOUNDRY_SECRET_STORE } },
        reloader: { enabled: a.reloader },
    };
}
