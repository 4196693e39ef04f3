import { MOCK_ACCOUNT_ID, autoname, hex, uuid } from "./ids";

/**
 * Mocked AWS state. For each type, the outputs other resources read (id, arn, name, endpoints,
 * issuer URLs) in the formats AWS really returns, so a plan judges realistic values.
 * Types not listed get a generic id, the given or autonamed `name`, and a generic ARN.
 */
export interface AwsMockContext {
    region: string;
    partition: string;
}

type Inputs = Record<string, any>;
type StateFn = (name: string, inputs: Inputs, ctx: AwsMockContext, seed: string) => { id?: string; state: Inputs };

const arn = (ctx: AwsMockContext, service: string, resource: string, regional = true) =>
    `arn:${ctx.partition}:${service}:${regional ? ctx.region : ""}:${MOCK_ACCOUNT_ID}:${resource}`;

/** EC2-style ids (`vpc-0abc...`) for resource types whose id has a prefix. */
const EC2_ID_PREFIX: Record<string, string> = {
    "aws:ec2/vpc:Vpc": "vpc",
    "aws:ec2/subnet:Subnet": "subnet",
    "aws:ec2/securityGroup:SecurityGroup": "sg",
    "aws:ec2/internetGateway:InternetGateway": "igw",
    "aws:ec2/natGateway:NatGateway": "nat",
    "aws:ec2/eip:Eip": "eipalloc",
    "aws:ec2/routeTable:RouteTable": "rtb",
    "aws:ec2/vpcEndpoint:VpcEndpoint": "vpce",
    "aws:ec2/launchTemplate:LaunchTemplate": "lt",
    "aws:ec2/instance:Instance": "i",
    "aws:ec2/networkAcl:NetworkAcl": "acl",
    "aws:ec2/flowLog:FlowLog": "fl",
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": "sg",
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": "sgr",
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": "sgr",
    "aws:ec2/securityGroupRule:SecurityGroupRule": "sgrule",
};

