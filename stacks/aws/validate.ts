import { ResolvedAwsStackConfig } from "../../config/defaults";
import { describe } from "../../config/zod-format";
import { CidrPlanError, planSubnets } from "../../components/aws/cidr";
import { ECR_ENDPOINT_SERVICES, EKS_ADDON_REGISTRY_ACCOUNTS } from "../../components/aws/endpoint-policies";
import { providerCredentialsProblems, providerCredentialsRoleName, resolveProviderCredentials } from "../../config/provider-credentials";

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;
const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;

/** `splitplane-<stack>`, restricted to the characters EKS allows in a cluster name. */
export function clusterNameFor(stack: string): string {
    return `splitplane-${stack}`.replace(/[^a-zA-Z0-9_-]/g, "-");
}

/**
 * `<cluster>-final` in the characters RDS allows in a snapshot identifier: letters, digits and
 * single hyphens (a cluster name may also hold underscores, and a stack name dots).
 */
export function snapshotPrefixFor(clusterName: string): string {
    return `${clusterName}-final`.replace(/[^a-zA-Z0-9]+/g, "-");
}

/** The RDS instance identifier: the cluster name in the characters RDS allows (at most 63). */
export function dbIdentifierFor(clusterName: string): string {
    return clusterName.replace(/[^a-zA-Z0-9]+/g, "-").replace(/-$/, "");
}

/**
 * Checks that need more than one key, or a key outside `splitplane:` (`aws:region`), in the same
 * one-line-per-problem form as the schema's messages. Returns the problems; empty means valid.
 */
export function awsConfigProblems(cfg: ResolvedAwsStackConfig, file: string, stack: string, region: string | undefined): string[] {
    const problems: string[] = [];
    if (!region) {
        problems.push(`${file}: aws:region must be set, e.g. eu-west-1 (got nothing)`);
    } else if (!REGION.test(region)) {
        problems.push(`${file}: aws:region must be an AWS region such as eu-west-1 (got ${describe(region)})`);
    }
    cfg.cluster.admins.forEach((arn, i) => {
        if (!ROLE_ARN.test(arn)) {
            problems.push(`${file}: splitplane:cluster.admins[${i}] must be an IAM role ARN such as arn:aws:iam::111122223333:role/platform-admin (got ${describe(arn)})`);
        }
    });
    // The cluster exists from phase 0, and the deployer installs charts on it in the same up.
    if (cfg.cluster.admins.length === 0) {
        problems.push(`${file}: splitplane:cluster.admins must list at least one IAM role (the cluster exists from phase 0), including the one that runs pulumi up (got [])`);
    }
    const ecrEndpoint = cfg.network.vpcEndpoints.some((s) => (ECR_ENDPOINT_SERVICES as readonly string[]).includes(s));
    if (region && REGION.test(region) && ecrEndpoint && !EKS_ADDON_REGISTRY_ACCOUNTS[region] && cfg.network.ecrRegistryAccounts.length === 0) {
        problems.push(
            `${file}: splitplane:network.ecrRegistryAccounts must name the account of the EKS add-on registry in ${region}, which the ecr.* endpoint policies must admit (see https://docs.aws.amazon.com/eks/latest/userguide/add-ons-images.html) (got [])`,
        );
    }
    // `@latest` in prod: each AMI release drifts every EC2NodeClass, so Karpenter replaces every node,
    // GPU nodes with their loaded models included, whenever AWS publishes one.
    if (cfg.environment === "prod" && cfg.nodePools.amiAlias.endsWith("@latest")) {
        const family = cfg.nodePools.amiAlias.split("@")[0];
        problems.push(
            `${file}: splitplane:nodePools.amiAlias must pin an AMI version in prod, such as ${family}@v20260512 (got ${describe(cfg.nodePools.amiAlias)}): with @latest every AMI release replaces every node, GPU nodes included`,
        );
    }
    try {
        planSubnets(cfg.network.cidr, cfg.network.azCount);
    } catch (err) {
        if (!(err instanceof CidrPlanError)) throw err;
        problems.push(`${file}: splitplane:network.cidr does not fit: ${err.message}`);
    }
    const certRegion = cfg.ingress.certificateArn?.split(":")[3];
    if (region && certRegion && certRegion !== region) {
        problems.push(`${file}: splitplane:ingress.certificateArn must be in aws:region ${region}, where the load balancer is (got a certificate in ${certRegion})`);
    }
    const wafRegion = cfg.ingress.wafAclArn?.split(":")[3];
    if (region && wafRegion && wafRegion !== region) {
        problems.push(`${file}: splitplane:ingress.wafAclArn must be in aws:region ${region} (got a web ACL in ${wafRegion})`);
    }
    const clusterName = clusterNameFor(stack);
    const dbIdentifier = dbIdentifierFor(clusterName);
    if (dbIdentifier.length > 63) {
        problems.push(`${file}: the stack name must be at most 52 characters, so that the database identifier ${dbIdentifier.slice(0, 20)}... fits in 63 (got ${stack.length})`);
    }
    problems.push(...providerCredentialsProblems(cfg, file));
    const roleName = providerCredentialsRoleName(clusterName);
    if (roleName.length > 64 && problems.length === 0 && resolveProviderCredentials(cfg, { stack, secretNamePrefix: "" })) {
        problems.push(`${file}: the stack name must be at most ${stack.length - (roleName.length - 64)} characters, so that the provider-credentials role name ${roleName.slice(0, 20)}... fits in 64 (got ${stack.length}), or set splitplane:providerCredentials.enabled to false`);
    }
    if (clusterName.length > 100) problems.push(`${file}: the stack name must be at most 89 characters, so that the EKS cluster name ${clusterName.slice(0, 20)}... fits in 100 (got ${stack.length})`);
    return problems;
}
