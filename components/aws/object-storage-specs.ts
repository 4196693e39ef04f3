import type * as aws from "@pulumi/aws";
import { policy, PolicyDocument } from "./iam";

/**
 * The control plane's S3 bucket as plain data: CORS, lifecycle and policies, tested on their own.
 *
 * TrueFoundry's "Install on AWS" guide asks for a bucket with a lifecycle rule that aborts
 * incomplete multipart uploads after 7 days and CORS allowing GET/POST/PUT with ETag exposed
 * (https://www.truefoundry.com/docs/platform/deploy-control-plane-install-aws). Browsers upload
 * and download artifacts straight to S3 through URLs the control plane presigns, so the bucket
 * policy must not restrict callers by network (no `aws:SourceVpce`): a presigned request
 * arrives from the user's browser, signed with the control plane's role, over HTTPS.
 */

/** Days after which S3 aborts an incomplete multipart upload (TrueFoundry's figure). */
export const ABORT_MULTIPART_DAYS = 7;

/**
 * TrueFoundry's CORS rule, with one change: the allowed origin is the control plane's own URL
 * (where the UI that issues the presigned requests is served) rather than `*`.
 */
export function controlPlaneCorsRules(origin: string): aws.types.input.s3.BucketCorsConfigurationCorsRule[] {
    return [{ allowedHeaders: ["*"], allowedMethods: ["GET", "POST", "PUT"], allowedOrigins: [origin], exposeHeaders: ["ETag"], maxAgeSeconds: 3000 }];
}

export function abortMultipartRule(): aws.types.input.s3.BucketLifecycleConfigurationRule {
    return { id: "abort-incomplete-multipart-uploads", status: "Enabled", filter: {}, abortIncompleteMultipartUpload: { daysAfterInitiation: ABORT_MULTIPART_DAYS } };
}

/**
 * HTTPS only, TLS 1.2 or newer. Presigned URLs are https URLs, so they pass; nothing here
 * restricts the caller's network, which would break them.
 */
export function bucketTlsOnlyPolicy(bucketArn: string): PolicyDocument {
    const resources = [bucketArn, `${bucketArn}/*`];
    return policy(
        { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: resources, Condition: { Bool: { "aws:SecureTransport": "false" } } },
        { Sid: "DenyOldTls", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: resources, Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } } },
    );
}

/**
 * What the control plane's service account may do: objects in this bucket (including multipart
 * uploads, which presigned uploads of large artifacts use) and the bucket's KMS key through S3.
 */
export function bucketAccessPolicy(args: { bucketArn: string; kmsKeyArn: string; region: string }): PolicyDocument {
    return policy(
        { Sid: "ListTheBucket", Effect: "Allow", Action: ["s3:ListBucket", "s3:GetBucketLocation", "s3:ListBucketMultipartUploads"], Resource: args.bucketArn },
        {
            Sid: "ReadWriteObjects",
            Effect: "Allow",
            Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
            Resource: `${args.bucketArn}/*`,
        },
        {
            Sid: "UseTheBucketKeyThroughS3",
            Effect: "Allow",
            Action: ["kms:Decrypt", "kms:GenerateDataKey"],
            Resource: args.kmsKeyArn,
            Condition: { StringEquals: { "kms:ViaService": `s3.${args.region}.amazonaws.com` } },
        },
    );
}
