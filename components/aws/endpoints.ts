import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { DEFAULT_VPC_ENDPOINTS } from "../../config/schema";
import { input, parseArgs, tagsSchema } from "./args";
import { ECR_ENDPOINT_SERVICES, ecrEndpointPolicy, s3GatewayEndpointPolicy } from "./endpoint-policies";
import { withName } from "./tags";

export const vpcEndpointsArgsSchema = z.strictObject({
    vpcId: input<string>(),
    /** Only this CIDR may reach the endpoints (443). */
    vpcCidr: z.string(),
    region: input<string>(),
    accountId: input<string>(),
    partition: input<string>(),
    /**
     * Accounts whose ECR repositories may be pulled through the ecr.* endpoints besides this one:
     * at least the region's EKS add-on registry (EKS_ADDON_REGISTRY_ACCOUNTS).
     */
    ecrPullAccounts: z.array(z.string().regex(/^\d{12}$/)).default([]),
    /** Buckets of other accounts readable (s3:GetObject) through the S3 gateway endpoint besides the AWS-owned ones nodes need. @default [] */
    s3ReadBuckets: z.array(z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/)).default([]),
    /** Subnets for the endpoint network interfaces (one per AZ). */
    subnetIds: z.array(input<string>()).min(1),
    /** Route tables that get the S3 gateway endpoint. */
    routeTableIds: z.array(input<string>()).min(1),
    /** Interface endpoint services, short names. @default DEFAULT_VPC_ENDPOINTS */
    services: z
        .array(z.string().regex(/^[a-z0-9][a-z0-9.-]*$/).refine((s) => s !== "s3", { error: "must not be s3 (always added as a gateway endpoint)" }))
        .default([...DEFAULT_VPC_ENDPOINTS]),
    tags: tagsSchema,
}).superRefine((a, ctx) => {
    if (a.services.some((s) => (ECR_ENDPOINT_SERVICES as readonly string[]).includes(s)) && a.ecrPullAccounts.length === 0) {
        ctx.addIssue({ code: "custom", path: ["ecrPullAccounts"], input: a.ecrPullAccounts, message: "must name the region's EKS add-on registry account when an ecr.* endpoint is made" });
    }
});
export type VpcEndpointsArgs = z.input<typeof vpcEndpointsArgsSchema>;

/** The stable child-name suffix of a service (`ecr.api` → `ecr-api`); never a list position. */
export const endpointRole = (service: string) => service.replace(/\./g, "-");

/** The full PrivateLink service name of a short name in a region. */
export const endpointServiceName = (region: string, service: string) => `com.amazonaws.${region}.${service}`;

/**
 * PrivateLink: interface endpoints with private DNS (so SDKs resolve the usual service host names
 * to private addresses), reachable on 443 from the VPC CIDR only, and the S3 gateway endpoint
 * (free; ECR image layers come from S3). The S3 and ECR endpoints carry policies
 * (./endpoint-policies.ts): this account's resources and the AWS-owned ones the nodes need.
 */
export class VpcEndpoints extends pulumi.ComponentResource {
    readonly securityGroup: aws.ec2.SecurityGroup;
    readonly endpointIds: Record<string, pulumi.Output<string>> = {};
    /** The endpoints themselves: what calls AWS APIs through them waits for them (and is destroyed first). */
    readonly endpoints: aws.ec2.VpcEndpoint[] = [];

    constructor(name: string, args: VpcEndpointsArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validate before registering anything: bad args leave no trace in the plan.
        const a = parseArgs(vpcEndpointsArgsSchema, args, "splitplane:aws:VpcEndpoints", name);
        super("splitplane:aws:VpcEndpoints", name, {}, opts);
        const child = { parent: this };
        const region = pulumi.output(a.region);
        const where = pulumi.all([a.partition, a.region, a.accountId]);
        const ecrPolicy = where.apply(([partition, r, accountId]) => JSON.stringify(ecrEndpointPolicy({ partition, region: r, accountId, pullAccounts: a.ecrPullAccounts })));
        const s3Policy = where.apply(([partition, r, accountId]) => JSON.stringify(s3GatewayEndpointPolicy({ partition, region: r, accountId, extraReadBuckets: a.s3ReadBuckets })));
        const isEcr = (service: string) => (ECR_ENDPOINT_SERVICES as readonly string[]).includes(service);

        this.securityGroup = new aws.ec2.SecurityGroup(
            `${name}-sg`,
            { vpcId: a.vpcId, description: "VPC interface endpoints: HTTPS from inside the VPC only", tags: withName(a.tags, `${name}-endpoints`) },
            child,
        );
        new aws.vpc.SecurityGroupIngressRule(
            `${name}-https-from-vpc`,
            { securityGroupId: this.securityGroup.id, ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: a.vpcCidr, description: "HTTPS from the VPC" },
            child,
        );

        for (const service of a.services) {
            const endpoint = new aws.ec2.VpcEndpoint(
                `${name}-${endpointRole(service)}`,
                {
                    vpcId: a.vpcId,
                    serviceName: region.apply((r) => endpointServiceName(r, service)),
                    vpcEndpointType: "Interface",
                    privateDnsEnabled: true,
                    subnetIds: a.subnetIds,
                    securityGroupIds: [this.securityGroup.id],
                    // The other services keep the default (full access), bounded by the callers' own IAM.
                    ...(isEcr(service) ? { policy: ecrPolicy } : {}),
                    tags: withName(a.tags, `${name}-${service}`),
                },
                child,
            );
            this.endpointIds[service] = endpoint.id;
            this.endpoints.push(endpoint);
        }
        const s3 = new aws.ec2.VpcEndpoint(
            `${name}-s3`,
            {
                vpcId: a.vpcId,
                serviceName: region.apply((r) => endpointServiceName(r, "s3")),
                vpcEndpointType: "Gateway",
                routeTableIds: a.routeTableIds,
                policy: s3Policy,
                tags: withName(a.tags, `${name}-s3`),
            },
            child,
        );
        this.endpointIds.s3 = s3.id;
        this.endpoints.push(s3);
        this.registerOutputs({ securityGroupId: this.securityGroup.id, endpointIds: this.endpointIds });
    }
}
