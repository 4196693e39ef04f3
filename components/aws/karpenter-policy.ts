import { policy, PolicyDocument, Statement } from "./iam";

/**
 * Karpenter v1.14 controller permissions, as Karpenter's getting-started CloudFormation template
 * for v1.14 grants them (one managed policy per concern there, one inline policy per concern here).
 * Every mutating EC2 and IAM action is scoped to resources tagged for this cluster and a NodePool
 * or EC2NodeClass, so the controller cannot touch instances it did not launch.
 * `test/aws/karpenter.test.ts` compares these statements with the published template.
 */
export interface KarpenterPolicyArgs {
    partition: string;
    region: string;
    accountId: string;
    clusterName: string;
    nodeRoleArn: string;
    interruptionQueueArn: string;
}

export type KarpenterPolicyName = "node-lifecycle" | "iam-integration" | "eks-integration" | "interruption" | "zonal-shift" | "resource-discovery";

export function karpenterControllerPolicies(a: KarpenterPolicyArgs): Record<KarpenterPolicyName, PolicyDocument> {
    const ec2 = (kind: string, account = "*") => `arn:${a.partition}:ec2:${a.region}:${account}:${kind}`;
    const instanceProfiles = `arn:${a.partition}:iam::${a.accountId}:instance-profile/*`;
    const clusterArn = `arn:${a.partition}:eks:${a.region}:${a.accountId}:cluster/${a.clusterName}`;
    const owned = `kubernetes.io/cluster/${a.clusterName}`;

    // Tag facts Karpenter relies on.
    const resourceOwned = { [`aws:ResourceTag/${owned}`]: "owned" };
    const requestOwned = { [`aws:RequestTag/${owned}`]: "owned", "aws:RequestTag/eks:eks-cluster-name": a.clusterName };
    const regionTag = (kind: "Resource" | "Request") => ({ [`aws:${kind}Tag/topology.kubernetes.io/region`]: a.region });
    const anyNodePool = (kind: "Resource" | "Request") => ({ [`aws:${kind}Tag/karpenter.sh/nodepool`]: "*" });
    const anyNodeClass = (kind: "Resource" | "Request") => ({ [`aws:${kind}Tag/karpenter.k8s.aws/ec2nodeclass`]: "*" });

    const launchedResources = ["fleet/*", "instance/*", "volume/*", "network-interface/*", "launch-template/*", "spot-instances-request/*"].map((k) => ec2(k));
    const launchInputs = [ec2("image/*", ""), ec2("snapshot/*", ""), ec2("security-group/*"), ec2("subnet/*"), ec2("capacity-reservation/*"), ec2("placement-group/*")];

    const nodeLifecycle: Statement[] = [
        { Sid: "AllowScopedEC2InstanceAccessActions", Effect: "Allow", Resource: launchInputs, Action: ["ec2:RunInstances", "ec2:CreateFleet"] },
        {
            Sid: "AllowScopedEC2LaunchTemplateAccessActions",
            Effect: "Allow",
            Resource: ec2("launch-template/*"),
            Action: ["ec2:RunInstances", "ec2:CreateFleet"],
            Condition: { StringEquals: resourceOwned, StringLike: anyNodePool("Resource") },
        },
        {
            Sid: "AllowScopedEC2InstanceActionsWithTags",
            Effect: "Allow",
            Resource: launchedResources,
            Action: ["ec2:RunInstances", "ec2:CreateFleet", "ec2:CreateLaunchTemplate"],
            Condition: { StringEquals: requestOwned, StringLike: anyNodePool("Request") },
        },
        {
            Sid: "AllowScopedResourceCreationTagging",
            Effect: "Allow",
            Resource: launchedResources,
            Action: "ec2:CreateTags",
            Condition: { StringEquals: { ...requestOwned, "ec2:CreateAction": ["RunInstances", "CreateFleet", "CreateLaunchTemplate"] }, StringLike: anyNodePool("Request") },
        },
        {
            Sid: "AllowScopedResourceTagging",
            Effect: "Allow",
            Resource: ec2("instance/*"),
            Action: "ec2:CreateTags",
            Condition: {
                StringEquals: resourceOwned,
                StringLike: anyNodePool("Resource"),
                StringEqualsIfExists: { "aws:RequestTag/eks:eks-cluster-name": a.clusterName },
                // After launch the controller may only add these tags.
                "ForAllValues:StringEquals": { "aws:TagKeys": ["eks:eks-cluster-name", "karpenter.sh/nodeclaim", "Name"] },
            },
        },
        {
            Sid: "AllowScopedDeletion",
            Effect: "Allow",
            Resource: [ec2("instance/*"), ec2("launch-template/*")],
            Action: ["ec2:TerminateInstances", "ec2:DeleteLaunchTemplate"],
            Condition: { StringEquals: resourceOwned, StringLike: anyNodePool("Resource") },
        },
    ];

    const iamIntegration: Statement[] = [
        {
            Sid: "AllowPassingInstanceRole",
            Effect: "Allow",
            Resource: a.nodeRoleArn,
            Action: "iam:PassRole",
            Condition: { StringEquals: { "iam:PassedToService": ["ec2.amazonaws.com", "ec2.amazonaws.com.cn"] } },
        },
        {
            Sid: "AllowScopedInstanceProfileCreationActions",
            Effect: "Allow",
            Resource: instanceProfiles,
            Action: ["iam:CreateInstanceProfile"],
            Condition: { StringEquals: { ...requestOwned, ...regionTag("Request") }, StringLike: anyNodeClass("Request") },
        },
        {
            Sid: "AllowScopedInstanceProfileTagActions",
            Effect: "Allow",
            Resource: instanceProfiles,
            Action: ["iam:TagInstanceProfile"],
            Condition: {
                StringEquals: { ...resourceOwned, ...regionTag("Resource"), ...requestOwned, ...regionTag("Request") },
                StringLike: { ...anyNodeClass("Resource"), ...anyNodeClass("Request") },
            },
        },
        {
            Sid: "AllowScopedInstanceProfileActions",
            Effect: "Allow",
            Resource: instanceProfiles,
            Action: ["iam:AddRoleToInstanceProfile", "iam:RemoveRoleFromInstanceProfile", "iam:DeleteInstanceProfile"],
            Condition: { StringEquals: { ...resourceOwned, ...regionTag("Resource") }, StringLike: anyNodeClass("Resource") },
        },
    ];

    return {
        "node-lifecycle": policy(...nodeLifecycle),
        "iam-integration": policy(...iamIntegration),
        "eks-integration": policy({ Sid: "AllowAPIServerEndpointDiscovery", Effect: "Allow", Resource: clusterArn, Action: "eks:DescribeCluster" }),
        interruption: policy({
            Sid: "AllowInterruptionQueueActions",
            Effect: "Allow",
            Resource: a.interruptionQueueArn,
            Action: ["sqs:DeleteMessage", "sqs:GetQueueUrl", "sqs:ReceiveMessage"],
        }),
        "zonal-shift": policy({
            Sid: "AllowZonalShiftStatusReadOnly",
            Effect: "Allow",
            Resource: "*",
            Action: ["arc-zonal-shift:GetManagedResource"],
            Condition: { StringEquals: { "arc-zonal-shift:ResourceIdentifier": clusterArn } },
        }),
        "resource-discovery": policy(
            {
                Sid: "AllowRegionalReadActions",
                Effect: "Allow",
                Resource: "*",
                Action: [
                    "ec2:DescribeCapacityReservations", "ec2:DescribeImages", "ec2:DescribeInstances", "ec2:DescribeInstanceStatus",
                    "ec2:DescribeInstanceTypeOfferings", "ec2:DescribeInstanceTypes", "ec2:DescribeLaunchTemplates", "ec2:DescribePlacementGroups",
                    "ec2:DescribeSecurityGroups", "ec2:DescribeSpotPriceHistory", "ec2:DescribeSubnets",
                ],
                Condition: { StringEquals: { "aws:RequestedRegion": a.region } },
            },
            { Sid: "AllowSSMReadActions", Effect: "Allow", Resource: `arn:${a.partition}:ssm:${a.region}::parameter/aws/service/*`, Action: "ssm:GetParameter" },
            { Sid: "AllowPricingReadActions", Effect: "Allow", Resource: "*", Action: "pricing:GetProducts" },
            { Sid: "AllowUnscopedInstanceProfileListAction", Effect: "Allow", Resource: "*", Action: "iam:ListInstanceProfiles" },
            { Sid: "AllowInstanceProfileReadActions", Effect: "Allow", Resource: instanceProfiles, Action: "iam:GetInstanceProfile" },
        ),
    };
}

