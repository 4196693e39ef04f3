import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Toleration } from "../compute-plane";
import { managedPolicyArn, serviceTrustPolicy } from "./iam";
import { machineTags, Tags, withName } from "./tags";

/** The label and taint of the system node group; only cluster-critical add-ons run there. */
export const SYSTEM_POOL_LABEL = { "splitplane.io/pool": "system" } as const;
export const SYSTEM_TAINT = { key: "CriticalAddonsOnly", value: "true", effect: "NO_SCHEDULE" } as const;
export const SYSTEM_TOLERATIONS: Toleration[] = [{ key: "CriticalAddonsOnly", operator: "Exists", effect: "NoSchedule" }];

/** Managed policies every EKS node role needs (the VPC CNI has its own IRSA role, so not its policy). */
export const NODE_ROLE_POLICIES = ["AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryPullOnly", "AmazonSSMManagedInstanceCore"] as const;

/**
 * The managed node group's role also carries AmazonEC2ContainerRegistryReadOnly: CreateNodegroup
 * checks the role for that policy by name and refuses one without it ("The provided role doesn't
 * have the Amazon EKS Managed Policies associated with it ... AmazonEKSWorkerNodePolicy,
 * AmazonEC2ContainerRegistryReadOnly", aws/containers-roadmap#1610), even though AWS's node role
 * page now names PullOnly as enough for the kubelet. Karpenter's nodes join through an access
 * entry, which makes no such check, so its node role keeps PullOnly only.
 */
export const SYSTEM_NODE_ROLE_POLICIES = [...NODE_ROLE_POLICIES, "AmazonEC2ContainerRegistryReadOnly"] as const;

/**
 * Instance metadata for every node launch template: IMDSv2 only, and a hop limit of 1 so that a
 * pod's packets (one extra hop through the pod network namespace) never reach IMDS and the node
 * role's credentials. Pods get AWS credentials from IRSA or Pod Identity instead; host-network
 * agents (VPC CNI, kube-proxy) still reach IMDS.
 */
export const NODE_METADATA_OPTIONS = { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1, instanceMetadataTags: "disabled" } as const;

export interface SystemNodeGroupArgs {
    clusterName: pulumi.Input<string>;
    kubernetesVersion: string;
    subnetIds: pulumi.Input<string>[];
    instanceType: string;
    min: number;
    max: number;
    partition: pulumi.Input<string>;
    tags: Tags;
    /** Resources the nodes need before they can become Ready (VPC CNI, kube-proxy add-ons). */
    dependsOn: pulumi.Resource[];
}

/** Creates the node role, launch template and managed node group under `parent`. */
export function createSystemNodeGroup(parent: pulumi.Resource, name: string, a: SystemNodeGroupArgs) {
    const child = { parent };
    const role = new aws.iam.Role(`${name}-system-node-role`, { assumeRolePolicy: JSON.stringify(serviceTrustPolicy("ec2.amazonaws.com")), tags: a.tags }, child);
    const attachments = SYSTEM_NODE_ROLE_POLICIES.map(
        (p) => new aws.iam.RolePolicyAttachment(`${name}-system-node-${p}`, { role: role.name, policyArn: pulumi.interpolate`arn:${a.partition}:iam::aws:policy/${p}` }, child),
    );
    const launchTemplate = new aws.ec2.LaunchTemplate(
        `${name}-system-lt`,
        {
            description: "EKS system nodes: IMDSv2 hop 1, encrypted gp3 root volume, no SSH key",
            metadataOptions: NODE_METADATA_OPTIONS,
            blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { volumeSize: 50, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" } }],
            tagSpecifications: [
                { resourceType: "instance", tags: withName(machineTags(a.tags), `${name}-system`) },
                { resourceType: "volume", tags: withName(machineTags(a.tags), `${name}-system`) },
            ],
            updateDefaultVersion: true,
            tags: a.tags,
        },
        child,
    );
    const nodeGroup = new aws.eks.NodeGroup(
        `${name}-system`,
        {
            clusterName: a.clusterName,
            nodeRoleArn: role.arn,
            subnetIds: a.subnetIds,
            version: a.kubernetesVersion,
            amiType: "AL2023_x86_64_STANDARD",
            capacityType: "ON_DEMAND",
            instanceTypes: [a.instanceType],
            scalingConfig: { minSize: a.min, maxSize: a.max, desiredSize: a.min },
            updateConfig: { maxUnavailable: 1 },
            launchTemplate: { id: launchTemplate.id, version: launchTemplate.latestVersion.apply(String) },
            labels: { ...SYSTEM_POOL_LABEL },
            taints: [{ ...SYSTEM_TAINT }],
            tags: a.tags,
        },
        // Scaling is the cluster's business after creation; a plan must not fight it.
        { parent, dependsOn: [...attachments, ...a.dependsOn], ignoreChanges: ["scalingConfig.desiredSize"] },
    );
    return { role, launchTemplate, nodeGroup };
}

/** Exported for tests: the ARN forms of the system node role policies. */
export const nodeRolePolicyArns = (partition: string) => SYSTEM_NODE_ROLE_POLICIES.map((p) => managedPolicyArn(partition, p));
