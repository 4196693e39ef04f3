import type { Input } from "@pulumi/pulumi";

/**
 * Kubernetes Secrets the split plane's charts read, each made by an External Secrets Operator
 * `ExternalSecret` (external-secrets.io/v1) from the cloud store: plain data, checked in tests
 * against the pinned ExternalSecret CRD (`../shared/reference/crds/external-secrets`). No value
 * passes through the program, its state or the Helm values: only names and references.
 */

export interface RemoteKey {
    /** A name in the store (AWS: the full secret name or ARN; Azure: the Key Vault secret name). */
    key: Input<string>;
    /** A field of a JSON secret (the RDS-managed secret holds `{"username","password"}`). */
    property?: string;
}

export interface SyncedSecretSpec {
    /** The namespaced SecretStore to read through. */
    storeName: string;
    /** The Kubernetes Secret to make. */
    target: string;
    /** Secret key -> where its value comes from. */
    data: Readonly<Record<string, RemoteKey>>;
    /** Keys that are not secret (a database host and name), rendered by the template beside `data`. */
    literals?: Readonly<Record<string, Input<string>>>;
    type?: "Opaque" | "kubernetes.io/dockerconfigjson";
    labels?: Readonly<Record<string, string>>;
    /** How often ESO re-reads the store (rotations arrive within this). @default "15m" */
    refreshInterval?: string;
}

/**
 * The ExternalSecret `spec`. The target is owned by the ExternalSecret (deleted with it) and
 * made only from the store: `creationPolicy: Owner`, never `Merge` into a Secret someone else made.
 */
export function externalSecretSpec(s: SyncedSecretSpec): Record<string, unknown> {
    const templated = s.literals !== undefined || s.type !== undefined || s.labels !== undefined;
    const template = templated
        ? {
              template: {
                  engineVersion: "v2",
                  // Merge: the fetched keys stay; the template adds the literal ones.
                  mergePolicy: "Merge",
                  ...(s.type ? { type: s.type } : {}),
                  ...(s.labels ? { metadata: { labels: { ...s.labels } } } : {}),
                  ...(s.literals ? { data: { ...s.literals } } : {}),
              },
          }
        : {};
    return {
        refreshInterval: s.refreshInterval ?? "15m",
        secretStoreRef: { kind: "SecretStore", name: s.storeName },
        target: { name: s.target, creationPolicy: "Owner", deletionPolicy: "Delete", ...template },
        data: Object.entries(s.data).map(([secretKey, r]) => ({ secretKey, remoteRef: { key: r.key, ...(r.property ? { property: r.property } : {}) } })),
    };
}

/**
 * A secret whose value exists only after a human step (TrueFoundry issues the API key, the
 * control plane issues the cluster token …). The program creates its empty container in the
 * store; the plan report and the stack output `bootstrapSecrets` say how to fill it.
 */
export interface BootstrapSecret {
    /** Name under the plane's store prefix, e.g. `truefoundry/api-key`. */
    name: string;
    /** What it is and where its value comes from, in a sentence. */
    purpose: string;
    /** How the value is produced before it is stored. */
    source: "file" | "generate" | "download";
    /** The local file the fill command reads the value from. */
    file: string;
    /** For `download`: the URL of the (public) document to store. */
    url?: string;
}

export const BOOTSTRAP = {
    apiKey: { name: "truefoundry/api-key", purpose: "TFY_API_KEY: the tenant's API (licence) key that TrueFoundry issues", source: "file", file: "tfy-api-key.txt" },
    imagePull: {
        name: "truefoundry/image-pull",
        purpose: "the .dockerconfigjson for tfy.jfrog.io that TrueFoundry issues with the licence",
        source: "file",
        file: "tfy-image-pull.json",
    },
    clusterToken: {
        name: "truefoundry/cluster-token",
        purpose: "CLUSTER_TOKEN: issued by the control plane when this cluster is registered (Platform > Clusters)",
        source: "file",
        file: "tfy-cluster-token.txt",
    },
    ssoClientSecret: {
        name: "truefoundry/sso-client-secret",
        purpose: "EXTERNAL_OAUTH_CLIENT_SECRET: the OIDC client secret of the control plane's SSO application",
        source: "file",
        file: "tfy-sso-client-secret.txt",
    },
    internalJwks: {
        name: "truefoundry/internal-jwt-jwks",
        purpose: "INTERNAL_JWT_JWKS: the token-signing JWKS TrueFoundry support provides for external OAuth",
        source: "file",
        file: "tfy-internal-jwks.json",
    },
    redisPassword: { name: "llm-gateway/redis-password", purpose: "REDIS_PASSWORD: the gateway's Redis password (any strong random string)", source: "generate", file: "redis-password.txt" },
} as const satisfies Record<string, BootstrapSecret>;

/** The RDS CA bundle of a region (a public document, stored so pods can verify the database's certificate). */
export function databaseCaBootstrap(region: string): BootstrapSecret {
    return {
        name: "database/ca-bundle",
        purpose: "the RDS CA bundle, so the control plane verifies the database's certificate (sslmode=verify-full)",
        source: "download",
        file: "rds-ca-bundle.pem",
        url: `https://truststore.pki.rds.amazonaws.com/${region}/${region}-bundle.pem`,
    };
}

/**
 * The exact command that stores the value, for the plan report. Values come from a file (or a
 * generator), never from the command line, so they stay out of shell history.
 */
export function fillCommand(store: "aws-secrets-manager" | "azure-key-vault", secretId: string, b: BootstrapSecret, vaultName?: string): string {
    const file = b.file;
    const prefix = b.source === "download" ? `curl -fsSLo ${file} ${b.url} && ` : b.source === "generate" ? `openssl rand -hex 32 | tr -d '\\n' > ${file} && ` : "";
    switch (store) {
        case "aws-secrets-manager":
            return `${prefix}aws secretsmanager put-secret-value --secret-id ${secretId} --secret-string file://${file}`;
        case "azure-key-vault":
            return `${prefix}az keyvault secret set --vault-name ${vaultName ?? "<vault>"} --name ${secretId} --file ${file}`;
        default: {
            const unreachable: never = store;
            throw new Error(`unhandled store ${String(unreachable)}`);
        }
    }
}
