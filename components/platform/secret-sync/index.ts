import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { ConfigError } from "../../../config/errors";
import { formatZodIssues } from "../../../config/zod-format";
import { BoundServiceAccount, ComputePlane, SecretGrant } from "../../compute-plane";
import { dnsLabel, duration, secretDataKey } from "../../../config/primitives";
import { ExternalSecretData, externalSecretObject, ExternalSecretTemplate, SECRET_STORE_NAME, secretStoreObject, tokenRequestRole, tokenRequestRoleBinding } from "./objects";
import { ESO_SERVICE_ACCOUNT, EXTERNAL_SECRETS_REPO, externalSecretsValues } from "./values";
import { chartRelease } from "../release";

export * from "./objects";
export * from "./values";

/** Validates once at the top of a constructor; fails before anything is registered. */
function parse<S extends z.ZodType>(schema: S, args: unknown, type: string, name: string): z.output<S> {
    const r = schema.safeParse(args, { reportInput: true });
    if (!r.success) throw new ConfigError(formatZodIssues(`${type} ${JSON.stringify(name)}`, r.error.issues, schema));
    return r.data;
}

const plane = z.custom<ComputePlane>((v) => typeof v === "object" && v !== null && "secretStore" in v && "bindServiceAccount" in v, { error: "must be a ComputePlane" });

export const secretSyncArgsSchema = z.strictObject({
    plane,
    /** `external-secrets` chart version (https://charts.external-secrets.io). @default "2.9.0" */
    chartVersion: z.string().regex(/^2\.\d+\.\d+$/, { error: "must be an external-secrets 2.x chart version such as 2.9.0" }).default("2.9.0"),
    /** The operator's namespace (outside the mesh: the API server calls its webhook). @default "external-secrets" */
    namespace: dnsLabel.default("external-secrets"),
    /** Controller and webhook replicas. @default 2 */
    replicas: z.number().int().min(1).max(5).default(2),
    /** Default refresh of every ExternalSecret: a rotated secret reaches its pods within this. @default "1h" */
    refreshInterval: duration.default("1h"),
    /**
     * Loosening: also reconcile ClusterSecretStores, with the reason written down (it shows in the
     * plan report). @default undefined (namespaced SecretStores only)
     */
    clusterStoreReason: z.string().min(20, { error: "must give a reason of at least 20 characters" }).optional(),
});
export type SecretSyncArgs = z.input<typeof secretSyncArgsSchema>;

const grant = z.union([z.strictObject({ name: z.string().min(1) }), z.strictObject({ id: z.custom<pulumi.Input<string>>((v) => v !== undefined && v !== null) })]);

export const consumerStoreArgsSchema = z.strictObject({
    /** The consumer's namespace: its pods read only the Secrets ESO writes there. */
    namespace: dnsLabel,
    /** The Namespace object, when this program creates it: the store's objects wait for it. @default undefined */
    namespaceResource: z.custom<k8s.core.v1.Namespace>((v) => pulumi.Resource.isInstance(v)).optional(),
    /** Exactly the secrets this namespace may read. */
    secrets: z.array(grant).min(1, { error: "must list at least one secret (a store that reads nothing has no reason to exist)" }),
    /** The reader service account the store authenticates as. @default "secret-reader" */
    serviceAccountName: dnsLabel.default("secret-reader"),
});
export type ConsumerStoreArgs = z.input<typeof consumerStoreArgsSchema>;

/**
 * The External Secrets Operator, installed once per compute plane, and the way each consumer
 * namespace gets its own store. Installed with `helm.v3.Release`, not `helm.v4.Chart`: v4 is a
 * remote component, invisible to Pulumi mocks and offline policy checks.
 */
export class SecretSync extends pulumi.ComponentResource {
    readonly release: k8s.helm.v3.Release;
    readonly namespace: string;
    /** Put these in `dependsOn` of anything that uses ESO's CRDs (the release installs them and waits for the webhook). */
    readonly crdsReady: pulumi.Resource[];
    readonly refreshInterval: string;
    readonly clusterStores: boolean;
    private readonly plane: ComputePlane;

