import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { awsContextSchema, parseArgs, tagsSchema } from "./args";
import { kmsKeyPolicy } from "./iam";

export const kmsKeyArgsSchema = z.strictObject({
    context: awsContextSchema,
    /** What the key protects; shows in the console. */
    description: z.string().min(1),
    /** Alias without the `alias/` prefix, e.g. `splitplane-dev-logs`. */
    alias: z.string().regex(/^[a-zA-Z0-9/_-]+$/),
    /** Let CloudWatch Logs in this region use the key for this account's log groups. @default false */
    allowCloudWatchLogs: z.boolean().default(false),
    /** Waiting period before a scheduled deletion; 30 is the maximum and the safest. @default 30 */
    deletionWindowInDays: z.number().int().min(7).max(30).default(30),
    /** Pulumi `protect` on the key (prod). @default false */
    protect: z.boolean().default(false),
    tags: tagsSchema,
});
export type KmsKeyArgs = z.input<typeof kmsKeyArgsSchema>;

/** A customer-managed KMS key with yearly rotation and an alias. */
export class KmsKey extends pulumi.ComponentResource {
    readonly key: aws.kms.Key;
    readonly arn: pulumi.Output<string>;
    readonly aliasName: pulumi.Output<string>;

    constructor(name: string, args: KmsKeyArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validate before registering anything: bad args leave no trace in the plan.
        const a = parseArgs(kmsKeyArgsSchema, args, "splitplane:aws:KmsKey", name);
        super("splitplane:aws:KmsKey", name, {}, opts);
        const policy = pulumi
            .all([a.context.partition, a.context.region, a.context.accountId])
            .apply(([partition, region, accountId]) => JSON.stringify(kmsKeyPolicy({ partition, region, accountId, allowCloudWatchLogs: a.allowCloudWatchLogs })));

        // Child names are part of each resource's identity: renaming one replaces the key.
        this.key = new aws.kms.Key(
            `${name}-key`,
            { description: a.description, enableKeyRotation: true, deletionWindowInDays: a.deletionWindowInDays, policy, tags: a.tags },
            { parent: this, protect: a.protect },
        );
        const alias = new aws.kms.Alias(`${name}-alias`, { name: `alias/${a.alias}`, targetKeyId: this.key.keyId }, { parent: this });
        this.arn = this.key.arn;
        this.aliasName = alias.name;
        this.registerOutputs({ arn: this.arn, aliasName: this.aliasName });
    }
}