const STATE: Record<string, StateFn> = {
    "aws:ec2/vpc:Vpc": (n, i, ctx, s) => {
        const id = `vpc-0${hex(s, 16)}`;
        return { id, state: { arn: arn(ctx, "ec2", `vpc/${id}`), defaultSecurityGroupId: `sg-0${hex(s + "dsg", 16)}`, mainRouteTableId: `rtb-0${hex(s + "rtb", 16)}`, defaultNetworkAclId: `acl-0${hex(s + "acl", 16)}` } };
    },
    "aws:ec2/subnet:Subnet": (n, i, ctx, s) => {
        const id = `subnet-0${hex(s, 16)}`;
        return { id, state: { arn: arn(ctx, "ec2", `subnet/${id}`) } };
    },
    "aws:ec2/securityGroup:SecurityGroup": (n, i, ctx, s) => {
        const id = `sg-0${hex(s, 16)}`;
        return { id, state: { arn: arn(ctx, "ec2", `security-group/${id}`), name: i.name ?? autoname(n, s) } };
    },
    "aws:ec2/launchTemplate:LaunchTemplate": (n, i, ctx, s) => {
        const id = `lt-0${hex(s, 16)}`;
        return { id, state: { arn: arn(ctx, "ec2", `launch-template/${id}`), latestVersion: 1, defaultVersion: 1, name: i.name ?? autoname(n, s) } };
    },
    "aws:iam/role:Role": (n, i, ctx, s) => {
        const name = i.name ?? autoname(n, s);
        return { id: name, state: { name, arn: `arn:${ctx.partition}:iam::${MOCK_ACCOUNT_ID}:role${i.path ?? "/"}${name}`, uniqueId: `AROA${hex(s, 17).toUpperCase()}` } };
    },
    "aws:iam/policy:Policy": (n, i, ctx, s) => {
        const name = i.name ?? autoname(n, s);
        const a = `arn:${ctx.partition}:iam::${MOCK_ACCOUNT_ID}:policy${i.path ?? "/"}${name}`;
        return { id: a, state: { name, arn: a, policyId: `ANPA${hex(s, 17).toUpperCase()}` } };
    },
    "aws:iam/instanceProfile:InstanceProfile": (n, i, ctx, s) => {
        const name = i.name ?? autoname(n, s);
        return { id: name, state: { name, arn: `arn:${ctx.partition}:iam::${MOCK_ACCOUNT_ID}:instance-profile/${name}` } };
    },
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider": (n, i, ctx) => {
        const host = String(i.url ?? "").replace(/^https:\/\//, "");
        const a = `arn:${ctx.partition}:iam::${MOCK_ACCOUNT_ID}:oidc-provider/${host}`;
        return { id: a, state: { arn: a } };
    },
    "aws:kms/key:Key": (n, i, ctx, s) => {
        const keyId = uuid(s);
        return { id: keyId, state: { keyId, arn: arn(ctx, "kms", `key/${keyId}`) } };
    },
    "aws:kms/alias:Alias": (n, i, ctx, s) => {
        const name = i.name ?? `alias/${autoname(n, s)}`;
        return { id: name, state: { name, arn: arn(ctx, "kms", name), targetKeyArn: arn(ctx, "kms", `key/${uuid(s)}`) } };
    },
    "aws:eks/cluster:Cluster": (n, i, ctx, s) => {
        const name = i.name ?? autoname(n, s);
        const oidcId = hex(s, 32).toUpperCase();
        return {
            id: name,
            state: {
                name,
                arn: arn(ctx, "eks", `cluster/${name}`),
                endpoint: `https://${oidcId}.gr7.${ctx.region}.eks.amazonaws.com`,
                identities: [{ oidcs: [{ issuer: `https://oidc.eks.${ctx.region}.amazonaws.com/id/${oidcId}` }] }],
                certificateAuthority: { data: Buffer.from(`-----BEGIN CERTIFICATE-----\nMOCK${oidcId}\n-----END CERTIFICATE-----\n`).toString("base64") },
                vpcConfig: { ...(i.vpcConfig ?? {}), clusterSecurityGroupId: `sg-0${hex(s + "csg", 16)}`, vpcId: `vpc-0${hex(s + "vpc", 16)}` },
                status: "ACTIVE",
                platformVersion: "eks.1",
                version: i.version ?? "1.34",
            },
        };
    },
    "aws:eks/nodeGroup:NodeGroup": (n, i, ctx, s) => {
        const name = i.nodeGroupName ?? autoname(n, s);
        return { id: `${i.clusterName}:${name}`, state: { nodeGroupName: name, arn: arn(ctx, "eks", `nodegroup/${i.clusterName}/${name}/${uuid(s)}`), status: "ACTIVE" } };
    },
    "aws:eks/addon:Addon": (n, i, ctx, s) => ({ id: `${i.clusterName}:${i.addonName}`, state: { arn: arn(ctx, "eks", `addon/${i.clusterName}/${i.addonName}/${uuid(s)}`), addonVersion: i.addonVersion ?? "v1.0.0-eksbuild.1" } }),
    "aws:eks/accessEntry:AccessEntry": (n, i, ctx, s) => ({ id: `${i.clusterName}:${i.principalArn}`, state: { accessEntryArn: arn(ctx, "eks", `access-entry/${i.clusterName}/${uuid(s)}`) } }),
    "aws:eks/podIdentityAssociation:PodIdentityAssociation": (n, i, ctx, s) => {
        const id = `a-${hex(s, 17)}`;
        return { id, state: { associationId: id, associationArn: arn(ctx, "eks", `podidentityassociation/${i.clusterName}/${id}`) } };
    },
    "aws:sqs/queue:Queue": (n, i, ctx, s) => {
        const name = i.name ?? autoname(n, s);
        const url = `https://sqs.${ctx.region}.amazonaws.com/${MOCK_ACCOUNT_ID}/${name}`;
        return { id: url, state: { name, url, arn: arn(ctx, "sqs", name) } };
    },
    "aws:cloudwatch/eventRule:EventRule": (n, i, ctx, s) => {
        const name = i.name ?? autoname(n, s);
        return { id: name, state: { name, arn: arn(ctx, "events", `rule/${name}`) } };
    },
    "aws:cloudwatch/logGroup:LogGroup": (n, i, ctx, s) => {
        const name = i.name ?? autoname(n, s);
        return { id: name, state: { name, arn: arn(ctx, "logs", `log-group:${name}`) } };
    },
    "aws:secretsmanager/secret:Secret": (n, i, ctx, s) => {
        const name = i.name ?? autoname(n, s);
        const a = arn(ctx, "secretsmanager", `secret:${name}-${hex(s, 6)}`);
        return { id: a, state: { name, arn: a } };
    },
    "aws:rds/instance:Instance": (n, i, ctx, s) => {
        const identifier = i.identifier ?? autoname(n, s);
        const address = `${identifier}.c${hex(s, 11)}.${ctx.region}.rds.amazonaws.com`;
        const secrets = i.manageMasterUserPassword
            ? [{ secretArn: arn(ctx, "secretsmanager", `secret:rds!db-${uuid(s)}-${hex(s + "x", 6)}`), kmsKeyId: i.masterUserSecretKmsKeyId ?? arn(ctx, "kms", `key/${uuid(s + "k")}`), secretStatus: "active" }]
            : [];
        return { id: `db-${hex(s, 26).toUpperCase()}`, state: { identifier, address, endpoint: `${address}:5432`, port: i.port ?? 5432, arn: arn(ctx, "rds", `db:${identifier}`), resourceId: `db-${hex(s + "r", 26).toUpperCase()}`, masterUserSecrets: secrets } };
    },
    "aws:rds/subnetGroup:SubnetGroup": (n, i, ctx, s) => {
        const name = i.name ?? autoname(n, s);
        return { id: name, state: { name, arn: arn(ctx, "rds", `subgrp:${name}`) } };
    },
    "aws:rds/parameterGroup:ParameterGroup": (n, i, ctx, s) => {
        const name = i.name ?? autoname(n, s);
        return { id: name, state: { name, arn: arn(ctx, "rds", `pg:${name}`) } };
    },
    "aws:lb/loadBalancer:LoadBalancer": (n, i, ctx, s) => {
        const name = i.name ?? autoname(n, s).slice(0, 32);
        const a = arn(ctx, "elasticloadbalancing", `loadbalancer/app/${name}/${hex(s, 16)}`);
        return { id: a, state: { name, arn: a, dnsName: `internal-${name}-${hex(s, 10)}.${ctx.region}.elb.amazonaws.com` } };
    },
    "aws:wafv2/webAcl:WebAcl": (n, i, ctx, s) => {
        const name = i.name ?? autoname(n, s);
        const id = uuid(s);
        return { id, state: { name, arn: arn(ctx, "wafv2", `regional/webacl/${name}/${id}`) } };
    },
    "aws:s3/bucket:Bucket": (n, i, ctx, s) => {
        const bucket = i.bucket ?? autoname(n, s).toLowerCase();
        return { id: bucket, state: { bucket, arn: `arn:${ctx.partition}:s3:::${bucket}` } };
    },
    "aws:s3/bucketV2:BucketV2": (n, i, ctx, s) => {
        const bucket = i.bucket ?? autoname(n, s).toLowerCase();
        return { id: bucket, state: { bucket, arn: `arn:${ctx.partition}:s3:::${bucket}` } };
    },
};

