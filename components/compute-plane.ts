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
     * Resources that must exist before workloads are scheduled (node capacity, controllers):
     * platform releases put these in `dependsOn`, which also makes destroy remove workloads first.
     */
    readonly ready: pulumi.Resource[];
}

export type Cloud = "aws" | "azure";

/**
 * Permissions in the cloud's own terms. The plane that receives them is the plane that made
 * them (e.g. `secretStore.readPermissions`), or a caller that knows which cloud it targets.
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

export interface SecretStoreRef {
    readonly kind: "aws-secrets-manager" | "azure-key-vault";
    /** Secrets of this environment live under this name prefix; the read permission covers only them. */
    readonly namePrefix: string;
    /** Read-only access to this environment's secrets, for `bindServiceAccount`. */
    readonly readPermissions: CloudPermissions;
    /**
     * The External Secrets Operator `ClusterSecretStore.spec.provider` block that authenticates as
     * the given service account (bound with `readPermissions`).
     */
    externalSecretsProvider(serviceAccount: { name: string; namespace: string }): pulumi.Output<Record<string, unknown>>;
}

export interface IngressSettings {
    /** IngressClass name of the cloud load balancer controller. */
    readonly className: string;
    /** False unless the stack explicitly asked for an internet-facing load balancer. */
    readonly internetFacing: boolean;
    /** The Service the cloud load balancer sends traffic to; the mesh must create it (ClusterIP is enough). */
    readonly gatewayService: { namespace: string; name: string; port: number };
    /** Annotations that keep any `LoadBalancer` Service private on this cloud. */
    readonly internalServiceAnnotations: Record<string, string>;
    /** Host name of the load balancer, when one is created (known once the controller has made it). */
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
}
