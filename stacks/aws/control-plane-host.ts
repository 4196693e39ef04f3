import * as pulumi from "@pulumi/pulumi";
import { AwsContext, BootstrapSecrets, ObjectStorage, PostgresDatabase, SecretStore, SecretToFill, Tags } from "../../components/aws";
import { BootstrapSecret, databaseCaBootstrap } from "../../components/platform/synced-secrets";
import { AwsStackConfig } from "../../config/schema";
import { ControlPlaneHost, installSplitPlane, SplitPlaneOnCloud, SplitPlaneOnCloudResult } from "../split-plane";
import type { AwsDeployment } from ".";
import { buildProviderCredentials, controlPlaneAssumeGrant, providerCredentialsPlan } from "./provider-credentials";

/**
 * What AWS provides a self-hosted control plane: the RDS database (its address, name and the
 * RDS-managed master secret, granted only to the control plane's namespace) and a private,
 * CMK-encrypted S3 bucket.
 */
export function awsControlPlaneHost(a: {
    context: AwsContext;
    region: string;
    clusterName: string;
    corsOrigin: string;
    database: PostgresDatabase;
    protect: boolean;
    tags: Tags;
    identityPolicies?: Record<string, string>;
}): ControlPlaneHost {
    const storage = new ObjectStorage("control-plane-storage", {
        context: a.context,
        bucketPrefix: `${a.clusterName}-tfy-`.toLowerCase().replace(/[^a-z0-9-]+/g, "-").slice(0, 37),
        corsOrigin: new URL(a.corsOrigin).origin,
        keyAlias: `${a.clusterName}-control-plane-storage`,
        protect: a.protect,
        tags: a.tags,
    });
    return {
        database: { host: a.database.address, name: a.database.databaseName, credentials: { id: a.database.masterSecretArn } },
        storage: { kind: "s3", bucketName: storage.bucketName, region: a.region, permissions: storage.accessPermissions },
        databaseCa: databaseCaBootstrap(a.region),
        identityPolicies: a.identityPolicies,
    };
}

/** The empty Secrets Manager containers of the bootstrap secrets, and how to fill each. */
export function awsBootstrapSecrets(secretStore: SecretStore, secrets: BootstrapSecret[], a: { dev: boolean; protect: boolean; tags: Tags }): pulumi.Output<SecretToFill[]> | SecretToFill[] {
    if (secrets.length === 0) return [];
    const containers = new BootstrapSecrets("bootstrap-secrets", {
        namePrefix: secretStore.namePrefix,
        kmsKeyArn: secretStore.kmsKeyArn,
        secrets,
        // A dev stack is torn down and rebuilt often: a deleted name must be free again at once.
        recoveryWindowInDays: a.dev ? 0 : 30,
        protect: a.protect,
        tags: a.tags,
    });
    return containers.toFill;
}

/**
 * The split plane on the AWS plane: the control plane's host when it is self-hosted here, the
 * charts (stacks/split-plane.ts), the empty containers of the secrets they read, and (phase 1) the
 * provider credentials the control plane reads from the store with the manifest that connects them.
 * Returns the stack outputs, `bootstrapSecrets` among them (the plan report lists it).
 */
export function splitPlaneOnAws(a: {
    cfg: AwsStackConfig;
    file: string;
    stack: string;
    deployment: AwsDeployment;
} & SplitPlaneOnCloud): SplitPlaneOnCloudResult {
    const { plane, database, host } = a.deployment;
    const cp = a.cfg.controlPlane;
    if (!plane || !cp) return { outputs: {} };
    // A self-hosted control plane always has its URL (the schema requires it without stackReference).
    const url = cp.mode === "self-hosted" && database !== undefined ? cp.url : undefined;
    const credentials = providerCredentialsPlan(a.cfg, { stack: a.stack, file: a.file, clusterName: host.clusterName, secretNamePrefix: host.secretStore.namePrefix, account: host.account, region: host.region });
    const split = installSplitPlane({
        cfg: a.cfg,
        stack: a.stack,
        file: a.file,
        plane,
        storeFor: a.secretSync.storeFor,
        secretSyncReady: a.secretSync.crdsReady,
        controlPlaneNamespace: a.controlPlaneNamespace,
        host:
            url && database
                ? awsControlPlaneHost({ context: host.context, region: host.region, clusterName: host.clusterName, corsOrigin: url, database, protect: host.protect, tags: host.tags, identityPolicies: controlPlaneAssumeGrant(credentials) })
                : undefined,
        mesh: a.mesh,
    });
    const bootstrapSecrets = awsBootstrapSecrets(host.secretStore, split.bootstrap, { dev: a.cfg.environment === "dev", protect: host.protect, tags: host.tags });
    if (!credentials) return { outputs: { ...split.outputs, bootstrapSecrets } };
    const providerCredentials = buildProviderCredentials(credentials, { context: host.context, kmsKeyArn: host.secretStore.kmsKeyArn, controlPlaneIdentity: split.controlPlaneIdentity, tags: host.tags });
    return {
        outputs: { ...split.outputs, bootstrapSecrets, providerCredentials },
        gatewayManifests: [credentials.manifest],
        providerCredentials: { secretPrefix: credentials.resolved.secretPrefix, integrationFqn: credentials.integrationFqn, manifestFile: credentials.manifest.file },
    };
}
