import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { dependsOnArg, parseComponentArgs, planeArg, storeForArg } from "../args";
import { CloudPermissions, SecretGrant } from "../../compute-plane";
import { BOOTSTRAP, BootstrapSecret, DATABASE_CA_SECRET_NAME, NamespaceStore } from "../synced-secrets";
import { chartRelease } from "../release";
import {
    CONTROL_PLANE_RELEASE,
    controlPlaneValues,
    DB_CA_KEY,
    DB_CA_SECRET,
    IMAGE_PULL_SECRET,
    TRUEFOUNDRY_CREDS_SECRET,
    TRUEFOUNDRY_SERVICE_ACCOUNT,
    truefoundryCredsTemplateData,
} from "./values";

export * from "./values";

/** TrueFoundry's Helm repository (infra-charts' gh-pages). */
export const TRUEFOUNDRY_CHART_REPO = "https://truefoundry.github.io/infra-charts/";

const inputString = z.custom<pulumi.Input<string>>((v) => v !== undefined && v !== null, { error: "is required" });

export const controlPlaneArgsSchema = z.strictObject({
    plane: planeArg,
    /** `truefoundry` chart version. */
    chartVersion: z.string().regex(/^0\.168\.\d+$/, { error: "must be a truefoundry 0.168.x chart version such as 0.168.2" }),
    tenantName: z.string().min(1),
    url: z.string().startsWith("https://"),
    /** The control plane's namespace, made by the caller (the gateway config lands there first). */
    namespace: z.custom<k8s.core.v1.Namespace>((v) => pulumi.Resource.isInstance(v), { error: "must be the control plane's Namespace" }),
    namespaceName: z.string().min(1),
    resourceTier: z.enum(["small", "medium", "large"]),
    /** The database: address and name (plain, templated into `truefoundry-creds`), the credentials by the store id of the cloud-managed secret. */
    database: z.strictObject({
        host: inputString,
        name: z.string().min(1),
        /** The cloud-managed master secret (`{"username","password"}`), outside the plane's prefix. */
        credentials: z.custom<SecretGrant>((v) => typeof v === "object" && v !== null && ("id" in v || "name" in v), { error: "must be a SecretGrant" }),
    }),
    storage: z.strictObject({
        kind: z.literal("s3"),
        bucketName: inputString,
        region: inputString,
        /** What the chart's service account may do with the bucket (from the storage component). */
        permissions: z.custom<CloudPermissions>((v) => typeof v === "object" && v !== null && "kind" in v, { error: "must be CloudPermissions" }),
    }),
    /**
     * Further IAM documents of the chart's service account, by a stable name, beside the bucket's
     * (AWS: `sts:AssumeRole` on the provider-credentials role). @default {}
     */
    identityPolicies: z.record(z.string().regex(/^[a-z0-9-]+$/), inputString).default({}),
    /** Makes this namespace's secret store (secret sync). */
    storeFor: storeForArg,
    /** The gateway splitplane installs beside the control plane, by its in-cluster Service host. @default none */
    gatewayBackendHost: z.string().optional(),
    sso: z.strictObject({ issuer: z.string().startsWith("https://"), clientId: z.string().min(1) }).optional(),
    /** The platform's mesh Gateway (`<namespace>/<name>`) the UI and API are routed through, for the URL's host. @default undefined (no VirtualService) */
    meshGateway: z.custom<pulumi.Input<string>>((v) => v !== undefined && v !== null).optional(),
    /** Resources the release waits for besides the plane (ESO's CRDs, the mesh). @default [] */
    dependsOn: dependsOnArg,
});
export type ControlPlaneArgs = z.input<typeof controlPlaneArgsSchema>;

/** The bootstrap secrets a self-hosted control plane reads, plus the database CA bundle. */
export function controlPlaneBootstrapSecrets(sso: boolean, databaseCa: BootstrapSecret): BootstrapSecret[] {
    return [BOOTSTRAP.apiKey, BOOTSTRAP.imagePull, databaseCa, ...(sso ? [BOOTSTRAP.ssoClientSecret, BOOTSTRAP.internalJwks] : [])];
}

/**
 * The self-hosted TrueFoundry control plane: the `truefoundry` chart, every credential through an
 * ExternalSecret of its own namespace's store and a reference in values, pods on on-demand
 * capacity, TLS to Postgres with the server's certificate verified, and the chart's own gateway
 * subchart off (the LlmGateway component installs the gateway).
 */
export class ControlPlane extends pulumi.ComponentResource {
    readonly release: k8s.helm.v3.Release;
    readonly store: NamespaceStore;
    /** The ExternalSecrets the release reads, by the Secret each makes. */
    readonly externalSecrets: Record<string, k8s.apiextensions.CustomResource>;
    readonly namespace: string;
    /** The control plane's proxy, in-cluster (the gateway and agents beside it call this). */
    readonly internalUrl: string;
    /** The cloud identity of its `truefoundry` service account (AWS: the IRSA role's ARN). */
    readonly identity: pulumi.Output<string>;

