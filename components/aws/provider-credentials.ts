import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { awsContextSchema, input, parseArgs, tagsSchema } from "./args";
import { PolicyDocument, policy, secretNameProblem } from "./iam";

/**
 * Provider credentials synced from the store (phase 1): an IAM role that the control plane assumes
 * to read the LLM providers' keys from this environment's Secrets Manager, through TrueFoundry's
 * `integration/secret-store/aws/secrets-manager` (`assumed-role-based` auth). The documents are
 * pure functions; the component is the role and its one inline policy.
 */

/** IAM path of the role: it sets the role apart in the account and is part of its ARN. */
export const PROVIDER_CREDENTIALS_ROLE_PATH = "/splitplane/";

export { providerCredentialsRoleName } from "../../config/provider-credentials";

/**
 * The role's ARN, known before the role exists: the manifest and the control plane's own
 * `sts:AssumeRole` grant name it without waiting for (or depending on) the role.
 */
export const providerCredentialsRoleArn = (partition: string, accountId: string, roleName: string) => `arn:${partition}:iam::${accountId}:role${PROVIDER_CREDENTIALS_ROLE_PATH}${roleName}`;

/**
 * Trust: exactly one IAM role may call `sts:AssumeRole`, the self-hosted control plane's own
 * IRSA role (the `truefoundry` service account's) or the hosted control plane's role. A role ARN
 * as the principal covers that role's sessions and nothing else (IAM User Guide, "AWS JSON policy
 * elements: Principal", IAM role principals). No `sts:ExternalId` condition: TrueFoundry's
 * secrets-manager integration has no external id to send, and a condition on a key the request does
 * not carry denies every AssumeRole.
 */
export function providerCredentialsTrustPolicy(principalRoleArn: string): PolicyDocument {
    return policy({ Sid: "ControlPlaneAssumes", Effect: "Allow", Principal: { AWS: principalRoleArn }, Action: "sts:AssumeRole" });
}

/** What the control plane calls to read one secret; nothing that lists, writes or deletes. */
export const PROVIDER_SECRET_READ_ACTIONS = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret", "secretsmanager:ListSecretVersionIds"] as const;

/**
 * Read access to the secrets under `secretPrefix` (a folder: `<prefix>*` past its `/`, so
 * `splitplane/dev/llm-providers/` never covers `splitplane/dev/llm-providers-old`), and decrypt with
 * the store's key only when Secrets Manager asks (`kms:ViaService`, as AWS documents for Secrets
 * Manager: "Secret encryption and decryption in AWS Secrets Manager"). No GenerateDataKey: that is
 * for writing a secret, which this role never does.
 */
export function providerCredentialsReadPolicy(a: { partition: string; region: string; accountId: string; secretPrefix: string; kmsKeyArn: string }): PolicyDocument {
    assertFolder(a.secretPrefix);
    return policy(
        {
            Sid: "ReadProviderCredentials",
            Effect: "Allow",
            Action: [...PROVIDER_SECRET_READ_ACTIONS],
            Resource: `arn:${a.partition}:secretsmanager:${a.region}:${a.accountId}:secret:${a.secretPrefix}*`,
        },
        {
            Sid: "DecryptThroughSecretsManager",
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: a.kmsKeyArn,
            Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${a.region}.amazonaws.com` } },
        },
    );
}

/** The self-hosted control plane's own grant: assume that one role, nothing else. */
export function assumeProviderCredentialsPolicy(roleArn: string): PolicyDocument {
    return policy({ Sid: "AssumeProviderCredentials", Effect: "Allow", Action: "sts:AssumeRole", Resource: roleArn });
}

/** Throws unless `prefix` is a folder of plain secret names ending in `/` (no wildcard can widen the grant). */
function assertFolder(prefix: string): void {
    const problem = prefix.endsWith("/") ? secretNameProblem(prefix.slice(0, -1)) : "must end in /";
    if (problem) throw new Error(`provider credentials prefix ${JSON.stringify(prefix)} ${problem}`);
}

export const providerCredentialsRoleArgsSchema = z.strictObject({
    context: awsContextSchema,
    /** The role's name (see `providerCredentialsRoleName`). */
    roleName: z.string().regex(/^[\w+=,.@-]{1,64}$/, { error: "must be an IAM role name of at most 64 characters" }),
    /** The one role that may assume this one. */
    trustedPrincipal: input<string>(),
    /** Secrets readable through the role: a folder under the store's prefix, ending in `/`. */
    secretPrefix: z.string().endsWith("/"),
    /** The store's KMS key. */
    kmsKeyArn: input<string>(),
    tags: tagsSchema,
});
export type ProviderCredentialsRoleArgs = z.input<typeof providerCredentialsRoleArgsSchema>;

export class ProviderCredentialsRole extends pulumi.ComponentResource {
    readonly role: aws.iam.Role;
    /** The role's ARN once its read policy is attached. */
    readonly roleArn: pulumi.Output<string>;

    constructor(name: string, args: ProviderCredentialsRoleArgs, opts?: pulumi.ComponentResourceOptions) {
        const a = parseArgs(providerCredentialsRoleArgsSchema, args, "splitplane:aws:ProviderCredentialsRole", name);
        super("splitplane:aws:ProviderCredentialsRole", name, {}, opts);
        assertFolder(a.secretPrefix);
        const c = a.context;
        // Never rename `${name}-role`: the manifest and the control plane's grant name this role by its ARN.
        this.role = new aws.iam.Role(
            `${name}-role`,
            {
                name: a.roleName,
                path: PROVIDER_CREDENTIALS_ROLE_PATH,
                description: `The control plane reads LLM provider keys under ${a.secretPrefix}`,
                assumeRolePolicy: pulumi.output(a.trustedPrincipal).apply((p) => JSON.stringify(providerCredentialsTrustPolicy(p))),
                maxSessionDuration: 3600,
                tags: a.tags,
            },
            { parent: this },
        );
        const read = new aws.iam.RolePolicy(
            `${name}-read`,
            {
                role: this.role.name,
                policy: pulumi
                    .all([c.partition, c.region, c.accountId, a.kmsKeyArn])
                    .apply(([partition, region, accountId, kmsKeyArn]) => JSON.stringify(providerCredentialsReadPolicy({ partition, region, accountId, secretPrefix: a.secretPrefix, kmsKeyArn }))),
            },
            { parent: this },
        );
        this.roleArn = pulumi.all([this.role.arn, read.urn]).apply(([arn]) => arn);
        this.registerOutputs({ roleArn: this.roleArn });
    }
}
