import { NodePlacement } from "../../compute-plane";

/** The chart's repository (external-secrets `deploy/charts/external-secrets/README.md`). */
export const EXTERNAL_SECRETS_REPO = "https://charts.external-secrets.io";
/** The controller's service account; per-store RoleBindings name it, so it is fixed here, not derived by the chart. */
export const ESO_SERVICE_ACCOUNT = "external-secrets";

export interface ExternalSecretsValuesArgs {
    /** Controller, webhook and cert controller: controllers run on on-demand capacity. */
    placement: NodePlacement;
    /** Replicas of the controller and the webhook (leader election when more than one). */
    replicas: number;
    /** Reconcile ClusterSecretStores: only with a written reason (`secretSync.clusterStores`). */
    clusterStores: boolean;
}

/**
 * Values for the `external-secrets` chart (2.9.x), checked against its values.yaml and
 * values.schema.json. What they change from the chart's defaults, and why:
 *
 * - `rbac.serviceAccountTokenCreate: false`: the controller may not mint tokens for any service
 *   account in the cluster; each consumer's store grants it `serviceaccounts/token` for its one
 *   reader account (a Role with `resourceNames`, made beside the store).
 * - No ClusterSecretStore, ClusterExternalSecret, ClusterPushSecret or PushSecret processing:
 *   one namespace's store never serves another, and nothing writes back to the cloud store. The
 *   CRDs stay installed, so a chart that renders one still installs (and its object is ignored).
 * - The controller needs no cloud identity of its own: every store authenticates as its
 *   consumer's reader account.
 */
export function externalSecretsValues(a: ExternalSecretsValuesArgs): Record<string, unknown> {
    const ha = a.replicas > 1;
    const place = { nodeSelector: { ...a.placement.nodeSelector }, tolerations: a.placement.tolerations.map((t) => ({ ...t })) };
    const pdb = { enabled: ha, minAvailable: 1 };
    return {
        installCRDs: true,
        replicaCount: a.replicas,
        leaderElect: ha,
        serviceAccount: { create: true, name: ESO_SERVICE_ACCOUNT },
        rbac: { create: true, serviceAccountTokenCreate: false },
        processSecretStore: true,
        processClusterStore: a.clusterStores,
        processClusterExternalSecret: false,
        processClusterPushSecret: false,
        processPushSecret: false,
        processClusterGenerator: false,
        ...place,
        podDisruptionBudget: pdb,
        webhook: { replicaCount: a.replicas, failurePolicy: "Fail", ...place, podDisruptionBudget: pdb },
        certController: { ...place },
    };
}