/**
 * EventBridge rules that feed Karpenter's interruption queue, so it drains a node before AWS
 * reclaims it: Spot interruption warnings (2 minutes' notice), rebalance recommendations,
 * instance state changes, AWS Health scheduled maintenance, capacity-reservation interruptions.
 * Keys are stable child-name suffixes.
 */
export const INTERRUPTION_EVENTS: Record<string, { source: string; detailType: string }> = {
    "spot-interruption": { source: "aws.ec2", detailType: "EC2 Spot Instance Interruption Warning" },
    rebalance: { source: "aws.ec2", detailType: "EC2 Instance Rebalance Recommendation" },
    "instance-state-change": { source: "aws.ec2", detailType: "EC2 Instance State-change Notification" },
    "scheduled-change": { source: "aws.health", detailType: "AWS Health Event" },
    "capacity-reservation-interruption": { source: "aws.ec2", detailType: "EC2 Capacity Reservation Instance Interruption Warning" },
};

/**
 * The interruption queue's policy: EventBridge may send, and only from this stack's rules
 * (tighter than the upstream template, which admits any rule); plain-HTTP access is denied.
 */
export function interruptionQueuePolicy(queueArn: string, ruleArns: string[]): PolicyDocument {
    return policy(
        {
            Sid: "EventBridgeFromOwnRules",
            Effect: "Allow",
            Principal: { Service: "events.amazonaws.com" },
            Action: "sqs:SendMessage",
            Resource: queueArn,
            Condition: { ArnEquals: { "aws:SourceArn": ruleArns } },
        },
        { Sid: "DenyHTTP", Effect: "Deny", Principal: "*", Action: "sqs:*", Resource: queueArn, Condition: { Bool: { "aws:SecureTransport": "false" } } },
    );
}
