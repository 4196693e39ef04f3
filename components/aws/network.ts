import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { ConfigError } from "../../config/errors";
import { awsContextSchema, input, parseArgs, tagsSchema } from "./args";
import { CidrPlan, CidrPlanError, planSubnets, SubnetTier } from "./cidr";
import { flowLogWritePolicy, serviceTrustPolicy } from "./iam";
import { withName } from "./tags";

export const natStrategies = ["Single", "OnePerAz"] as const;
export type NatStrategyName = (typeof natStrategies)[number];

export const networkArgsSchema = z.strictObject({
    context: awsContextSchema,
    /** VPC CIDR. @default "10.40.0.0/16" */
    cidr: z.string().default("10.40.0.0/16"),
    /** Availability zones, 2 to 6. @default 3 */
    azCount: z.number().int().min(2).max(6).default(3),
    /** `Single` saves money and loses egress when its AZ fails; `OnePerAz` is the production choice. @default "OnePerAz" */
    natStrategy: z.enum(natStrategies).default("OnePerAz"),
    /** Value of `karpenter.sh/discovery` on private subnets (the EKS cluster name). */
    discoveryTag: z.string().min(1),
    /** KMS key ARN that encrypts the flow-log group (its policy must admit CloudWatch Logs). */
    logKmsKeyArn: input<string>(),
    /** Flow-log group name; must be unique in the account and region. @default "/splitplane/vpc/<name>/flow-logs" */
    flowLogGroupName: z.string().regex(/^[\w\-/.#]+$/).optional(),
    /** @default 365 */
    flowLogRetentionDays: z.number().int().positive().default(365),
    /** Explicit AZ names; otherwise the region's first `azCount` available zones. @default undefined */
    availabilityZones: z.array(z.string()).optional(),
    /** Pulumi `protect` on the flow-log group. @default false */
    protect: z.boolean().default(false),
    tags: tagsSchema,
});
export type NetworkArgs = z.input<typeof networkArgsSchema>;

/** Tags that let the load balancer controller and Karpenter find subnets by role. */
export function subnetRoleTags(tier: SubnetTier, discoveryTag: string): Record<string, string> {
    switch (tier) {
        case "public":
            return { "kubernetes.io/role/elb": "1", "splitplane:tier": "public" };
        case "private":
            return { "kubernetes.io/role/internal-elb": "1", "karpenter.sh/discovery": discoveryTag, "splitplane:tier": "private" };
        case "database":
            return { "splitplane:tier": "database" };
        default: {
            const never: never = tier;
            throw new Error(`unknown subnet tier ${String(never)}`);
        }
    }
}

/** The CIDR plan, or a ConfigError naming this component and the `cidr` arg. */
function planOrConfigError(cidr: string, azCount: number, name: string): CidrPlan {
    try {
        return planSubnets(cidr, azCount);
    } catch (err) {
        if (err instanceof CidrPlanError) throw new ConfigError([`splitplane:aws:Network ${JSON.stringify(name)}: cidr ${err.message}`]);
        throw err;
    }
}

/** Index of the NAT gateway that serves private subnets in AZ `az`. */
export function natIndexFor(strategy: NatStrategyName, az: number): number {
    switch (strategy) {
        case "Single":
            return 0;
        case "OnePerAz":
            return az;
        default: {
            const never: never = strategy;
            throw new Error(`unknown NAT strategy ${String(never)}`);
        }
    }
}

/**
 * A VPC with private (nodes, pods), public (NAT, optional public ALB) and database (no internet
 * route) subnets per AZ, NAT egress, the default security group emptied, and flow logs to an
 * encrypted log group. No subnet ever maps public IPs on launch.
 */
export class Network extends pulumi.ComponentResource {
    readonly vpc: aws.ec2.Vpc;
    readonly vpcId: pulumi.Output<string>;
    readonly cidr: string;
    readonly privateSubnetIds: pulumi.Output<string>[];
    readonly publicSubnetIds: pulumi.Output<string>[];
    readonly databaseSubnetIds: pulumi.Output<string>[];
    /** Route tables of the private and database subnets (for gateway endpoints). */
    readonly privateRouteTableIds: pulumi.Output<string>[];
    /**
     * The private subnets' way out: NAT gateways, their routes and the route tables' subnet
     * associations. What reaches the internet from a private subnet waits for these, so that
     * `pulumi destroy` removes it (nodes, controllers) before them.
     */
    readonly egress: pulumi.Resource[] = [];

    constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validate before registering anything: bad args leave no trace in the plan.
        const a = parseArgs(networkArgsSchema, args, "splitplane:aws:Network", name);
        const plan = planOrConfigError(a.cidr, a.azCount, name);
        super("splitplane:aws:Network", name, {}, opts);
        this.cidr = a.cidr;
        const child = { parent: this };
        const zones = a.availabilityZones
            ? pulumi.output(a.availabilityZones)
            : aws.getAvailabilityZonesOutput({ state: "available", filters: [{ name: "opt-in-status", values: ["opt-in-not-required"] }] }, child).names;
        const zone = (i: number) =>
            zones.apply((names) => {
                if (names.length < a.azCount) throw new Error(`splitplane:aws:Network "${name}": azCount is ${a.azCount} but the region offers ${names.length} zones`);
                return names[i];
            });

        // Child names below are identities: changing one replaces the resource and everything in it.
        this.vpc = new aws.ec2.Vpc(`${name}-vpc`, { cidrBlock: a.cidr, enableDnsHostnames: true, enableDnsSupport: true, tags: withName(a.tags, name) }, child);
        this.vpcId = this.vpc.id;
        // Adopt the default security group and strip its rules, so nothing can use it by accident.
        new aws.ec2.DefaultSecurityGroup(`${name}-default-sg`, { vpcId: this.vpc.id, ingress: [], egress: [], tags: withName(a.tags, `${name}-default-unused`) }, child);

        const subnet = (tier: SubnetTier, az: number, cidr: string) =>
            new aws.ec2.Subnet(
                `${name}-${tier}-${az}`,
                {
                    vpcId: this.vpc.id,
                    cidrBlock: cidr,
                    availabilityZone: zone(az),
                    mapPublicIpOnLaunch: false,
                    tags: { ...withName(a.tags, `${name}-${tier}-${az}`), ...subnetRoleTags(tier, a.discoveryTag) },
                },
                child,
            );
        const privates = plan.private.map((c, i) => subnet("private", i, c));
        const publics = plan.public.map((c, i) => subnet("public", i, c));
        const databases = plan.database.map((c, i) => subnet("database", i, c));

        const igw = new aws.ec2.InternetGateway(`${name}-igw`, { vpcId: this.vpc.id, tags: withName(a.tags, `${name}-igw`) }, child);
        const publicRt = new aws.ec2.RouteTable(`${name}-public-rt`, { vpcId: this.vpc.id, tags: withName(a.tags, `${name}-public`) }, child);
        new aws.ec2.Route(`${name}-public-default`, { routeTableId: publicRt.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id }, child);
        publics.forEach((s, i) => new aws.ec2.RouteTableAssociation(`${name}-public-${i}`, { subnetId: s.id, routeTableId: publicRt.id }, child));

        const natCount = a.natStrategy === "Single" ? 1 : a.azCount;
        const nats = Array.from({ length: natCount }, (_, i) => {
            const eip = new aws.ec2.Eip(`${name}-nat-${i}`, { domain: "vpc", tags: withName(a.tags, `${name}-nat-${i}`) }, child);
            return new aws.ec2.NatGateway(
                `${name}-nat-${i}`,
                { allocationId: eip.id, subnetId: publics[i].id, connectivityType: "public", tags: withName(a.tags, `${name}-nat-${i}`) },
                { parent: this, dependsOn: [igw] },
            );
        });
        this.egress.push(...nats);
        // One route table per private subnet, so switching NAT strategy only rewrites routes.
        const privateRts = privates.map((s, i) => {
            const rt = new aws.ec2.RouteTable(`${name}-private-rt-${i}`, { vpcId: this.vpc.id, tags: withName(a.tags, `${name}-private-${i}`) }, child);
            const route = new aws.ec2.Route(`${name}-private-default-${i}`, { routeTableId: rt.id, destinationCidrBlock: "0.0.0.0/0", natGatewayId: nats[natIndexFor(a.natStrategy, i)].id }, child);
            const association = new aws.ec2.RouteTableAssociation(`${name}-private-${i}`, { subnetId: s.id, routeTableId: rt.id }, child);
            this.egress.push(route, association);
            return rt;
        });
        // Database subnets: local routes only (plus the S3 gateway endpoint the stack adds).
        const databaseRt = new aws.ec2.RouteTable(`${name}-database-rt`, { vpcId: this.vpc.id, tags: withName(a.tags, `${name}-database`) }, child);
        databases.forEach((s, i) => new aws.ec2.RouteTableAssociation(`${name}-database-${i}`, { subnetId: s.id, routeTableId: databaseRt.id }, child));

        this.createFlowLogs(name, a);

        this.privateSubnetIds = privates.map((s) => s.id);
        this.publicSubnetIds = publics.map((s) => s.id);
        this.databaseSubnetIds = databases.map((s) => s.id);
        this.privateRouteTableIds = [...privateRts.map((rt) => rt.id), databaseRt.id];
        this.registerOutputs({ vpcId: this.vpcId, privateSubnetIds: this.privateSubnetIds, publicSubnetIds: this.publicSubnetIds, databaseSubnetIds: this.databaseSubnetIds });
    }

    private createFlowLogs(name: string, a: z.output<typeof networkArgsSchema>): void {
        const child = { parent: this };
        const group = new aws.cloudwatch.LogGroup(
            `${name}-flow-logs`,
            { name: a.flowLogGroupName ?? `/splitplane/vpc/${name}/flow-logs`, retentionInDays: a.flowLogRetentionDays, kmsKeyId: a.logKmsKeyArn, tags: a.tags },
            { parent: this, protect: a.protect },
        );
        const role = new aws.iam.Role(
            `${name}-flow-logs`,
            { assumeRolePolicy: pulumi.output(a.context.accountId).apply((acct) => JSON.stringify(serviceTrustPolicy("vpc-flow-logs.amazonaws.com", "sts:AssumeRole", acct))), tags: a.tags },
            child,
        );
        const write = new aws.iam.RolePolicy(`${name}-flow-logs`, { role: role.name, policy: group.arn.apply((arn) => JSON.stringify(flowLogWritePolicy(arn))) }, child);
        // After the role's permission exists, or the first deliveries fail with an access error.
        new aws.ec2.FlowLog(
            `${name}-flow-logs`,
            { vpcId: this.vpc.id, trafficType: "ALL", logDestinationType: "cloud-watch-logs", logDestination: group.arn, iamRoleArn: role.arn, maxAggregationInterval: 60, tags: a.tags },
            { parent: this, dependsOn: [write] },
        );
    }
}
