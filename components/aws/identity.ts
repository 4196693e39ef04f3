import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { BoundServiceAccount, CloudPermissions } from "../compute-plane";
import { input, parseArgs, resource, tagsSchema } from "./args";
import { irsaTrustPolicy, podIdentityTrustPolicy } from "./iam";

/** The annotation the EKS pod identity webhook reads to inject IRSA credentials. */
export const IRSA_ROLE_ANNOTATION = "eks.amazonaws.com/role-arn";

const k8sName = z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, { error: "must be a Kubernetes name (lowercase letters, digits, dashes)" }).max(63);

const childKey = z.string().regex(/^[a-z0-9-]+$/, { error: "must be lowercase letters, digits and dashes (it names a child resource)" });

const awsPermissionsSchema = z
    .custom<CloudPermissions>((v) => typeof v === "object" && v !== null && "kind" in v, { error: "must be CloudPermissions" })
    .superRefine((p, ctx) => {
        if (p.kind !== "aws-iam") {
            ctx.addIssue({ code: "custom", input: p.kind, message: "must be aws-iam permissions on an AWS compute plane" });
            return;
        }
        for (const key of [...Object.keys(p.policies ?? {}), ...Object.keys(p.managedPolicyArns ?? {})]) {
            if (!childKey.safeParse(key).success) ctx.addIssue({ code: "custom", input: key, message: "keys must be lowercase letters, digits and dashes" });
        }
    });

/**
 * Attaches each named inline document and managed ARN; child names come from the keys, never
 * positions. Returns the attachments, so that whatever uses the role can wait for them.
 */
function attachPermissions(parent: pulumi.Resource, name: string, role: aws.iam.Role, permissions: CloudPermissions): pulumi.CustomResource[] {
    if (permissions.kind !== "aws-iam") return [];
    return [
        ...Object.entries(permissions.policies ?? {}).map(([key, doc]) => new aws.iam.RolePolicy(`${name}-${key}`, { role: role.name, policy: doc }, { parent })),
        ...Object.entries(permissions.managedPolicyArns ?? {}).map(
            ([key, arn]) => new aws.iam.RolePolicyAttachment(`${name}-${key}`, { role: role.name, policyArn: arn }, { parent }),
        ),
    ];
}

/**
 * The role ARN as an output that also carries the permission attachments: any resource that takes
 * it (a ServiceAccount annotation, an add-on's `serviceAccountRoleArn`, chart values) then waits
 * for the permissions on create and, on destroy, is removed before them. Without this, Pulumi
 * deletes the policies first (nothing depends on them) and a controller still cleaning up
 * (Karpenter's instances, the ALB) loses its rights mid-way.
 */
function roleArnAfter(role: aws.iam.Role, grants: pulumi.CustomResource[]): pulumi.Output<string> {
    return pulumi.all([role.arn, ...grants.map((g) => g.urn)]).apply(([arn]) => arn);
}

export const irsaArgsSchema = z.strictObject({
    /** ARN of the cluster's IAM OIDC provider. */
    oidcProviderArn: input<string>(),
    /** The cluster's issuer URL, `https://oidc.eks.<region>.amazonaws.com/id/<id>`. */
    issuerUrl: input<string>(),
    namespace: k8sName,
    serviceAccountName: k8sName,
    permissions: awsPermissionsSchema,
    /** Also create the annotated ServiceAccount. @default true */
    createServiceAccount: z.boolean().default(true),
    /** Kubernetes provider; required when createServiceAccount is true. @default undefined */
    provider: resource<k8s.Provider>("kubernetes Provider").optional(),
    tags: tagsSchema,
}).superRefine((a, ctx) => {
    if (a.createServiceAccount && !a.provider) {
        ctx.addIssue({ code: "custom", path: ["provider"], input: undefined, message: "must be set when createServiceAccount is true" });
    }
});
export type IrsaArgs = z.input<typeof irsaArgsSchema>;

/**
 * IAM Roles for Service Accounts: an IAM role that only `namespace/serviceAccountName` of this
 * cluster can assume (exact `sub` and `aud` conditions), with exactly the given permissions, and
 * the ServiceAccount annotated with the role ARN.
 */
