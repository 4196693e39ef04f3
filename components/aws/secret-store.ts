import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { CloudPermissions, SecretGrant, SecretStoreRef } from "../compute-plane";
import { awsContextSchema, parseArgs, tagsSchema } from "./args";
import { assertGrantable, secretGrantPolicy, secretReadPolicy } from "./iam";
import { KmsKey } from "./kms";

export const secretStoreArgsSchema = z.strictObject({
    context: awsContextSchema,
    /** This environment's secrets are named `<namePrefix>...`, e.g. `splitplane/dev/`. */
    namePrefix: z.string().regex(/^[A-Za-z0-9/_+=.@-]+\/$/, { error: "must be a Secrets Manager name prefix ending in /" }),
    /** Alias (without `alias/`) of the store's KMS key. */
    keyAlias: z.string(),
    /** Pulumi `protect` on the key. @default false */
    protect: z.boolean().default(false),
    tags: tagsSchema,
});
export type SecretStoreArgs = z.input<typeof secretStoreArgsSchema>;

/**
 * The environment's secret store: AWS Secrets Manager with a customer-managed key. The store
 * itself needs no resource (Secrets Manager is regional); what this owns is the key, the naming
 * convention and the read-only policy the secret-sync operator gets.
 */
export class SecretStore extends pulumi.ComponentResource {
    readonly key: KmsKey;
    readonly kmsKeyArn: pulumi.Output<string>;
    readonly namePrefix: string;
    private readonly context: z.output<typeof awsContextSchema>;

    constructor(name: string, args: SecretStoreArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validate before registering anything: bad args leave no trace in the plan.
        const a = parseArgs(secretStoreArgsSchema, args, "splitplane:aws:SecretStore", name);
        super("splitplane:aws:SecretStore", name, {}, opts);
        this.context = a.context;
        this.namePrefix = a.namePrefix;
        this.key = new KmsKey(
            `${name}-kms`,
            { context: a.context, description: `splitplane secrets under ${a.namePrefix}`, alias: a.keyAlias, protect: a.protect, tags: a.tags },
            { parent: this },
        );
        this.kmsKeyArn = this.key.arn;
        this.registerOutputs({ kmsKeyArn: this.kmsKeyArn, namePrefix: this.namePrefix });
    }

    /** Read access to secrets under the prefix, plus `extraSecretArns` (e.g. the RDS master secret). */
    readPolicy(extraSecretArns: pulumi.Input<string>[] = []): pulumi.Output<string> {
        const c = this.context;
        return pulumi
            .all([c.partition, c.region, c.accountId, this.kmsKeyArn, pulumi.all(extraSecretArns)])
            .apply(([partition, region, accountId, kmsKeyArn, extra]) =>
                JSON.stringify(secretReadPolicy({ partition, region, accountId, namePrefix: this.namePrefix, kmsKeyArn, extraSecretArns: extra })),
            );
    }

    /**
     * Read access to exactly `secrets`: names under the prefix (`<prefix><name>-??????`) and full
     * ARNs. Names are checked now (a wildcard or a folder throws before anything is registered).
     */
    grantPolicy(secrets: readonly SecretGrant[]): pulumi.Output<string> {
        const names = secrets.flatMap((g) => ("name" in g ? [g.name] : []));
        const ids = secrets.flatMap((g) => ("id" in g ? [g.id] : []));
        const c = this.context;
        // Checked now, so a bad grant fails in the caller, not later inside an apply.
        assertGrantable(names, ids.length);
        return pulumi
            .all([c.partition, c.region, c.accountId, this.kmsKeyArn, pulumi.all(ids)])
            .apply(([partition, region, accountId, kmsKeyArn, arns]) =>
                JSON.stringify(secretGrantPolicy({ partition, region, accountId, namePrefix: this.namePrefix, kmsKeyArn, names, arns })),
            );
    }

    /** This store as the ComputePlane contract describes it. */
    toRef(extraSecretArns: pulumi.Input<string>[] = []): SecretStoreRef {
        const readPermissions: CloudPermissions = { kind: "aws-iam", policies: { "secret-read": this.readPolicy(extraSecretArns) } };
        const region = pulumi.output(this.context.region);
        return {
            kind: "aws-secrets-manager",
            namePrefix: this.namePrefix,
            readPermissions,
            readPermissionsFor: (secrets) => ({ kind: "aws-iam", policies: { "secret-read": this.grantPolicy(secrets) } }),
            remoteKey: (g) => ("name" in g ? `${this.namePrefix}${g.name}` : g.id),
            // IRSA through the service account's token: ESO requests a token for it (audience
            // sts.amazonaws.com) and assumes the role the account is annotated with.
            externalSecretsProvider: (sa) =>
                region.apply((r): Record<string, unknown> => ({ aws: { service: "SecretsManager", region: r, auth: { jwt: { serviceAccountRef: { name: sa.name, namespace: sa.namespace } } } } })),
        };
    }
}
