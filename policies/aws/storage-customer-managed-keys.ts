import { Case, tablePolicy } from "../lib/define";
import { asString, Scan, UNSEEN } from "../lib/scan";

/**
 * The AWS stores that are always encrypted at rest, with AWS's keys unless told otherwise: a
 * customer-managed KMS key adds an access control (the key policy), an audit trail and a kill
 * switch. Advisory, because the data is encrypted either way; a stack makes it mandatory with
 * `splitplane:policy.enforce`. SQS queues are left at SSE-SQS (AWS's default, and what an
 * EventBridge target needs without a key policy for events.amazonaws.com); stores that default to
 * plaintext are `aws-storage-encrypted`'s.
 */

/** A key input that is absent (an unknown key is still a key: presence is enough). */
function noKey(scan: Scan, holder: unknown, key: string): boolean {
    const v = scan.peek(holder, key);
    return v === undefined || v === null || v === "";
}

const KMS_ALGORITHMS = new Set(["aws:kms", "aws:kms:dsse"]);

/** One S3 default encryption rule (of the SSE configuration's `rules[]`, or a bucket's inline `rule`). */
function judgeS3Rule(scan: Scan, rule: unknown, where: string): void {
    const alg = scan.at(rule, "applyServerSideEncryptionByDefault", "sseAlgorithm");
    if (alg === UNSEEN || KMS_ALGORITHMS.has(asString(alg) ?? "")) return;
    scan.flag(`${where}.applyServerSideEncryptionByDefault.sseAlgorithm is ${alg === undefined ? "absent" : String(alg)}: objects are encrypted with S3-managed keys; use aws:kms with a customer-managed key`);
}

const CASES: Case[] = [
    {
        id: "s3-default-encryption",
        resourceTypes: ["aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2", "aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"],
        flags: "An S3 default-encryption rule (the configuration resource, or a bucket's inline `serverSideEncryptionConfiguration`) whose `sseAlgorithm` is not aws:kms / aws:kms:dsse. A bucket with no configuration at all is encrypted with S3-managed keys and not judged here.",
        anchors: ["CKV_AWS_145"],
        judge: (props, scan, type) => {
            if (type.includes("bucketServerSideEncryption")) {
                for (const [i, rule] of scan.indexed(props, "rules")) judgeS3Rule(scan, rule, `rules[${i}]`);
                return;
            }
            const rule = scan.at(props, "serverSideEncryptionConfiguration", "rule");
            if (rule !== undefined && rule !== UNSEEN) judgeS3Rule(scan, rule, "serverSideEncryptionConfiguration.rule");
        },
    },
    {
        id: "dynamodb-table",
        resourceTypes: ["aws:dynamodb/table:Table"],
        flags: "A DynamoDB table without `serverSideEncryption.enabled: true` (it is then encrypted with an AWS-owned key).",
        anchors: ["CKV_AWS_119"],
        judge: (props, scan) => {
            const v = scan.at(props, "serverSideEncryption", "enabled");
            if (v !== true && v !== UNSEEN) scan.flag("serverSideEncryption.enabled is not true: the table is encrypted with an AWS-owned key; use a customer-managed kmsKeyArn");
        },
    },
    {
        id: "cloudwatch-log-group",
        resourceTypes: ["aws:cloudwatch/logGroup:LogGroup"],
        flags: "A CloudWatch log group without `kmsKeyId`.",
        anchors: ["CKV_AWS_158"],
        judge: (props, scan) => {
            if (noKey(scan, props, "kmsKeyId")) scan.flag("kmsKeyId is absent: log events are encrypted with CloudWatch's own key");
        },
    },
    {
        id: "ecr-repository",
        resourceTypes: ["aws:ecr/repository:Repository"],
        flags: "An ECR repository whose `encryptionConfigurations[0].encryptionType` is not KMS (absent means AES256 with ECR's key).",
        anchors: ["CKV_AWS_136"],
        judge: (props, scan) => {
            const configs = scan.get(props, "encryptionConfigurations");
            if (configs === UNSEEN) return;
            const type = Array.isArray(configs) && configs.length > 0 ? scan.get(scan.get(configs, 0), "encryptionType") : undefined;
            if (type === UNSEEN || (asString(type) ?? "").toUpperCase().startsWith("KMS")) return;
            scan.flag(`encryptionType is ${type === undefined ? "absent (AES256)" : String(type)}: images are encrypted with ECR's own key; use KMS with a customer-managed key`);
        },
    },
    {
        id: "keyed-stores",
        resourceTypes: ["aws:backup/vault:Vault", "aws:secretsmanager/secret:Secret"],
        flags: "A Backup vault without `kmsKeyArn` or a Secrets Manager secret without `kmsKeyId` (each is then encrypted with the service's AWS-managed key).",
        anchors: ["CKV_AWS_166", "CKV_AWS_149"],
        judge: (props, scan, type) => {
            const key = type === "aws:backup/vault:Vault" ? "kmsKeyArn" : "kmsKeyId";
            if (noKey(scan, props, key)) scan.flag(`${key} is absent: the data is encrypted with the service's AWS-managed key`);
        },
    },
    {
        id: "msk-at-rest",
        resourceTypes: ["aws:msk/cluster:Cluster"],
        flags: "An MSK cluster without `encryptionInfo.encryptionAtRestKmsKeyArn`.",
        anchors: ["CKV_AWS_81"],
        judge: (props, scan) => {
            const info = scan.get(props, "encryptionInfo");
            if (info !== UNSEEN && noKey(scan, info, "encryptionAtRestKmsKeyArn")) scan.flag("encryptionInfo.encryptionAtRestKmsKeyArn is absent: broker storage is encrypted with an AWS-managed key");
        },
    },
];

export const { meta, policy } = tablePolicy(
    {
        name: "aws-storage-customer-managed-keys",
        title: "AWS stores encrypted by default use customer-managed keys",
        theme: "H",
        level: "advisory",
        severity: "low",
        kind: "resource",
        checks: [],
        flags: "Stores AWS always encrypts, judged on the key: S3 default encryption that is not KMS, DynamoDB tables with AWS-owned keys, CloudWatch log groups, ECR repositories, Backup vaults, Secrets Manager secrets and MSK storage without a customer-managed key. Advisory: the data is encrypted either way. Each check is listed below.",
        remediation: "Give the resource a customer-managed KMS key (`kmsKeyId` / `kmsKeyArn`, `sseAlgorithm: aws:kms` with `kmsMasterKeyId`) whose key policy names the readers.",
    },
    CASES,
);
