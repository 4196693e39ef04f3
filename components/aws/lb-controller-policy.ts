import { ConditionBlock, policy, PolicyDocument, Statement } from "./iam";

/**
 * The AWS Load Balancer Controller's IAM permissions, for the pinned controller version
 * (chart 3.5.0, controller v3.5.0), as AWS publishes them in the project's
 * `docs/install/iam_policy.json`. Built here from the facts (actions, scopes, conditions) rather than
 * vendored; `test/aws/lb-controller-policy.test.ts` compares the result with the published file.
 *
 * The controller marks everything it creates with the tag `elbv2.k8s.aws/cluster`; most
 * mutating actions are allowed only on resources carrying that tag, so the controller cannot
 * modify load balancers or security groups it did not create.
 */
export const LB_CONTROLLER_POLICY_VERSION = "v3.5.0";

const CLUSTER_TAG = "elbv2.k8s.aws/cluster";

/** The request creates a resource tagged as the controller's. */
const creatingOwned: ConditionBlock = { Null: { [`aws:RequestTag/${CLUSTER_TAG}`]: "false" } };
/** The resource already carries the controller's tag. */
const alreadyOwned: ConditionBlock = { Null: { [`aws:ResourceTag/${CLUSTER_TAG}`]: "false" } };
/** Tags may change on owned resources only if the request does not touch the ownership tag itself. */
const ownedAndOwnershipTagUntouched: ConditionBlock = { Null: { [`aws:RequestTag/${CLUSTER_TAG}`]: "true", [`aws:ResourceTag/${CLUSTER_TAG}`]: "false" } };

/** Read-only discovery: subnets, security groups, certificates, existing load balancers. */
const DESCRIBE = {
    ec2: [
        "DescribeAccountAttributes", "DescribeAddresses", "DescribeAvailabilityZones", "DescribeInternetGateways", "DescribeVpcs",
        "DescribeVpcPeeringConnections", "DescribeSubnets", "DescribeSecurityGroups", "DescribeInstances", "DescribeNetworkInterfaces",
        "DescribeTags", "GetCoipPoolUsage", "DescribeCoipPools", "GetSecurityGroupsForVpc", "DescribeIpamPools", "DescribeRouteTables",
    ],
    elasticloadbalancing: [
        "DescribeLoadBalancers", "DescribeLoadBalancerAttributes", "DescribeListeners", "DescribeListenerCertificates", "DescribeSSLPolicies",
        "DescribeRules", "DescribeTargetGroups", "DescribeTargetGroupAttributes", "DescribeTargetHealth", "DescribeTags", "DescribeTrustStores",
        "DescribeListenerAttributes", "DescribeCapacityReservation",
    ],
};

/** Integrations an Ingress can ask for through annotations: TLS certificates, Cognito, WAF, Shield. */
const INTEGRATIONS = [
    "cognito-idp:DescribeUserPoolClient",
    "acm:ListCertificates", "acm:DescribeCertificate",
    "iam:ListServerCertificates", "iam:GetServerCertificate",
    "waf-regional:GetWebACL", "waf-regional:GetWebACLForResource", "waf-regional:AssociateWebACL", "waf-regional:DisassociateWebACL",
    "wafv2:GetWebACL", "wafv2:GetWebACLForResource", "wafv2:AssociateWebACL", "wafv2:DisassociateWebACL",
    "shield:GetSubscriptionState", "shield:DescribeProtection", "shield:CreateProtection", "shield:DeleteProtection",
];

const elb = (...actions: string[]) => actions.map((a) => `elasticloadbalancing:${a}`);
const ec2 = (...actions: string[]) => actions.map((a) => `ec2:${a}`);

export function lbControllerPolicy(partition = "aws"): PolicyDocument {
    const sg = `arn:${partition}:ec2:*:*:security-group/*`;
    const lbArn = (kind: string) => `arn:${partition}:elasticloadbalancing:*:*:${kind}`;
    const balancersAndGroups = [lbArn("targetgroup/*/*"), lbArn("loadbalancer/net/*/*"), lbArn("loadbalancer/app/*/*")];
    const listenersAndRules = [lbArn("listener/net/*/*/*"), lbArn("listener/app/*/*/*"), lbArn("listener-rule/net/*/*/*"), lbArn("listener-rule/app/*/*/*")];
    const allow = (Action: string[], Resource: string | string[], Condition?: ConditionBlock): Statement => ({ Effect: "Allow", Action, Resource, ...(Condition ? { Condition } : {}) });

    return policy(
        // First use in an account creates the ELB service-linked role.
        allow(["iam:CreateServiceLinkedRole"], "*", { StringEquals: { "iam:AWSServiceName": "elasticloadbalancing.amazonaws.com" } }),
        allow([...ec2(...DESCRIBE.ec2), ...elb(...DESCRIBE.elasticloadbalancing)], "*"),
        allow(INTEGRATIONS, "*"),
        // Security groups: the controller adds its own rules to the node security group, and manages groups it created.
        allow(ec2("AuthorizeSecurityGroupIngress", "RevokeSecurityGroupIngress"), "*"),
        allow(ec2("CreateSecurityGroup"), "*"),
        allow(ec2("CreateTags"), sg, { StringEquals: { "ec2:CreateAction": "CreateSecurityGroup" }, ...creatingOwned }),
        allow(ec2("CreateTags", "DeleteTags"), sg, ownedAndOwnershipTagUntouched),
        allow(ec2("AuthorizeSecurityGroupIngress", "RevokeSecurityGroupIngress", "DeleteSecurityGroup"), "*", alreadyOwned),
        // Load balancers and target groups: created only with the ownership tag.
        allow(elb("CreateLoadBalancer", "CreateTargetGroup"), "*", creatingOwned),
        allow(elb("CreateListener", "DeleteListener", "CreateRule", "DeleteRule"), "*"),
        allow(elb("AddTags", "RemoveTags"), balancersAndGroups, ownedAndOwnershipTagUntouched),
        allow(elb("AddTags", "RemoveTags"), listenersAndRules),
        allow(
            elb(
                "ModifyLoadBalancerAttributes", "SetIpAddressType", "SetSecurityGroups", "SetSubnets", "DeleteLoadBalancer", "ModifyTargetGroup",
                "ModifyTargetGroupAttributes", "DeleteTargetGroup", "ModifyListenerAttributes", "ModifyCapacityReservation", "ModifyIpPools",
            ),
            "*",
            alreadyOwned,
        ),
        allow(elb("AddTags"), balancersAndGroups, { StringEquals: { "elasticloadbalancing:CreateAction": ["CreateTargetGroup", "CreateLoadBalancer"] }, ...creatingOwned }),
        allow(elb("RegisterTargets", "DeregisterTargets"), lbArn("targetgroup/*/*")),
        allow(elb("SetWebAcl", "ModifyListener", "AddListenerCertificates", "RemoveListenerCertificates", "ModifyRule", "SetRulePriorities"), "*"),
    );
}