    constructor(name: string, args: SecretSyncArgs, opts?: pulumi.ComponentResourceOptions) {
        const a = parse(secretSyncArgsSchema, args, "splitplane:platform:SecretSync", name);
        super("splitplane:platform:SecretSync", name, {}, opts);
        this.plane = a.plane;
        this.namespace = a.namespace;
        this.refreshInterval = a.refreshInterval;
        this.clusterStores = a.clusterStoreReason !== undefined;
        const k8sOpts = { parent: this, provider: a.plane.provider };
        // Outside the mesh on purpose: its callers are the API server (webhook) and the cloud APIs.
        const ns = new k8s.core.v1.Namespace(
            `${name}-namespace`,
            { metadata: { name: a.namespace, labels: { "app.kubernetes.io/managed-by": "splitplane", "istio-injection": "disabled" } } },
            { ...k8sOpts, dependsOn: a.plane.ready },
        );
        this.release = chartRelease(
            this,
            `${name}-operator`,
            a.plane,
            {
                name: "external-secrets",
                chart: "external-secrets",
                repositoryOpts: { repo: EXTERNAL_SECRETS_REPO },
                version: a.chartVersion,
                namespace: a.namespace,
                values: externalSecretsValues({ placement: a.plane.nodePools.onDemand, replicas: a.replicas, clusterStores: this.clusterStores }),
            },
            [ns, ...a.plane.ready],
        );
        this.crdsReady = [this.release];
        this.registerOutputs({ namespace: this.namespace });
    }

    /**
     * A namespaced `SecretStore` for one consumer namespace, authenticated as that namespace's
     * reader service account, which the plane binds with read access to exactly `secrets`.
     */
    storeFor(name: string, args: ConsumerStoreArgs, opts?: pulumi.ComponentResourceOptions): ConsumerSecretStore {
        return new ConsumerSecretStore(name, { sync: this, plane: this.plane, controller: { name: ESO_SERVICE_ACCOUNT, namespace: this.namespace }, ...args }, { parent: this, ...opts });
    }
}

interface ConsumerInternals {
    sync: SecretSync;
    plane: ComputePlane;
    controller: { name: string; namespace: string };
}

/** One consumer namespace's store: its reader identity, the token Role for ESO, and the SecretStore. */
export class ConsumerSecretStore extends pulumi.ComponentResource {
    readonly namespace: string;
    readonly storeName = SECRET_STORE_NAME;
    readonly serviceAccountName: string;
    readonly reader: BoundServiceAccount;
    readonly store: k8s.apiextensions.CustomResource;
    /** What ExternalSecrets of this store wait for (the store, and through it ESO's CRDs). */
    readonly ready: pulumi.Resource[];
    readonly grants: readonly SecretGrant[];
    private readonly plane: ComputePlane;
    private readonly refreshInterval: string;
    private readonly name: string;

    constructor(name: string, args: ConsumerStoreArgs & ConsumerInternals, opts?: pulumi.ComponentResourceOptions) {
        const { sync, plane, controller, ...rest } = args;
        const a = parse(consumerStoreArgsSchema, rest, "splitplane:platform:ConsumerSecretStore", name);
        super("splitplane:platform:ConsumerSecretStore", name, {}, opts);
        this.name = name;
        this.plane = plane;
        this.namespace = a.namespace;
        this.serviceAccountName = a.serviceAccountName;
        this.grants = a.secrets;
        this.refreshInterval = sync.refreshInterval;
        const k8sOpts = { parent: this, provider: plane.provider };
        const nsDeps = a.namespaceResource ? [a.namespaceResource] : [];

        this.reader = plane.bindServiceAccount(
            `${name}-reader`,
            { namespace: a.namespace, serviceAccountName: a.serviceAccountName, permissions: plane.secretStore.readPermissionsFor(a.secrets), createServiceAccount: false },
            { parent: this },
        );
        // Made here rather than by the binding, so that it waits for the namespace.
        const sa = new k8s.core.v1.ServiceAccount(
            `${name}-reader-sa`,
            {
                metadata: { name: a.serviceAccountName, namespace: a.namespace, annotations: this.reader.annotations, labels: { ...this.reader.podLabels, "app.kubernetes.io/managed-by": "splitplane" } },
                // Only ESO uses it, by token request; no pod mounts it.
                automountServiceAccountToken: false,
            },
            { ...k8sOpts, dependsOn: nsDeps },
        );
        const role = new k8s.rbac.v1.Role(`${name}-token-role`, tokenRequestRole({ namespace: a.namespace, serviceAccountName: a.serviceAccountName }), { ...k8sOpts, dependsOn: nsDeps });
        const binding = new k8s.rbac.v1.RoleBinding(
            `${name}-token-binding`,
            tokenRequestRoleBinding({ namespace: a.namespace, serviceAccountName: a.serviceAccountName, controller }),
            { ...k8sOpts, dependsOn: [role] },
        );
        this.store = new k8s.apiextensions.CustomResource(
            `${name}-store`,
            secretStoreObject({ namespace: a.namespace, provider: plane.secretStore.externalSecretsProvider({ name: a.serviceAccountName, namespace: a.namespace }) }) as k8s.apiextensions.CustomResourceArgs,
            { ...k8sOpts, dependsOn: [...sync.crdsReady, sa, binding] },
        );
        this.ready = [this.store];
        this.registerOutputs({ namespace: this.namespace, storeName: this.storeName });
    }