/** Service part of an ARN for a type token's module, where the two differ. */
const SERVICE: Record<string, string> = { cloudwatch: "logs", lb: "elasticloadbalancing", alb: "elasticloadbalancing", elasticloadbalancingv2: "elasticloadbalancing" };

export function awsResourceState(type: string, name: string, inputs: Inputs, ctx: AwsMockContext, seed: string): { id: string; state: Inputs } {
    const known = STATE[type];
    if (known) {
        const { id, state } = known(name, inputs, ctx, seed);
        return { id: id ?? `${name}-${hex(seed, 8)}`, state };
    }
    const prefix = EC2_ID_PREFIX[type];
    const id = prefix ? `${prefix}-0${hex(seed, 16)}` : inputs.name ?? autoname(name, seed);
    const module = type.split(":")[1]?.split("/")[0] ?? "unknown";
    const kind = (type.split(":")[2] ?? "resource").toLowerCase();
    return { id, state: { arn: arn(ctx, SERVICE[module] ?? module, `${kind}/${id}`), ...(inputs.name === undefined && !prefix ? { name: id } : {}) } };
}

/** Mocked AWS data-source (invoke) results. */
export function awsInvoke(token: string, args: Inputs, ctx: AwsMockContext): Inputs | undefined {
    switch (token) {
        case "aws:index/getAvailabilityZones:getAvailabilityZones": {
            const letters = ["a", "b", "c", "d", "e", "f"];
            return { id: ctx.region, names: letters.map((l) => `${ctx.region}${l}`), zoneIds: letters.map((_, k) => `${ctx.region.replace(/-/g, "").slice(0, 4)}-az${k + 1}`), state: "available", groupNames: [ctx.region] };
        }
        case "aws:index/getCallerIdentity:getCallerIdentity":
            return { id: MOCK_ACCOUNT_ID, accountId: MOCK_ACCOUNT_ID, arn: `arn:${ctx.partition}:sts::${MOCK_ACCOUNT_ID}:assumed-role/ci-deployer/session`, userId: "AROAEXAMPLEROLEID:session" };
        case "aws:index/getPartition:getPartition":
            return { id: ctx.partition, partition: ctx.partition, dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws" };
        case "aws:index/getRegion:getRegion":
            return { id: ctx.region, name: ctx.region, region: ctx.region, description: ctx.region, endpoint: `ec2.${ctx.region}.amazonaws.com` };
        case "aws:iam/getPolicyDocument:getPolicyDocument": {
            const json = renderPolicyDocument(args);
            return { id: hex(json, 10), json, minifiedJson: json };
        }
        case "aws:ssm/getParameter:getParameter":
            return { id: args.name, name: args.name, type: "String", value: String(args.name).includes("ami") ? `ami-0${hex(String(args.name), 16)}` : "mock-value", version: 1, arn: arn(ctx, "ssm", `parameter${args.name}`) };
        case "aws:eks/getAddonVersion:getAddonVersion":
            return { id: args.addonName, addonName: args.addonName, kubernetesVersion: args.kubernetesVersion, version: "v1.0.0-eksbuild.1", mostRecent: args.mostRecent };
        default:
            return undefined;
    }
}

/** Renders `aws.iam.getPolicyDocument` arguments into the IAM JSON AWS would return. */
function renderPolicyDocument(args: Inputs): string {
    const statements = (args.statements ?? []).map((st: Inputs) => {
        const out: Inputs = {};
        if (st.sid) out.Sid = st.sid;
        out.Effect = st.effect ?? "Allow";
        if (st.actions) out.Action = one(st.actions);
        if (st.notActions) out.NotAction = one(st.notActions);
        if (st.resources) out.Resource = one(st.resources);
        if (st.notResources) out.NotResource = one(st.notResources);
        if (st.principals) out.Principal = principals(st.principals);
        if (st.conditions) {
            out.Condition = {};
            for (const c of st.conditions) out.Condition[c.test] = { ...(out.Condition[c.test] ?? {}), [c.variable]: one(c.values) };
        }
        return out;
    });
    return JSON.stringify({ Version: args.version ?? "2012-10-17", Statement: statements });
}

function one(values: unknown[]): unknown {
    return values.length === 1 ? values[0] : values;
}

function principals(list: Inputs[]): unknown {
    if (list.length === 1 && list[0].type === "*") return "*";
    const out: Inputs = {};
    for (const p of list) out[p.type] = one(p.identifiers);
    return out;
}