    constructor(name: string, args: ControlPlaneArgs, opts?: pulumi.ComponentResourceOptions) {
        const a = parseComponentArgs(controlPlaneArgsSchema, args, "splitplane:platform:ControlPlane", name);
        super("splitplane:platform:ControlPlane", name, {}, opts);
        const plane = a.plane;
        this.namespace = a.namespaceName;
        this.internalUrl = `http://${CONTROL_PLANE_RELEASE}-tfy-proxy.${a.namespaceName}.svc.cluster.local:8080`;
        const apiKey = { name: BOOTSTRAP.apiKey.name };
        const pull = { name: BOOTSTRAP.imagePull.name };
        const ca = { name: DATABASE_CA_SECRET_NAME };
        const ssoGrants = a.sso ? [{ name: BOOTSTRAP.ssoClientSecret.name }, { name: BOOTSTRAP.internalJwks.name }] : [];

        // Exactly these secrets, and nothing else under the prefix.
        this.store = a.storeFor(`${name}-secrets`, { namespace: a.namespaceName, namespaceResource: a.namespace, secrets: [a.database.credentials, apiKey, pull, ca, ...ssoGrants] }, { parent: this });
        const creds = this.store.externalSecret("creds", {
            name: TRUEFOUNDRY_CREDS_SECRET,
            targetName: TRUEFOUNDRY_CREDS_SECRET,
            data: [
                // RDS rotates this secret; ESO re-reads it every refresh and Reloader restarts the pods (docs/platform.md).
                { secretKey: "DB_USERNAME", from: a.database.credentials, property: "username" },
                { secretKey: "DB_PASSWORD", from: a.database.credentials, property: "password" },
                { secretKey: "TFY_API_KEY", from: apiKey },
                ...(a.sso
                    ? [
                          { secretKey: "EXTERNAL_OAUTH_CLIENT_SECRET", from: ssoGrants[0] },
                          { secretKey: "INTERNAL_JWT_JWKS", from: ssoGrants[1] },
                      ]
                    : []),
            ],
            // DB_HOST and DB_NAME join the credentials in one Secret, as the chart's env references expect.
            template: { mergePolicy: "Merge", data: truefoundryCredsTemplateData(a.database) },
        });
        const imagePull = this.store.externalSecret("image-pull", {
            name: IMAGE_PULL_SECRET,
            targetName: IMAGE_PULL_SECRET,
            data: [{ secretKey: ".dockerconfigjson", from: pull }],
            // A template without data keeps the fetched keys as they are; it only sets the type.
            template: { type: "kubernetes.io/dockerconfigjson" },
        });
        const dbCa = this.store.externalSecret("db-ca", { name: DB_CA_SECRET, targetName: DB_CA_SECRET, data: [{ secretKey: DB_CA_KEY, from: ca }] });
        this.externalSecrets = { [TRUEFOUNDRY_CREDS_SECRET]: creds, [IMAGE_PULL_SECRET]: imagePull, [DB_CA_SECRET]: dbCa };

        // The chart creates the service account; the binding only trusts it and grants the bucket.
        const identity = plane.bindServiceAccount(
            `${name}-identity`,
            { namespace: a.namespaceName, serviceAccountName: TRUEFOUNDRY_SERVICE_ACCOUNT, permissions: withPolicies(a.storage.permissions, a.identityPolicies), createServiceAccount: false },
            { parent: this },
        );
        this.identity = identity.identity;

        this.release = chartRelease(
            this,
            `${name}-chart`,
            plane,
            {
                name: CONTROL_PLANE_RELEASE,
                chart: "truefoundry",
                repositoryOpts: { repo: TRUEFOUNDRY_CHART_REPO },
                version: a.chartVersion,
                namespace: a.namespaceName,
                // The first `pulumi up` runs before the bootstrap secrets are filled: pods wait for
                // them, so Pulumi must not wait for the pods (docs/platform.md, bootstrap).
                skipAwait: true,
                values: controlPlaneValues({
                    tenantName: a.tenantName,
                    controlPlaneUrl: a.url,
                    cloud: plane.cloud,
                    resourceTier: a.resourceTier,
                    storage: { kind: "s3", bucketName: a.storage.bucketName, region: a.storage.region },
                    serviceAccountAnnotations: identity.annotations,
                    placement: plane.nodePools.onDemand,
                    gatewayBackendHost: a.gatewayBackendHost,
                    sso: a.sso,
                    route: a.meshGateway ? { gateway: a.meshGateway, host: new URL(a.url).hostname } : undefined,
                }),
            },
            [a.namespace, creds, imagePull, dbCa, ...plane.ready, ...a.dependsOn],
        );
        this.registerOutputs({ namespace: this.namespace, releaseName: CONTROL_PLANE_RELEASE });
    }
}

/** `permissions` plus further inline documents (AWS only; a key already there is an error, never overwritten). */
function withPolicies(permissions: CloudPermissions, extra: Record<string, pulumi.Input<string>>): CloudPermissions {
    if (Object.keys(extra).length === 0) return permissions;
    if (permissions.kind !== "aws-iam") throw new Error(`splitplane:platform:ControlPlane: identityPolicies are IAM documents, but the storage permissions are ${permissions.kind}`);
    const clash = Object.keys(extra).filter((k) => k in (permissions.policies ?? {}));
    if (clash.length > 0) throw new Error(`splitplane:platform:ControlPlane: identityPolicies ${clash.join(", ")} already granted by the storage permissions`);
    return { ...permissions, policies: { ...(permissions.policies ?? {}), ...extra } };
}
