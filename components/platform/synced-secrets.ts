import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { SecretGrant } from "../compute-plane";

/**
 * Kubernetes Secrets the split plane's charts read, each made by an External Secrets Operator
 * `ExternalSecret` from the cloud store through the consumer namespace's own `SecretStore`
 * (secret sync, components/platform/secret-sync). No value passes through the program, its state
 * or the Helm values: only names and references.
 */

/** One ExternalSecret: the shape secret sync's `ConsumerSecretStore.externalSecret` takes. */
export interface ExternalSecretRequest {
    name: string;
    /** The Secret ESO writes. */
    targetName: string;
    refreshInterval?: string;
    data: { secretKey: string; from: SecretGrant; property?: string }[];
    /**
     * `data` values are ESO templates or literals (an Input only for a non-secret infrastructure
     * output); `mergePolicy: "Merge"` keeps `data`'s fetched keys beside them.
     */
    template?: { type?: string; mergePolicy?: "Replace" | "Merge"; data?: Record<string, pulumi.Input<string>>; labels?: Record<string, string>; annotations?: Record<string, string> };
}

/** A namespace's store, as the split plane's components use it. */
export interface NamespaceStore {
    readonly namespace: string;
    /** What ExternalSecrets of this store wait for. */
    readonly ready: pulumi.Resource[];
    externalSecret(role: string, args: ExternalSecretRequest, opts?: pulumi.CustomResourceOptions): k8s.apiextensions.CustomResource;
}

/** Makes a namespace's store granted exactly `secrets` (secret sync's `SecretSync.storeFor`). */
export type StoreFactory = (
    name: string,
    args: { namespace: string; namespaceResource?: k8s.core.v1.Namespace; secrets: SecretGrant[] },
    opts?: pulumi.ComponentResourceOptions,
) => NamespaceStore;

/**
 * A secret whose value exists only after a human step (TrueFoundry issues the API key, the
 * control plane issues the cluster token …). The program creates its empty container in the
 * store; the plan report and the stack output `bootstrapSecrets` say how to fill it.
 */
export interface BootstrapSecret {
    /** Name under the plane's store prefix, e.g. `truefoundry-api-key` (flat: Key Vault names allow no '/'). */
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
    apiKey: { name: "truefoundry-api-key", purpose: "TFY_API_KEY: the tenant's API (licence) key that TrueFoundry issues", source: "file", file: "tfy-api-key.txt" },
    imagePull: {
        name: "truefoundry-image-pull",
        purpose: "the .dockerconfigjson for tfy.jfrog.io that TrueFoundry issues with the licence",
        source: "file",
        file: "tfy-image-pull.json",
    },
    clusterToken: {
        name: "truefoundry-cluster-token",
        purpose: "CLUSTER_TOKEN: issued by the control plane when this cluster is registered (Platform > Clusters)",
        source: "file",
        file: "tfy-cluster-token.txt",
    },
    ssoClientSecret: {
        name: "truefoundry-sso-client-credential",
        purpose: "EXTERNAL_OAUTH_CLIENT_SECRET: the OIDC client secret of the control plane's SSO application",
        source: "file",
        file: "tfy-sso-client-secret.txt",
    },
    internalJwks: {
        name: "truefoundry-internal-jwt-jwks",
        purpose: "INTERNAL_JWT_JWKS: the token-signing JWKS TrueFoundry support provides for external OAuth",
        source: "file",
        file: "tfy-internal-jwks.json",
    },
    redisPassword: { name: "llm-gateway-redis-password", purpose: "REDIS_PASSWORD: the gateway's Redis password (any strong random string)", source: "generate", file: "redis-password.txt" },
} as const satisfies Record<string, BootstrapSecret>;

/**
 * The store name of the database server's CA bundle. Bootstrap names are flat (Key Vault allows
 * no '/') and never end in '-' and six characters (`…-bundle`, `…-secret`), which reads as Secrets
 * Manager's own ARN suffix, so grants refuse it.
 */
export const DATABASE_CA_SECRET_NAME = "database-server-ca";

/** The RDS CA bundle of a region (a public document, stored so pods can verify the database's certificate). */
export function databaseCaBootstrap(region: string): BootstrapSecret {
    return {
        name: DATABASE_CA_SECRET_NAME,
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
