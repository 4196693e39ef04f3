import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

/**
 * The synthetic program of `npm run bench`'s scale figures: 1,600 components of five resources
 * each (a component, a security group with rules, an IAM role with its trust document, a policy
 * attachment that reads the role's name, a ConfigMap that reads the group's id), 8,000
 * registrations in all. Shapes like the real stacks': nesting, Output dependencies, JSON
 * documents, tags; no resource depends on a mock returning anything beyond its inputs, so the
 * same program runs under Pulumi's bare mocks and under the engine.
 */
export const SCALE_COMPONENTS = 1600;
export const SCALE_RESOURCES = SCALE_COMPONENTS * 5;

class Service extends pulumi.ComponentResource {
    constructor(name: string, args: { vpcId: string; index: number }, opts?: pulumi.ComponentResourceOptions) {
        super("bench:scale:Service", name, {}, opts);
        const tags = { "splitplane:stack": "scale", service: name };
        const sg = new aws.ec2.SecurityGroup(`${name}-sg`, {
            vpcId: args.vpcId,
            description: `${name} pods`,
            ingress: [{ protocol: "tcp", fromPort: 8443, toPort: 8443, cidrBlocks: [`10.${args.index % 250}.0.0/16`] }],
            egress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.0.0.0/8"] }],
            tags,
        }, { parent: this });
        const role = new aws.iam.Role(`${name}-role`, {
            assumeRolePolicy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Principal: { Service: "pods.eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"] }],
            }),
            tags,
        }, { parent: this });
        new aws.iam.RolePolicyAttachment(`${name}-read`, { role: role.name, policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }, { parent: this });
        new k8s.core.v1.ConfigMap(`${name}-settings`, {
            metadata: { name, namespace: "apps", labels: { app: name } },
            data: { SECURITY_GROUP: sg.id, ROLE: role.name, REPLICAS: String(1 + (args.index % 3)) },
        }, { parent: this });
        this.registerOutputs({ securityGroupId: sg.id });
    }
}

/** Registers the 8,000 resources. */
export function scaleProgram(): void {
    for (let i = 0; i < SCALE_COMPONENTS; i++) new Service(`svc-${i}`, { vpcId: "vpc-0a1b2c3d4e5f60718", index: i });
}
