import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

/**
 * The contract between a cloud's compute plane and everything that runs on it.
 *
 * AWS (`components/aws`) implements it now and Azure later; platform components (mesh, agent,
 * gateway, secret sync) take a `ComputePlane` and never ask which cloud made it. Anything
 * cloud-specific that a platform component must pass through (permissions, secret-store
 * provider blocks) is produced by the plane itself, so callers stay cloud-neutral.
 */
export interface ComputePlane {
    readonly cloud: Cloud;
    /** AWS region or Azure location. */
    readonly region: pulumi.Output<string>;
    readonly clusterName: pulumi.Output<string>;
    /** Kubernetes provider for the cluster; authenticates with a short-lived token from the cloud CLI, never a stored credential. */
    readonly provider: k8s.Provider;
    /** The cluster's OIDC issuer URL (`https://...`), the root of workload identity. */
    readonly oidcIssuerUrl: pulumi.Output<string>;
    /**
     * Binds a Kubernetes service account to a cloud identity holding exactly `permissions`,
     * trusted by this cluster's issuer for that one `namespace/name` only.
     */
    bindServiceAccount(name: string, binding: ServiceAccountBinding, opts?: pulumi.ComponentResourceOptions): BoundServiceAccount;
    /** The cloud secret store that the secret-sync operator reads. */
    readonly secretStore: SecretStoreRef;
    readonly ingress: IngressSettings;
    /** Where each class of workload runs; every pool lists the tolerations its taints need. */
    readonly nodePools: NodePoolPlacements;
    /**
     * Whether the GPU nodes' image brings its own NVIDIA device plugin (`"bundled"`: Bottlerocket's
     * NVIDIA variants, AKS's managed GPU pools) or the platform must install one (`"required"`).
     * Meaningless without `nodePools.gpu`.
     */
    readonly gpuDevicePlugin: "bundled" | "required";
    /**
     * The StorageClass that persistent volumes get (Prometheus's, for one): encrypted at rest, the
     * cluster's default, existing once `ready` does. AWS: `gp3-encrypted`, EBS with the
     * environment's volume key; Azure: AKS's built-in `managed-csi` (platform-managed keys).
     */
    readonly storageClassName: string;
    /**
     * Resources that must exist before workloads are scheduled (node capacity, controllers):
     * platform releases put these in `dependsOn`, which also makes destroy remove workloads first.
     */
    readonly ready: pulumi.Resource[];
}

export type Cloud = "aws" | "azure";

/**
 * Permissions in the cloud's own terms. The plane that receives them is the plane that made
 * them (e.g. `secretStore.readPermissionsFor`), or a caller that knows which cloud it targets.
 */
export type CloudPermissions =
    | {
          kind: "aws-iam";
          /**
           * IAM policy documents (JSON) by a stable name; each becomes an inline policy whose
           * resource name derives from that key (renaming a key replaces the policy).
           */
          policies?: Record<string, pulumi.Input<string>>;
          /** Managed policy ARNs to attach, by a stable name. */
          managedPolicyArns?: Record<string, pulumi.Input<string>>;
      }
    | {
          kind: "azure-rbac";
          roleAssignments: { roleDefinitionId: pulumi.Input<string>; scope: pulumi.Input<string> }[];
      };

export interface ServiceAccountBinding {
    namespace: string;
    /** The Kubernetes service account name; the trust is for this exact name. */
    serviceAccountName: string;
    permissions: CloudPermissions;
    /**
     * Create the ServiceAccount object too. Set false when a chart or add-on creates it, and put
     * `annotations` (and `podLabels`) into its values instead.
     * @default true
     */
    createServiceAccount?: boolean;
}

export interface BoundServiceAccount {
    readonly namespace: string;
    readonly serviceAccountName: string;
    /** The cloud identity: an IAM role ARN (AWS) or a managed identity client id (Azure). */
    readonly identity: pulumi.Output<string>;
    /** Annotations the ServiceAccount must carry (e.g. `eks.amazonaws.com/role-arn`). */
    readonly annotations: pulumi.Output<Record<string, string>>;
    /** Labels the pods must carry (empty on AWS; `azure.workload.identity/use` on Azure). */
    readonly podLabels: Record<string, string>;
    /** The ServiceAccount, when the binding created it. */
    readonly serviceAccount?: k8s.core.v1.ServiceAccount;
}

