import type { Input } from "@pulumi/pulumi";

/**
 * External Secrets objects as plain data (`external-secrets.io/v1`), checked in tests against the
 * v1 CRD schemas of the pinned chart. Builders are generic over the leaves that come from other
 * resources (the provider block, remote keys that are ARNs): strings in tests, Outputs in the
 * components, so the object's shape stays known in a new stack's first preview.
 */

export const ESO_API_VERSION = "external-secrets.io/v1";
/** Every consumer namespace has exactly one store, under this name. */
export const SECRET_STORE_NAME = "splitplane-secrets";

export function secretStoreObject<P>(a: { namespace: string; provider: P }): Record<string, unknown> {
    return {
        apiVersion: ESO_API_VERSION,
        kind: "SecretStore",
        metadata: { name: SECRET_STORE_NAME, namespace: a.namespace, labels: { "app.kubernetes.io/managed-by": "splitplane" } },
        spec: { provider: a.provider },
    };
}

/**
 * The Role that lets the ESO controller request tokens for one service account only (the store's
 * reader); the chart's blanket `serviceaccounts/token` permission is off (./values.ts).
 */
export function tokenRequestRole(a: { namespace: string; serviceAccountName: string }) {
    return {
        metadata: { name: `external-secrets-token-${a.serviceAccountName}`, namespace: a.namespace },
        rules: [{ apiGroups: [""], resources: ["serviceaccounts/token"], verbs: ["create"], resourceNames: [a.serviceAccountName] }],
    };
}

export function tokenRequestRoleBinding(a: { namespace: string; serviceAccountName: string; controller: { name: string; namespace: string } }) {
    const roleName = `external-secrets-token-${a.serviceAccountName}`;
    return {
        metadata: { name: roleName, namespace: a.namespace },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: roleName },
        subjects: [{ kind: "ServiceAccount", name: a.controller.name, namespace: a.controller.namespace }],
    };
}

export interface ExternalSecretData<K = Input<string>> {
    /** Key in the target Secret (or a template variable when `template` is given). */
    secretKey: string;
    /** The remote secret (`plane.secretStore.remoteKey(grant)`). */
    remoteKey: K;
    /** One JSON property of the remote secret (e.g. `password` of the RDS master secret). */
    property?: string;
}

export interface ExternalSecretTemplate {
    /** Secret type, e.g. `kubernetes.io/dockerconfigjson`. @default Opaque */
    type?: string;
    /** `Merge`: the fetched keys stay beside the template's (with `Replace` only the template's remain). @default ESO's "Replace" */
    mergePolicy?: "Replace" | "Merge";
    /** Target keys from ESO templates (`{{ .password }}`) over `data`'s secret keys, or literal non-secret values. */
    data?: Record<string, Input<string>>;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
}

export interface ExternalSecretArgs<K = Input<string>> {
    name: string;
    namespace: string;
    /** The Secret that ESO writes (owned by the ExternalSecret). */
    targetName: string;
    /** How often ESO re-reads the remote secrets (rotation reaches the Secret within this). */
    refreshInterval: string;
    data?: ExternalSecretData<K>[];
    /** Every JSON property of these remote secrets becomes a key. */
    dataFrom?: { remoteKey: K }[];
    template?: ExternalSecretTemplate;
}

/**
 * An ExternalSecret reading from the namespace's own store. The target Secret is owned by the
 * ExternalSecret (`creationPolicy: Owner`): ESO writes it in the cluster, so no secret value ever
 * passes through Pulumi's inputs or state.
 */
export function externalSecretObject<K>(a: ExternalSecretArgs<K>): Record<string, unknown> {
    const template = a.template
        ? {
              engineVersion: "v2",
              ...(a.template.type ? { type: a.template.type } : {}),
              ...(a.template.mergePolicy ? { mergePolicy: a.template.mergePolicy } : {}),
              ...(a.template.labels || a.template.annotations ? { metadata: { ...(a.template.labels ? { labels: a.template.labels } : {}), ...(a.template.annotations ? { annotations: a.template.annotations } : {}) } } : {}),
              ...(a.template.data ? { data: a.template.data } : {}),
          }
        : undefined;
    return {
        apiVersion: ESO_API_VERSION,
        kind: "ExternalSecret",
        metadata: { name: a.name, namespace: a.namespace, labels: { "app.kubernetes.io/managed-by": "splitplane" } },
        spec: {
            refreshInterval: a.refreshInterval,
            secretStoreRef: { kind: "SecretStore", name: SECRET_STORE_NAME },
            target: { name: a.targetName, creationPolicy: "Owner", deletionPolicy: "Retain", ...(template ? { template } : {}) },
            ...(a.data && a.data.length > 0
                ? { data: a.data.map((d) => ({ secretKey: d.secretKey, remoteRef: { key: d.remoteKey, ...(d.property ? { property: d.property } : {}) } })) }
                : {}),
            ...(a.dataFrom && a.dataFrom.length > 0 ? { dataFrom: a.dataFrom.map((d) => ({ extract: { key: d.remoteKey } })) } : {}),
        },
    };
}
