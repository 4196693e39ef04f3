import { beforeAll, describe, expect, it } from "vitest";
import * as p from "../../../policies/aws/storage-encrypted";
import { check, Judged, UNKNOWN } from "../harness";

const KEY = "arn:aws:kms:eu-west-1:123456789012:key/0b1c2d3e-0000-4000-8000-000000000000";
const EFS = "aws:efs/fileSystem:FileSystem";
const RG = "aws:elasticache/replicationGroup:ReplicationGroup";
const SQS = "aws:sqs/queue:Queue";

describe("aws-storage-encrypted", () => {
    let j: Judged;
    beforeAll(async () => {
        j = await check(p, [
            { type: EFS, name: "efs-default", props: {} },
            { type: EFS, name: "efs-encrypted", props: { encrypted: true, kmsKeyId: KEY } },
            { type: EFS, name: "efs-unknown", props: { encrypted: UNKNOWN } },
            { type: RG, name: "redis-default", props: { description: "cache", engine: "redis" } },
            { type: RG, name: "valkey-default", props: { description: "cache", engine: "valkey", transitEncryptionEnabled: true } },
            { type: RG, name: "redis-encrypted", props: { description: "cache", engine: "redis", atRestEncryptionEnabled: true, kmsKeyId: KEY } },
            { type: "aws:kinesis/stream:Stream", name: "kinesis-default", props: { shardCount: 1 } },
            { type: "aws:kinesis/stream:Stream", name: "kinesis-kms", props: { shardCount: 1, encryptionType: "KMS", kmsKeyId: KEY } },
            { type: "aws:opensearch/domain:Domain", name: "search-default", props: { domainName: "logs" } },
            { type: "aws:sns/topic:Topic", name: "sns-default", props: {} },
            { type: "aws:sns/topic:Topic", name: "sns-new-key", props: { kmsMasterKeyId: UNKNOWN } },
            { type: SQS, name: "sqs-default", props: {} },
            { type: SQS, name: "sqs-off", props: { sqsManagedSseEnabled: false } },
            { type: "aws:docdb/cluster:Cluster", name: "docdb-default", props: { masterUsername: "u", manageMasterUserPassword: true } },
            { type: "aws:neptune/cluster:Cluster", name: "neptune-encrypted", props: { storageEncrypted: true } },
            { type: "aws:redshift/cluster:Cluster", name: "redshift-off", props: { clusterIdentifier: "w", nodeType: "ra3.xlplus", encrypted: "false" } },
            { type: "aws:redshift/cluster:Cluster", name: "redshift-default", props: { clusterIdentifier: "w", nodeType: "ra3.xlplus" } },
            { type: "aws:s3/bucket:Bucket", name: "bucket", props: {} },
        ]);
    });
    it("is mandatory: these stores are plaintext by default", () => {
        expect(j.messages("efs-default")).toEqual(["encrypted is absent (false): the file system stores data unencrypted, and only a new file system can change that"]);
        expect(j.of("efs-default")[0].enforcementLevel).toBe("mandatory");
    });
    it("flags redis replication groups without at-rest encryption, not valkey (encrypted by default)", () => {
        expect(j.messages("redis-default")).toEqual(["atRestEncryptionEnabled is absent (false for redis): snapshots and swap are unencrypted"]);
        expect(j.outcome("valkey-default")).toBe("pass");
        expect(j.outcome("redis-encrypted")).toBe("pass");
    });
    it("flags Kinesis without KMS, OpenSearch without encryptAtRest, SNS without a key, DocumentDB without storage encryption", () => {
        expect(j.messages("kinesis-default")).toEqual(["encryptionType is absent (NONE): records are stored unencrypted"]);
        expect(j.outcome("kinesis-kms")).toBe("pass");
        expect(j.messages("search-default")).toEqual(["encryptAtRest.enabled is absent (false): indices and snapshots are stored unencrypted"]);
        expect(j.outcome("sns-default")).toBe("violation");
        expect(j.outcome("docdb-default")).toBe("violation");
        expect(j.outcome("neptune-encrypted")).toBe("pass");
    });
    it("passes SQS at its SSE-SQS default and Redshift at its encrypted default; flags either turned off", () => {
        expect(j.outcome("sqs-default")).toBe("pass");
        expect(j.messages("sqs-off")).toEqual(["sqsManagedSseEnabled is false and no kmsMasterKeyId is set: messages are stored unencrypted"]);
        expect(j.outcome("redshift-default")).toBe("pass");
        expect(j.messages("redshift-off")).toEqual(["encrypted is false: the cluster's data is stored unencrypted"]);
    });
    it("counts a key that is unknown during preview as a key, and reports an unknown flag as unknown", () => {
        expect(j.outcome("sns-new-key")).toBe("pass");
        expect(j.outcome("efs-unknown")).toBe("unknown");
    });
    it("is not applicable to stores AWS always encrypts (S3)", () => expect(j.outcome("bucket")).toBe("not-applicable"));
});
