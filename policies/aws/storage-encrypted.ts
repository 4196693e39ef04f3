import { Case, tablePolicy } from "../lib/define";
import { asString, Scan, UNSEEN } from "../lib/scan";

/**
 * Encryption at rest for the AWS stores that keep data in plaintext unless told otherwise: a
 * mandatory hardening policy, because the default is the defect (missing is not safe). Stores
 * AWS always encrypts (S3, DynamoDB, CloudWatch Logs, ECR, Secrets Manager, Backup vaults, MSK)
 * are judged only on whose key they use, in the advisory `aws-storage-customer-managed-keys`.
 * RDS and Aurora are `aws-rds-encryption-tls`'s; EBS is `aws-ebs-encrypted`'s (advisory: an
 * account's EBS encryption-by-default setting, invisible to the program, may encrypt them).
 */

/** `holder[key]` must be true (booleans, or the strings some inputs take); absent is the service's default of false. */
function mustBeTrue(scan: Scan, holder: unknown, key: string, where: string, why: string): void {
    const v = scan.get(holder, key);
    if (v === true || v === "true" || v === UNSEEN) return;
    scan.flag(`${where} is ${v === undefined ? "absent (false)" : String(v)}: ${why}`);
}

const CASES: Case[] = [
    {
        id: "efs",
        resourceTypes: ["aws:efs/fileSystem:FileSystem"],
        flags: "An EFS file system whose `encrypted` is not true (absent means unencrypted; it cannot be changed later).",
        anchors: ["CKV_AWS_42"],
        judge: (props, scan) => mustBeTrue(scan, props, "encrypted", "encrypted", "the file system stores data unencrypted, and only a new file system can change that"),
    },
    {
        id: "elasticache-at-rest",
        resourceTypes: ["aws:elasticache/replicationGroup:ReplicationGroup"],
        flags: "A replication group whose `atRestEncryptionEnabled` is not true (absent means false for the redis engine; valkey defaults to true).",
        anchors: ["CKV_AWS_29"],
        judge: (props, scan) => {
            const v = scan.get(props, "atRestEncryptionEnabled");
            if (v === true || v === UNSEEN) return;
            if (v === undefined) {
                const engine = scan.get(props, "engine");
                if (engine === UNSEEN || asString(engine)?.toLowerCase() === "valkey") return;
            }
            scan.flag(`atRestEncryptionEnabled is ${v === undefined ? "absent (false for redis)" : String(v)}: snapshots and swap are unencrypted`);
        },
    },
    {
        id: "kinesis-stream",
        resourceTypes: ["aws:kinesis/stream:Stream"],
        flags: "A Kinesis data stream whose `encryptionType` is not KMS (the default is NONE).",
        anchors: ["CKV_AWS_43"],
        judge: (props, scan) => {
            const v = scan.get(props, "encryptionType");
            if (v === UNSEEN || asString(v)?.toUpperCase() === "KMS") return;
            scan.flag(`encryptionType is ${v === undefined ? "absent (NONE)" : String(v)}: records are stored unencrypted`);
        },
    },
    {
        id: "opensearch-at-rest",
        resourceTypes: ["aws:opensearch/domain:Domain", "aws:elasticsearch/domain:Domain"],
        flags: "An OpenSearch or Elasticsearch domain without `encryptAtRest.enabled: true` (absent means false).",
        anchors: ["CKV_AWS_5"],
        judge: (props, scan) => mustBeTrue(scan, scan.get(props, "encryptAtRest"), "enabled", "encryptAtRest.enabled", "indices and snapshots are stored unencrypted"),
    },
    {
        id: "sns-topic",
        resourceTypes: ["aws:sns/topic:Topic"],
        flags: "An SNS topic without `kmsMasterKeyId` (without server-side encryption, messages are stored unencrypted).",
        anchors: ["CKV_AWS_26"],
        judge: (props, scan) => {
            const v = scan.peek(props, "kmsMasterKeyId");
            if (v === undefined || v === "") scan.flag("kmsMasterKeyId is absent: messages are stored without server-side encryption");
        },
    },
    {
        id: "sqs-queue",
        resourceTypes: ["aws:sqs/queue:Queue"],
        flags: "An SQS queue with `sqsManagedSseEnabled: false` and no `kmsMasterKeyId` (SSE-SQS is on by default; turning it off stores messages unencrypted).",
        anchors: ["CKV_AWS_27"],
        judge: (props, scan) => {
            const sse = scan.get(props, "sqsManagedSseEnabled");
            const kms = scan.peek(props, "kmsMasterKeyId");
            if (sse === false && (kms === undefined || kms === "")) scan.flag("sqsManagedSseEnabled is false and no kmsMasterKeyId is set: messages are stored unencrypted");
        },
    },
    {
        id: "docdb-neptune-storage",
        resourceTypes: ["aws:docdb/cluster:Cluster", "aws:neptune/cluster:Cluster"],
        flags: "A DocumentDB or Neptune cluster whose `storageEncrypted` is not true (absent means false; it cannot be changed later).",
        anchors: ["CKV_AWS_74", "CKV_AWS_44"],
        judge: (props, scan) => mustBeTrue(scan, props, "storageEncrypted", "storageEncrypted", "the cluster's storage is unencrypted, and only a new cluster can change that"),
    },
    {
        id: "redshift-cluster",
        resourceTypes: ["aws:redshift/cluster:Cluster"],
        flags: "A Redshift cluster with `encrypted` set to false (the provider's default is true).",
        anchors: ["CKV_AWS_64"],
        judge: (props, scan) => {
            const v = scan.get(props, "encrypted");
            if (v === false || v === "false") scan.flag("encrypted is false: the cluster's data is stored unencrypted");
        },
    },
];

export const { meta, policy } = tablePolicy(
    {
        name: "aws-storage-encrypted",
        title: "AWS data stores that default to plaintext are encrypted at rest",
        theme: "H",
        level: "mandatory",
        severity: "high",
        kind: "resource",
        checks: [],
        flags: "Stores that keep data unencrypted unless told otherwise: EFS, ElastiCache (redis), Kinesis streams, OpenSearch, SNS topics, SQS queues with SSE turned off, DocumentDB and Neptune clusters, Redshift clusters with encryption turned off. Mandatory because the default is the defect. Each check is listed below.",
        remediation: "Turn on encryption at rest with a customer-managed KMS key (`encrypted`/`storageEncrypted: true` with `kmsKeyId`, `encryptionType: KMS`, `kmsMasterKeyId`); for stores whose setting is fixed at creation, create a new encrypted one and migrate.",
    },
    CASES,
);
