import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { input, parseArgs, resource, tagsSchema } from "./args";
import { EksCluster } from "./cluster";
import { albIngressAnnotations, albIngressSpec, INGRESS_READY_ANNOTATIONS, lbControllerValues } from "./ingress-specs";
import { lbControllerPolicy } from "./lb-controller-policy";
import { SYSTEM_POOL_LABEL, SYSTEM_TOLERATIONS } from "./system-nodes";

export const LB_CONTROLLER_REPO = "https://aws.github.io/eks-charts";
export const LB_CONTROLLER_SERVICE_ACCOUNT = "aws-load-balancer-controller";

const cidr = z.string().regex(/^\d+\.\d+\.\d+\.\d+\/\d+$/);

export const ingressArgsSchema = z.strictObject({
    cluster: resource<EksCluster>("splitplane EksCluster"),
    vpcId: input<string>(),
    /** The VPC CIDR: the default (and internal-only) client range. */
    vpcCidr: cidr,
    /** `aws-load-balancer-controller` chart version; the IAM policy matches controller v3.5.0. @default "3.5.0" */
    chartVersion: z.string().regex(/^\d+\.\d+\.\d+$/).default("3.5.0"),
    /** ACM certificate for HTTPS. @default undefined (controller only, no Ingress) */
    certificateArn: z.string().optional(),
    /** Loosening: an internet-facing ALB. @default false */
    internetFacing: z.boolean().default(false),
    /** Client CIDRs admitted by the ALB. @default [vpcCidr] */
    allowedCidrs: z.array(cidr).min(1).optional(),
    /** wafv2 web ACL to attach. @default undefined */
    wafAclArn: z.string().optional(),
    /** The Service behind the ALB (Istio's ingress gateway by convention). */
    backend: z.strictObject({
        namespace: z.string().default("istio-ingress"),
        name: z.string().default("istio-ingressgateway"),
        port: z.number().int().min(1).max(65535).default(80),
        healthCheckPath: z.string().default("/healthz/ready"),
        healthCheckPort: z.number().int().min(1).max(65535).default(15021),
    }).prefault({}),
    tags: tagsSchema,
}).superRefine((a, ctx) => {
    if (a.internetFacing && !a.allowedCidrs) ctx.addIssue({ code: "custom", path: ["allowedCidrs"], input: undefined, message: "must be set when internetFacing is true" });
    if (a.internetFacing && !a.certificateArn) ctx.addIssue({ code: "custom", path: ["certificateArn"], input: undefined, message: "must be set when internetFacing is true" });
});
export type IngressArgs = z.input<typeof ingressArgsSchema>;

/**
 * The AWS Load Balancer Controller (with IRSA and AWS's published policy for its version) and,
 * through `routeTo` once the mesh has made the gateway's namespace, an `alb` Ingress in front of
 * the gateway Service.
 */
export class AlbIngress extends pulumi.ComponentResource {
    readonly release: k8s.helm.v3.Release;
    private readonly args: z.output<typeof ingressArgsSchema>;
    private readonly childPrefix: string;

    constructor(name: string, args: IngressArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validate before registering anything: bad args leave no trace in the plan.
        const a = parseArgs(ingressArgsSchema, args, "splitplane:aws:AlbIngress", name);
        super("splitplane:aws:AlbIngress", name, {}, opts);
        this.childPrefix = name;
        const cluster = a.cluster;
        const providerOpts = { parent: this, provider: cluster.provider };

        const identity = cluster.bindServiceAccount(
            `${name}-controller-irsa`,
            {
                namespace: "kube-system",
                serviceAccountName: LB_CONTROLLER_SERVICE_ACCOUNT,
                permissions: { kind: "aws-iam", policies: { "lb-controller": pulumi.output(cluster.context.partition).apply((p) => JSON.stringify(lbControllerPolicy(p))) } },
            },
            { parent: this },
        );
        this.release = new k8s.helm.v3.Release(
            `${name}-controller`,
            {
                name: "aws-load-balancer-controller",
                chart: "aws-load-balancer-controller",
                repositoryOpts: { repo: LB_CONTROLLER_REPO },
                version: a.chartVersion,
                namespace: "kube-system",
                maxHistory: 10,
                // Outputs as leaves, not one apply around the whole object: in a new stack's first
                // preview the values stay a known object (policies judge them) with unknown strings
                // only where the cluster name, region and VPC id go.
                values: lbControllerValues({
                    clusterName: cluster.clusterName,
                    region: cluster.context.region,
                    vpcId: a.vpcId,
                    serviceAccountName: LB_CONTROLLER_SERVICE_ACCOUNT,
                    tags: a.tags,
                    placement: { nodeSelector: { ...SYSTEM_POOL_LABEL }, tolerations: SYSTEM_TOLERATIONS },
                }),
            },
            { ...providerOpts, dependsOn: [...(identity.serviceAccount ? [identity.serviceAccount] : []), ...cluster.ready] },
        );

        this.args = a;
        this.registerOutputs({});
    }

    /**
     * When a certificate is configured, the `alb` Ingress in front of the gateway Service, in the
     * gateway's namespace, which the mesh owns (`Mesh.ingressNamespace`): the Ingress waits for it
     * and for the controller, so on destroy it goes first and the still-running controller deletes
     * the ALB it made. A child of this component under the name it always had (no replacement).
     */
    routeTo(gatewayNamespace: k8s.core.v1.Namespace): { ingress?: k8s.networking.v1.Ingress; hostname?: pulumi.Output<string | undefined> } {
        const a = this.args;
        if (!a.certificateArn) return {};
        const ingress = new k8s.networking.v1.Ingress(
            `${this.childPrefix}-ingress`,
            {
                metadata: {
                    name: "splitplane-gateway",
                    // A plain string, known in a first preview; the edge comes from dependsOn.
                    namespace: a.backend.namespace,
                    annotations: {
                        ...albIngressAnnotations({
                            internetFacing: a.internetFacing,
                            certificateArn: a.certificateArn,
                            allowedCidrs: a.allowedCidrs ?? [a.vpcCidr],
                            wafAclArn: a.wafAclArn,
                            backend: a.backend,
                            tags: a.tags,
                        }),
                        ...INGRESS_READY_ANNOTATIONS,
                    },
                },
                spec: albIngressSpec({ backend: a.backend }),
            },
            // Deleted before the controller, so the controller removes the ALB it created.
            { parent: this, provider: a.cluster.provider, dependsOn: [this.release, gatewayNamespace] },
        );
        return { ingress, hostname: ingress.status.apply((s) => s?.loadBalancer?.ingress?.[0]?.hostname) };
    }
}
