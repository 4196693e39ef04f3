import { policy, PolicyDocument } from "./iam";

/**
 * VPC endpoint policies as plain data. An endpoint with no policy admits any request to any
 * bucket or registry in the region, including another account's (a path out of the VPC for data);
 * these admit what the plane needs and the account's own resources.
 */

/**
 * The AWS accounts whose ECR registries hold the EKS add-on images (vpc-cni, kube-proxy, coredns,
 * the EBS CSI driver, the Pod Identity agent, the pause image), per region, from
 * https://docs.aws.amazon.com/eks/latest/userguide/add-ons-images.html. Nodes pull them through
 * the ecr.api and ecr.dkr endpoints, so those endpoints' policy must admit the account. A region
 * missing here must name its account in `network.ecrRegistryAccounts` (a config problem says so).
 */
export const EKS_ADDON_REGISTRY_ACCOUNTS: Readonly<Record<string, string>> = {
    "af-south-1": "877085696533",
    "ap-east-1": "800184023465",
    "ap-east-2": "533267051163",
    "ap-northeast-1": "602401143452",
    "ap-northeast-2": "602401143452",
    "ap-northeast-3": "602401143452",
    "ap-south-1": "602401143452",
    "ap-south-2": "900889452093",
    "ap-southeast-1": "602401143452",
    "ap-southeast-2": "602401143452",
    "ap-southeast-3": "296578399912",
    "ap-southeast-4": "491585149902",
    "ap-southeast-5": "151610086707",
    "ap-southeast-6": "333609536671",
    "ap-southeast-7": "121268973566",
    "ca-central-1": "602401143452",
    "cn-north-1": "918309763551",
    "cn-northwest-1": "961992271922",
    "eu-central-1": "602401143452",
    "eu-central-2": "900612956339",
    "eu-north-1": "602401143452",
    "eu-south-1": "590381155156",
    "eu-south-2": "455263428931",
    "eu-west-1": "602401143452",
    "eu-west-2": "602401143452",
    "eu-west-3": "602401143452",
    "me-central-1": "759879836304",
    "me-south-1": "558608220178",
    "sa-east-1": "602401143452",
    "us-east-1": "602401143452",
    "us-east-2": "602401143452",
    "us-gov-east-1": "151742754352",
    "us-gov-west-1": "013241004608",
    "us-west-1": "602401143452",
    "us-west-2": "602401143452",
};

/** The endpoint services whose policy is the ECR one. */
export const ECR_ENDPOINT_SERVICES = ["ecr.api", "ecr.dkr"] as const;

/** What pulling an image needs from a registry of another account. */
export const ECR_PULL_ACTIONS = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"];

/**
 * The ecr.api and ecr.dkr endpoints: everything on this account's repositories (pushes from a CI
 * runner in the VPC included), a registry token, and pulls from `pullAccounts`: the region's EKS
 * add-on registry and any the stack lists in `network.ecrRegistryAccounts`.
 */
export function ecrEndpointPolicy(a: { partition: string; region: string; accountId: string; pullAccounts: string[] }): PolicyDocument {
    const repositories = (account: string) => `arn:${a.partition}:ecr:${a.region}:${account}:repository/*`;
    return policy(
        { Sid: "ThisAccountsRepositories", Effect: "Allow", Principal: "*", Action: "ecr:*", Resource: repositories(a.accountId) },
        // GetAuthorizationToken has no resource of its own.
        { Sid: "RegistryToken", Effect: "Allow", Principal: "*", Action: "ecr:GetAuthorizationToken", Resource: "*" },
        { Sid: "PullEksAddonAndListedRegistries", Effect: "Allow", Principal: "*", Action: ECR_PULL_ACTIONS, Resource: [...new Set(a.pullAccounts)].map(repositories) },
    );
}

/**
 * AWS-owned buckets that nodes and add-ons read through the S3 gateway endpoint, per region:
 * - `prod-<region>-starport-layer-bucket`: ECR image layers, for this account's and the EKS add-on
 *   registries alike (https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html);
 * - `al2023-repos-<region>-de612dc2`: Amazon Linux 2023 package repositories (dnf on a node);
 * - the SSM Agent's buckets (updates, documents, Session Manager plugins), from "SSM Agent
 *   communications with AWS managed S3 buckets"
 *   (https://docs.aws.amazon.com/systems-manager/latest/userguide/ssm-agent-minimum-s3-permissions.html);
 * - `prod-registry-k8s-io-<region>`: the layers registry.k8s.io redirects to in AWS regions
 *   (kube-state-metrics and other upstream Kubernetes images).
 */
export function awsOwnedNodeBuckets(region: string): string[] {
    return [
        `prod-${region}-starport-layer-bucket`,
        `al2023-repos-${region}-de612dc2`,
        `aws-ssm-${region}`,
        `amazon-ssm-${region}`,
        `amazon-ssm-packages-${region}`,
        `${region}-birdwatcher-prod`,
        `aws-ssm-distributor-file-${region}`,
        `aws-ssm-document-attachments-${region}`,
        `patch-baseline-snapshot-${region}`,
        `prod-registry-k8s-io-${region}`,
    ];
}

/**
 * The S3 gateway endpoint: every action on buckets this account owns (`aws:ResourceAccount`), and
 * read-only access to the AWS-owned buckets above and to `extraReadBuckets` (a third-party
 * registry whose layers sit in an S3 bucket of this region, for example).
 */
export function s3GatewayEndpointPolicy(a: { partition: string; region: string; accountId: string; extraReadBuckets: string[] }): PolicyDocument {
    const objects = (bucket: string) => `arn:${a.partition}:s3:::${bucket}/*`;
    return policy(
        { Sid: "ThisAccountsBuckets", Effect: "Allow", Principal: "*", Action: "s3:*", Resource: "*", Condition: { StringEquals: { "aws:ResourceAccount": a.accountId } } },
        { Sid: "ReadAwsOwnedAndListedBuckets", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: [...awsOwnedNodeBuckets(a.region), ...a.extraReadBuckets].map(objects) },
    );
}