/**
 * One secret a consumer may read: by `name` under the store's `namePrefix` (the usual case: the
 * plane grants `<namePrefix><name>` and nothing that merely starts with it), or by the full cloud
 * `id` of a secret that lives outside the prefix (the RDS-managed master secret's ARN, a Key Vault
 * secret id).
 */
export type SecretGrant = { readonly name: string } | { readonly id: pulumi.Input<string> };

export interface SecretStoreRef {
    readonly kind: "aws-secrets-manager" | "azure-key-vault";
    /** Secrets of this environment live under this name prefix; read grants cover only names under it (or ids named one by one). */
    readonly namePrefix: string;
    /**
     * Read-only access to exactly `secrets`, for `bindServiceAccount`: one consumer's identity
     * (AWS: an IAM policy on those secret ARNs; Azure: role assignments scoped to those secrets).
     * Throws on a name that is not a plain secret name (a wildcard, a leading `/`).
     */
    readPermissionsFor(secrets: readonly SecretGrant[]): CloudPermissions;
    /**
     * Read-only access to every secret of this environment (the whole prefix).
     * @deprecated too broad for a consumer; use `readPermissionsFor` with exactly its secrets.
     * Kept until every caller has moved.
     */
    readonly readPermissions: CloudPermissions;
    /** The key an `ExternalSecret`'s `remoteRef.key` gives for this grant (`<namePrefix><name>`, or the id). */
    remoteKey(secret: SecretGrant): pulumi.Input<string>;
    /**
     * The External Secrets Operator `spec.provider` block of a namespaced `SecretStore` in
     * `serviceAccount.namespace` that authenticates as that service account (bound with
     * `readPermissionsFor` its secrets). Valid for a `ClusterSecretStore` too.
     */
    externalSecretsProvider(serviceAccount: { name: string; namespace: string }): pulumi.Output<Record<string, unknown>>;
}

export interface IngressSettings {
    /** IngressClass name of the cloud load balancer controller. */
    readonly className: string;
    /** False unless the stack explicitly asked for an internet-facing load balancer. */
    readonly internetFacing: boolean;
    /** The Service the cloud load balancer sends traffic to: the mesh's ingress gateway, which also owns its namespace. */
    readonly gatewayService: { namespace: string; name: string; port: number };
    /** Annotations that keep any `LoadBalancer` Service private on this cloud. */
    readonly internalServiceAnnotations: Record<string, string>;
    /**
     * How the mesh's ingress gateway Service is exposed on this cloud: `"ClusterIP"` where a cloud
     * load balancer targets the gateway pods directly (AWS: the ALB's IP targets), `"LoadBalancer"`
     * where the Service itself is the load balancer (Azure: an internal one, carrying
     * `internalServiceAnnotations`). Never a public load balancer.
     */
    readonly gatewayServiceType: "ClusterIP" | "LoadBalancer";
    /** Static private IP of the gateway Service, where the cloud asks for one (only with `"LoadBalancer"`). */
    readonly gatewayServiceIp?: pulumi.Input<string>;
    /**
     * The Service annotation through which this cloud's load balancer takes `gatewayServiceIp`
     * (required with it). An annotation, not `spec.loadBalancerIP`: Kubernetes deprecated that field
     * in 1.24 in favour of implementation-specific annotations, and AKS documents its own.
     */
    readonly gatewayServiceIpAnnotation?: string;
    /**
     * Host name of the load balancer, where the plane knows it when it is made. AWS does not: its
     * ALB Ingress follows the mesh's namespace, so the stack output `ingressHostname` carries it.
     */
    readonly hostname?: pulumi.Output<string | undefined>;
}

export interface Toleration {
    key: string;
    operator: "Exists" | "Equal";
    value?: string;
    effect: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
}

export interface NodePlacement {
    readonly nodeSelector: Record<string, string>;
    readonly tolerations: Toleration[];
}

export interface NodePoolPlacements {
    /** Cluster-critical add-ons only (tainted CriticalAddonsOnly). */
    readonly system: NodePlacement;
    /** General workloads (spot first on AWS). */
    readonly general: NodePlacement;
    /** GPU workloads (tainted nvidia.com/gpu), when the GPU pool is enabled. */
    readonly gpu?: NodePlacement;
    /**
     * On-demand capacity only, never spot, and never removed when an idle environment is paused:
     * controllers, the control plane, the ingress gateway. Tainted, so nothing lands there by accident.
     */
    readonly onDemand: NodePlacement;
}