export class IrsaServiceAccount extends pulumi.ComponentResource implements BoundServiceAccount {
    readonly role: aws.iam.Role;
    readonly namespace: string;
    readonly serviceAccountName: string;
    readonly identity: pulumi.Output<string>;
    readonly annotations: pulumi.Output<Record<string, string>>;
    readonly podLabels: Record<string, string> = {};
    readonly serviceAccount?: k8s.core.v1.ServiceAccount;

    constructor(name: string, args: IrsaArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validate before registering anything: bad args leave no trace in the plan.
        const a = parseArgs(irsaArgsSchema, args, "splitplane:aws:IrsaServiceAccount", name);
        super("splitplane:aws:IrsaServiceAccount", name, {}, opts);
        this.namespace = a.namespace;
        this.serviceAccountName = a.serviceAccountName;
        const trust = pulumi
            .all([a.oidcProviderArn, a.issuerUrl])
            .apply(([arn, issuer]) => JSON.stringify(irsaTrustPolicy(arn, issuer, a.namespace, a.serviceAccountName)));
        this.role = new aws.iam.Role(
            `${name}-role`,
            { assumeRolePolicy: trust, description: `IRSA for ${a.namespace}/${a.serviceAccountName}`, maxSessionDuration: 3600, tags: a.tags },
            { parent: this },
        );
        this.identity = roleArnAfter(this.role, attachPermissions(this, name, this.role, a.permissions));
        this.annotations = this.identity.apply((arn): Record<string, string> => ({ [IRSA_ROLE_ANNOTATION]: arn }));
        if (a.createServiceAccount) {
            this.serviceAccount = new k8s.core.v1.ServiceAccount(
                `${name}-sa`,
                { metadata: { name: a.serviceAccountName, namespace: a.namespace, annotations: this.annotations } },
                // A component's dependsOn does not hold back its children's registration: the
                // ServiceAccount itself waits for what the caller named (its Namespace, typically).
                { parent: this, provider: a.provider, dependsOn: opts?.dependsOn },
            );
        }
        this.registerOutputs({ roleArn: this.role.arn });
    }
}

export const podIdentityArgsSchema = z.strictObject({
    clusterName: input<string>(),
    clusterArn: input<string>(),
    accountId: input<string>(),
    namespace: k8sName,
    serviceAccountName: k8sName,
    permissions: awsPermissionsSchema,
    tags: tagsSchema,
});
export type PodIdentityArgs = z.input<typeof podIdentityArgsSchema>;

/**
 * EKS Pod Identity: the role trusts the Pod Identity service only for `namespace/serviceAccountName`
 * of this account's cluster (session-tag conditions), and an association binds it to that account. Needs no ServiceAccount
 * annotation, so a chart can create its own service account before the role exists; used for
 * Karpenter, whose chart owns its service account.
 */
export class PodIdentityRole extends pulumi.ComponentResource {
    readonly role: aws.iam.Role;
    readonly association: aws.eks.PodIdentityAssociation;

    constructor(name: string, args: PodIdentityArgs, opts?: pulumi.ComponentResourceOptions) {
        const a = parseArgs(podIdentityArgsSchema, args, "splitplane:aws:PodIdentityRole", name);
        super("splitplane:aws:PodIdentityRole", name, {}, opts);
        const trust = pulumi
            .all([a.accountId, a.clusterArn])
            .apply(([accountId, clusterArn]) => JSON.stringify(podIdentityTrustPolicy({ accountId, clusterArn, namespace: a.namespace, serviceAccount: a.serviceAccountName })));
        this.role = new aws.iam.Role(
            `${name}-role`,
            { assumeRolePolicy: trust, description: `EKS Pod Identity for ${a.namespace}/${a.serviceAccountName}`, tags: a.tags },
            { parent: this },
        );
        const grants = attachPermissions(this, name, this.role, a.permissions);
        // The association carries the permissions: what waits for it waits for them (see roleArnAfter).
        this.association = new aws.eks.PodIdentityAssociation(
            `${name}-association`,
            { clusterName: a.clusterName, namespace: a.namespace, serviceAccount: a.serviceAccountName, roleArn: roleArnAfter(this.role, grants), tags: a.tags },
            { parent: this },
        );
        this.registerOutputs({ roleArn: this.role.arn });
    }
}