    /**
     * An ExternalSecret of this namespace that reads only secrets this store grants (any other
     * throws, naming it). The Secret it makes is written by ESO in the cluster, never by Pulumi.
     */
    externalSecret(role: string, args: ExternalSecretRequest, opts?: pulumi.CustomResourceOptions): k8s.apiextensions.CustomResource {
        const a = parse(externalSecretRequestSchema, args, "splitplane:platform:ExternalSecret", `${this.name}-${role}`);
        const key = (g: SecretGrant) => {
            if (!this.grants.some((h) => sameGrant(g, h))) {
                throw new ConfigError([`splitplane:platform:ExternalSecret ${JSON.stringify(`${this.name}-${role}`)}: ${describeGrant(g)} is not among the secrets the ${this.namespace} store may read (${this.grants.map(describeGrant).join(", ")})`]);
            }
            return this.plane.secretStore.remoteKey(g);
        };
        const object = externalSecretObject({
            name: a.name,
            namespace: this.namespace,
            targetName: a.targetName,
            refreshInterval: a.refreshInterval ?? this.refreshInterval,
            data: a.data?.map((d): ExternalSecretData => ({ secretKey: d.secretKey, remoteKey: key(d.from), ...(d.property ? { property: d.property } : {}) })),
            dataFrom: a.dataFrom?.map((d) => ({ remoteKey: key(d) })),
            template: a.template,
        });
        return new k8s.apiextensions.CustomResource(`${this.name}-${role}`, object as k8s.apiextensions.CustomResourceArgs, {
            parent: this,
            provider: this.plane.provider,
            ...opts,
            dependsOn: [...this.ready, ...toArray(opts?.dependsOn)],
        });
    }
}

const toArray = <T>(v: pulumi.Input<pulumi.Input<T>[]> | pulumi.Input<T> | undefined): pulumi.Input<T>[] => (v === undefined ? [] : Array.isArray(v) ? v : [v as pulumi.Input<T>]);

const sameGrant = (a: SecretGrant, b: SecretGrant) => ("name" in a && "name" in b ? a.name === b.name : "id" in a && "id" in b ? a.id === b.id : false);
const describeGrant = (g: SecretGrant) => ("name" in g ? `secret ${JSON.stringify(g.name)}` : typeof g.id === "string" ? `secret id ${g.id}` : "a secret id");

export const externalSecretRequestSchema = z
    .strictObject({
        /** The ExternalSecret's name. */
        name: dnsLabel,
        /** The Secret ESO writes (what pods and charts reference). */
        targetName: dnsLabel,
        /** @default the SecretSync's refreshInterval */
        refreshInterval: duration.optional(),
        data: z.array(z.strictObject({ secretKey: secretDataKey, from: grant, property: z.string().min(1).optional() })).optional(),
        dataFrom: z.array(grant).optional(),
        template: z
            .strictObject({
                type: z.string().min(1).optional(),
                /** `Merge` keeps the fetched keys beside the template's. @default "Replace" (ESO's) */
                mergePolicy: z.enum(["Replace", "Merge"]).optional(),
                data: z.record(secretDataKey, z.custom<pulumi.Input<string>>((v) => typeof v === "string" || pulumi.Output.isInstance(v), { error: "must be a string" })).optional(),
                labels: z.record(z.string(), z.string()).optional(),
                annotations: z.record(z.string(), z.string()).optional(),
            })
            .optional(),
    })
    .refine((a) => (a.data?.length ?? 0) + (a.dataFrom?.length ?? 0) > 0, { error: "must read at least one secret (data or dataFrom)" });
export type ExternalSecretRequest = z.input<typeof externalSecretRequestSchema>;
export type { ExternalSecretTemplate };
