import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { parseArgs, resource, tagsSchema } from "./args";
import { EksCluster } from "./cluster";
import { serviceTrustPolicy } from "./iam";
import { PodIdentityRole } from "./identity";
import { INTERRUPTION_EVENTS, interruptionQueuePolicy, karpenterControllerPolicies } from "./karpenter-policy";
import { karpenterValues } from "./karpenter-specs";
import { NODE_ROLE_POLICIES } from "./system-nodes";

export const KARPENTER_CHART_REPO = "oci://public.ecr.aws/karpenter";
export const KARPENTER_NAMESPACE = "kube-system";
export const KARPENTER_SERVICE_ACCOUNT = "karpenter";

export const karpenterArgsSchema = z.strictObject({
    cluster: resource<EksCluster>("splitplane EksCluster"),
    /** Version of both the `karpenter-crd` and `karpenter` charts. @default "1.14.1" */
    chartVersion: z.string().regex(/^\d+\.\d+\.\d+$/).default("1.14.1"),
    tags: tagsSchema,
});
export type KarpenterArgs = z.input<typeof karpenterArgsSchema>;

/**
 * Karpenter v1: node role (with an EC2_LINUX access entry so its nodes can join), an SQS
 * interruption queue fed by EventBridge, the controller's IAM through EKS Pod Identity, and the
 * `karpenter-crd` and `karpenter` charts as separate releases so that CRDs upgrade with the chart
 * (Helm never upgrades CRDs shipped in a chart's `crds/` folder).
 *
 * Pod Identity rather than IRSA for the controller: the chart creates its own service account,
 * and Pod Identity needs no annotation on it, only an association with a fixed namespace and name.
 */
export class Karpenter extends pulumi.ComponentResource {
    readonly nodeRole: aws.iam.Role;
    readonly interruptionQueue: aws.sqs.Queue;
    readonly crdRelease: k8s.helm.v3.Release;
    readonly release: k8s.helm.v3.Release;
    readonly cluster: EksCluster;
    readonly tags: Record<string, string>;

    constructor(name: string, args: KarpenterArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validate before registering anything: bad args leave no trace in the plan.
        const a = parseArgs(karpenterArgsSchema, args, "splitplane:aws:Karpenter", name);
        super("splitplane:aws:Karpenter", name, {}, opts);
        const cluster = a.cluster;
        this.cluster = cluster;
        this.tags = a.tags;
        const child = { parent: this };
        const ctx = cluster.context;

        this.nodeRole = new aws.iam.Role(`${name}-node-role`, { assumeRolePolicy: JSON.stringify(serviceTrustPolicy("ec2.amazonaws.com")), tags: a.tags }, child);
        const nodePolicies = NODE_ROLE_POLICIES.map(
            (p) => new aws.iam.RolePolicyAttachment(`${name}-node-${p}`, { role: this.nodeRole.name, policyArn: pulumi.interpolate`arn:${ctx.partition}:iam::aws:policy/${p}` }, child),
        );
        // Waits for the node policies, so the controller release (which waits for this) does too and,
        // on destroy, nodes keep their rights until Karpenter has terminated them.
        const nodeAccess = new aws.eks.AccessEntry(
            `${name}-node-access`,
            { clusterName: cluster.clusterName, principalArn: this.nodeRole.arn, type: "EC2_LINUX", tags: a.tags },
            { parent: this, dependsOn: nodePolicies },
        );

        // Messages are only useful for minutes: a Spot warning gives two.
        this.interruptionQueue = new aws.sqs.Queue(`${name}-interruptions`, { messageRetentionSeconds: 300, sqsManagedSseEnabled: true, tags: a.tags }, child);
        const rules = Object.entries(INTERRUPTION_EVENTS).map(([key, e]) => {
            const rule = new aws.cloudwatch.EventRule(
                `${name}-${key}`,
                { description: `Karpenter interruption handling: ${e.detailType}`, eventPattern: JSON.stringify({ source: [e.source], "detail-type": [e.detailType] }), tags: a.tags },
                child,
            );
            new aws.cloudwatch.EventTarget(`${name}-${key}`, { rule: rule.name, arn: this.interruptionQueue.arn, targetId: "KarpenterInterruptionQueueTarget" }, child);
            return rule;
        });
        const queuePolicy = new aws.sqs.QueuePolicy(
            `${name}-interruptions`,
            {
                queueUrl: this.interruptionQueue.url,
                policy: pulumi.all([this.interruptionQueue.arn, ...rules.map((r) => r.arn)]).apply(([q, ...r]) => JSON.stringify(interruptionQueuePolicy(q, r))),
            },
            child,
        );

        const policies = pulumi
            .all([ctx.partition, ctx.region, ctx.accountId, cluster.clusterName, this.nodeRole.arn, this.interruptionQueue.arn])
            .apply(([partition, region, accountId, clusterName, nodeRoleArn, interruptionQueueArn]) =>
                karpenterControllerPolicies({ partition, region, accountId, clusterName, nodeRoleArn, interruptionQueueArn }),
            );
        const names = ["node-lifecycle", "iam-integration", "eks-integration", "interruption", "zonal-shift", "resource-discovery"] as const;
        const controller = new PodIdentityRole(
            `${name}-controller`,
            {
                clusterName: cluster.clusterName,
                clusterArn: cluster.clusterArn,
                accountId: ctx.accountId,
                namespace: KARPENTER_NAMESPACE,
                serviceAccountName: KARPENTER_SERVICE_ACCOUNT,
                permissions: { kind: "aws-iam", policies: Object.fromEntries(names.map((n) => [n, policies.apply((p) => JSON.stringify(p[n]))])) },
                tags: a.tags,
            },
            child,
        );

        const providerOpts = { parent: this, provider: cluster.provider };
        this.crdRelease = new k8s.helm.v3.Release(
            `${name}-crd`,
            { name: "karpenter-crd", chart: `${KARPENTER_CHART_REPO}/karpenter-crd`, version: a.chartVersion, namespace: KARPENTER_NAMESPACE, maxHistory: 10 },
            { ...providerOpts, dependsOn: cluster.ready },
        );
        this.release = new k8s.helm.v3.Release(
            `${name}-controller`,
            {
                name: "karpenter",
                chart: `${KARPENTER_CHART_REPO}/karpenter`,
                version: a.chartVersion,
                namespace: KARPENTER_NAMESPACE,
                // CRDs come from the karpenter-crd release above.
                skipCrds: true,
                maxHistory: 10,
                // Outputs as leaves, not one apply around the whole object: in a new stack's first
                // preview the values stay a known object (policies judge them) with four unknown strings.
                values: karpenterValues({
                    clusterName: cluster.clusterName,
                    clusterEndpoint: cluster.endpoint,
                    interruptionQueueName: this.interruptionQueue.name,
                    region: ctx.region,
                    serviceAccountName: KARPENTER_SERVICE_ACCOUNT,
                }),
            },
            // Credentials, node join rights and the queue policy must exist before the controller starts.
            { ...providerOpts, dependsOn: [this.crdRelease, controller.association, nodeAccess, queuePolicy, ...cluster.ready] },
        );
        this.registerOutputs({ nodeRoleArn: this.nodeRole.arn, interruptionQueueName: this.interruptionQueue.name });
    }
}
