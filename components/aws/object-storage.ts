import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { CloudPermissions } from "../compute-plane";
import { awsContextSchema, parseArgs, tagsSchema } from "./args";
import { KmsKey } from "./kms";
import { abortMultipartRule, bucketAccessPolicy, bucketTlsOnlyPolicy, controlPlaneCorsRules } from "./object-storage-specs";

export const objectStorageArgsSchema = z.strictObject({
    context: awsContextSchema,
    /** Physical name prefix (S3 appends a unique suffix); lower-case letters, digits and '-', at most 37 characters. */
    bucketPrefix: z.string().regex(/^[a-z0-9][a-z0-9-]{0,36}$/, { error: "must be lower-case letters, digits and '-', at most 37 characters" }),
    /** The origin browsers load the control plane's UI from (CORS). */
    corsOrigin: z.string().regex(/^https:\/\/[^/\s]+$/, { error: "must be an https origin such as https://truefoundry.example.com" }),
    /** Alias (without `alias/`) of the bucket's KMS key. */
    keyAlias: z.string(),
    /** What the bucket holds, in its KMS key's description. @default "splitplane control-plane object storage" */
    description: z.string().min(1).default("splitplane control-plane object storage"),
    /** Pulumi `protect` on the bucket and its key (prod, phase 3). @default false */
    protect: z.boolean().default(false),
    tags: tagsSchema,
});
export type ObjectStorageArgs = z.input<typeof objectStorageArgsSchema>;

/**
 * The self-hosted control plane's object storage: a private S3 bucket encrypted with its own
 * customer-managed key, with TrueFoundry's CORS and abort-multipart rules. The bucket is never
 * public (all four public-access blocks, ACLs disabled); browsers reach objects only through
 * URLs the control plane presigns.
 */
export class ObjectStorage extends pulumi.ComponentResource {
    readonly bucket: aws.s3.Bucket;
    readonly bucketName: pulumi.Output<string>;
    readonly bucketArn: pulumi.Output<string>;
    readonly key: KmsKey;
    /** Read-write access to the bucket's objects and its key, for `plane.bindServiceAccount`. */
    readonly accessPermissions: CloudPermissions;

    constructor(name: string, args: ObjectStorageArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validate before registering anything: bad args leave no trace in the plan.
        const a = parseArgs(objectStorageArgsSchema, args, "splitplane:aws:ObjectStorage", name);
        super("splitplane:aws:ObjectStorage", name, {}, opts);
        const parent = { parent: this };
        this.key = new KmsKey(`${name}-kms`, { context: a.context, description: a.description, alias: a.keyAlias, protect: a.protect, tags: a.tags }, parent);

        // Child names are part of each resource's identity: renaming one replaces the bucket.
        this.bucket = new aws.s3.Bucket(`${name}-bucket`, { bucketPrefix: a.bucketPrefix, forceDestroy: false, tags: a.tags }, { ...parent, protect: a.protect });
        const bucket = this.bucket.id;
        const block = new aws.s3.BucketPublicAccessBlock(
            `${name}-public-access`,
            { bucket, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
            parent,
        );
        new aws.s3.BucketOwnershipControls(`${name}-ownership`, { bucket, rule: { objectOwnership: "BucketOwnerEnforced" } }, parent);
        new aws.s3.BucketServerSideEncryptionConfiguration(
            `${name}-encryption`,
            // A bucket key cuts KMS calls (and their cost) for many small objects.
            { bucket, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: this.key.arn }, bucketKeyEnabled: true }] },
            parent,
        );
        new aws.s3.BucketCorsConfiguration(`${name}-cors`, { bucket, corsRules: controlPlaneCorsRules(a.corsOrigin) }, parent);
        new aws.s3.BucketLifecycleConfiguration(`${name}-lifecycle`, { bucket, rules: [abortMultipartRule()] }, parent);
        // After the public-access block: S3 judges a policy against the block when it is put.
        new aws.s3.BucketPolicy(`${name}-policy`, { bucket, policy: this.bucket.arn.apply((arn) => JSON.stringify(bucketTlsOnlyPolicy(arn))) }, { ...parent, dependsOn: [block] });

        this.bucketName = this.bucket.bucket;
        this.bucketArn = this.bucket.arn;
        const access = pulumi
            .all([this.bucket.arn, this.key.arn, a.context.region])
            .apply(([bucketArn, kmsKeyArn, region]) => JSON.stringify(bucketAccessPolicy({ bucketArn, kmsKeyArn, region })));
        this.accessPermissions = { kind: "aws-iam", policies: { "object-storage": access } };
        this.registerOutputs({ bucketName: this.bucketName, bucketArn: this.bucketArn });
    }
}
