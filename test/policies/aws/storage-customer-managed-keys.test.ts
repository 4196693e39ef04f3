import { beforeAll, describe, expect, it } from "vitest";
import * as p from "../../../policies/aws/storage-customer-managed-keys";
import { check, Judged, UNKNOWN } from "../harness";

const KEY = "arn:aws:kms:eu-west-1:123456789012:key/0b1c2d3e-0000-4000-8000-000000000000";
const SSE = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";
const rule = (sseAlgorithm: unknown) => ({ bucket: "b", rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm, kmsMasterKeyId: KEY } }] });

describe("aws-storage-customer-managed-keys", () => {
    let j: Judged;
    beforeAll(async () => {
        j = await check(p, [
            { type: SSE, name: "sse-s3", props: rule("AES256") },
            { type: SSE, name: "sse-kms", props: rule("aws:kms") },
            { type: SSE, name: "sse-unknown", props: rule(UNKNOWN) },
            { type: "aws:s3/bucket:Bucket", name: "bucket-inline", props: { serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } } } } },
            { type: "aws:s3/bucket:Bucket", name: "bucket-plain", props: {} },
            { type: "aws:dynamodb/table:Table", name: "table-default", props: { attributes: [{ name: "id", type: "S" }], hashKey: "id" } },
            { type: "aws:cloudwatch/logGroup:LogGroup", name: "logs-default", props: { retentionInDays: 30 } },
            { type: "aws:cloudwatch/logGroup:LogGroup", name: "logs-new-key", props: { retentionInDays: 30, kmsKeyId: UNKNOWN } },
            { type: "aws:ecr/repository:Repository", name: "ecr-default", props: {} },
            { type: "aws:ecr/repository:Repository", name: "ecr-kms", props: { encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: KEY }] } },
            { type: "aws:backup/vault:Vault", name: "vault-default", props: {} },
            { type: "aws:secretsmanager/secret:Secret", name: "secret-kms", props: { kmsKeyId: KEY } },
            { type: "aws:sqs/queue:Queue", name: "queue", props: { sqsManagedSseEnabled: true } },
        ]);
    });
    it("is advisory and flags S3 rules that are not KMS, in the configuration or inline", () => {
        expect(j.messages("sse-s3")).toEqual(["rules[0].applyServerSideEncryptionByDefault.sseAlgorithm is AES256: objects are encrypted with S3-managed keys; use aws:kms with a customer-managed key"]);
        expect(j.of("sse-s3")[0].enforcementLevel).toBe("advisory");
        expect(j.messages("bucket-inline")).toEqual([expect.stringMatching(/^serverSideEncryptionConfiguration\.rule\.applyServerSideEncryptionByDefault\.sseAlgorithm is AES256/)]);
        expect(j.outcome("sse-kms")).toBe("pass");
        expect(j.outcome("bucket-plain")).toBe("pass");
    });
    it("flags DynamoDB, log groups, ECR and Backup vaults on AWS's keys; passes customer keys, even unknown ones", () => {
        expect(j.outcome("table-default")).toBe("violation");
        expect(j.messages("logs-default")).toEqual(["kmsKeyId is absent: log events are encrypted with CloudWatch's own key"]);
        expect(j.outcome("logs-new-key")).toBe("pass");
        expect(j.messages("ecr-default")).toEqual([expect.stringContaining("encryptionType is absent (AES256)")]);
        expect(j.outcome("ecr-kms")).toBe("pass");
        expect(j.outcome("vault-default")).toBe("violation");
        expect(j.outcome("secret-kms")).toBe("pass");
    });
    it("reports an unknown algorithm as unknown", () => expect(j.outcome("sse-unknown")).toBe("unknown"));
    it("is not applicable to SQS (SSE-SQS is accepted)", () => expect(j.outcome("queue")).toBe("not-applicable"));
});
