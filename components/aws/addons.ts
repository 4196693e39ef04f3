import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { IrsaServiceAccount } from "./identity";
import { ebsCsiKmsPolicy } from "./storage-class";
import { Tags } from "./tags";

/**
 * EKS managed add-ons, each at EKS's default version for the cluster's Kubernetes version, looked
 * up on every run: bumping `kubernetesVersion` then upgrades them too (after the control plane,
 * which they depend on). Left unset, the provider would keep whatever version it first got, and
 * add-ons would fall behind every cluster upgrade. Conflicts are resolved in favour of this code
 * because the add-on configuration lives here.
 */
export const NETWORKING_ADDONS = ["vpc-cni", "kube-proxy", "eks-pod-identity-agent"] as const;
export const WORKLOAD_ADDONS = ["coredns", "aws-ebs-csi-driver"] as const;

interface AddonContext {
    clusterName: pulumi.Input<string>;
    kubernetesVersion: string;
    oidcProviderArn: pulumi.Input<string>;
    issuerUrl: pulumi.Input<string>;
    partition: pulumi.Input<string>;
    tags: Tags;
}

const addon = (parent: pulumi.Resource, name: string, c: AddonContext, addonName: string, extra: Partial<aws.eks.AddonArgs>, dependsOn: pulumi.Resource[] = []) =>
    new aws.eks.Addon(
        `${name}-${addonName}`,
        {
            clusterName: c.clusterName,
            addonName,
            addonVersion: aws.eks.getAddonVersionOutput({ addonName, kubernetesVersion: c.kubernetesVersion, mostRecent: false }, { parent }).version,
            resolveConflictsOnCreate: "OVERWRITE",
            resolveConflictsOnUpdate: "OVERWRITE",
            tags: c.tags,
            ...extra,
        },
        { parent, dependsOn },
    );

/** `service-role/AmazonEBSCSIDriverPolicy` → `amazonebscsidriverpolicy`: a stable child-name key. */
const policyKey = (policy: string) => (policy.split("/").pop() ?? policy).toLowerCase().replace(/_/g, "-");

/** An IRSA role for an add-on whose service account EKS creates (with inline `policies` beside the managed one). */
const addonRole = (parent: pulumi.Resource, name: string, c: AddonContext, serviceAccountName: string, policy: string, policies?: Record<string, pulumi.Input<string>>) =>
    new IrsaServiceAccount(
        name,
        {
            oidcProviderArn: c.oidcProviderArn,
            issuerUrl: c.issuerUrl,
            namespace: "kube-system",
            serviceAccountName,
            createServiceAccount: false,
            permissions: { kind: "aws-iam", managedPolicyArns: { [policyKey(policy)]: pulumi.interpolate`arn:${c.partition}:iam::aws:policy/${policy}` }, ...(policies ? { policies } : {}) },
            tags: c.tags,
        },
        { parent },
    );

/** eks-pod-identity-agent configuration: run on every node, whatever its taints. */
export const POD_IDENTITY_AGENT_CONFIG = { tolerations: [{ operator: "Exists" }] };

/** Add-ons nodes need to become Ready: pod networking (with network policy enforcement), kube-proxy, the Pod Identity agent. */
export function createNetworkingAddons(parent: pulumi.Resource, name: string, c: AddonContext): aws.eks.Addon[] {
    const cni = addonRole(parent, `${name}-vpc-cni-irsa`, c, "aws-node", "AmazonEKS_CNI_Policy");
    return [
        addon(parent, name, c, "vpc-cni", { serviceAccountRoleArn: cni.identity, configurationValues: JSON.stringify({ enableNetworkPolicy: "true" }) }),
        addon(parent, name, c, "kube-proxy", {}),
        // Karpenter gets its credentials from this agent on the tainted system nodes, and GPU pods on
        // tainted GPU nodes: tolerate every taint explicitly (the add-on's schema allows it; older
        // agent versions tolerated none) rather than rely on the version's default.
        addon(parent, name, c, "eks-pod-identity-agent", { configurationValues: JSON.stringify(POD_IDENTITY_AGENT_CONFIG) }),
    ];
}

/**
 * Add-ons that run as Deployments and so need nodes first: DNS and the EBS CSI driver (with its own
 * IRSA role, which may use the volume key of the cluster's default StorageClass).
 */
export function createWorkloadAddons(parent: pulumi.Resource, name: string, c: AddonContext, nodes: pulumi.Resource[], volumeKmsKeyArn: pulumi.Input<string>): aws.eks.Addon[] {
    const volumeKey = { "volume-key": pulumi.output(volumeKmsKeyArn).apply((arn) => JSON.stringify(ebsCsiKmsPolicy(arn))) };
    const ebs = addonRole(parent, `${name}-ebs-csi-irsa`, c, "ebs-csi-controller-sa", "service-role/AmazonEBSCSIDriverPolicy", volumeKey);
    return [addon(parent, name, c, "coredns", {}, nodes), addon(parent, name, c, "aws-ebs-csi-driver", { serviceAccountRoleArn: ebs.identity }, nodes)];
}
