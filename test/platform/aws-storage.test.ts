import { beforeAll, describe, expect, it } from "vitest";
import { abortMultipartRule, bucketAccessPolicy, bucketTlsOnlyPolicy, controlPlaneCorsRules } from "../../components/aws/object-storage-specs";
import { BOOTSTRAP, databaseCaBootstrap, fillCommand } from "../../components/platform/synced-secrets";
import { ProgramRun } from "../../engine/resource";
import { runProgram } from "../../engine/run";
import { byType, dependsOn, inputsOf, one, outputsOf } from "../../engine/testing";

const context = { accountId: "111122223333", partition: "aws", region: "eu-west-1" };

describe("the control plane's bucket and the bootstrap secret containers (AWS, one run)", () => {
    let run: ProgramRun;
    let toFill: { secret: string; purpose: string; command: string }[] = [];

    beforeAll(async () => {
        run = await runProgram({
            stack: "storage",
            config: { "aws:region": "eu-west-1" },
            program: async () => {
                const aws = await import("../../components/aws");
                new aws.ObjectStorage("cp-storage", { context, bucketPrefix: "splitplane-dev-tfy-", corsOrigin: "https://tfy.example.com", keyAlias: "splitplane-dev-storage", tags: { "splitplane:stack": "dev" } });
                const b = new aws.BootstrapSecrets("bootstrap", { namePrefix: "splitplane/dev/", kmsKeyArn: "arn:aws:kms:eu-west-1:111122223333:key/k", secrets: [BOOTSTRAP.apiKey, BOOTSTRAP.clusterToken, databaseCaBootstrap("eu-west-1")] });
                toFill = b.toFill;
            },
        });
    }, 30_000);

    it("the bucket is private: all four public-access blocks, ACLs disabled", () => {
        expect(inputsOf(one(run, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"))).toMatchObject({ blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
        expect(inputsOf(one(run, "aws:s3/bucketOwnershipControls:BucketOwnershipControls")).rule).toEqual({ objectOwnership: "BucketOwnerEnforced" });
        expect(inputsOf(one(run, "aws:s3/bucket:Bucket")).acl).toBeUndefined();
    });

    it("encrypted by its own customer-managed key, not the S3-managed one", () => {
        const sse = inputsOf(one(run, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration"));
        expect(sse.rules[0].applyServerSideEncryptionByDefault.sseAlgorithm).toBe("aws:kms");
        expect(sse.rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId).toBe(outputsOf(one(run, "aws:kms/key:Key")).arn);
    });

    it("TrueFoundry's CORS rule (origin narrowed to the control plane) and the 7-day multipart abort", () => {
        expect(inputsOf(one(run, "aws:s3/bucketCorsConfiguration:BucketCorsConfiguration")).corsRules).toEqual([
            { allowedHeaders: ["*"], allowedMethods: ["GET", "POST", "PUT"], allowedOrigins: ["https://tfy.example.com"], exposeHeaders: ["ETag"], maxAgeSeconds: 3000 },
        ]);
        expect(inputsOf(one(run, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration")).rules).toEqual([abortMultipartRule()]);
    });

    it("the bucket policy is put after the public-access block", () => {
        expect(dependsOn(run, one(run, "aws:s3/bucketPolicy:BucketPolicy"), one(run, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"))).toBe(true);
    });

    it("bootstrap containers: named under the prefix, encrypted with the store key, and never a value", () => {
        const names = byType(run, "aws:secretsmanager/secret:Secret").map((r) => inputsOf(r).name).sort();
        expect(names).toEqual(["splitplane/dev/database-server-ca", "splitplane/dev/truefoundry-api-key", "splitplane/dev/truefoundry-cluster-token"]);
        for (const r of byType(run, "aws:secretsmanager/secret:Secret")) expect(inputsOf(r).kmsKeyId).toBe("arn:aws:kms:eu-west-1:111122223333:key/k");
        expect(byType(run, "aws:secretsmanager/secretVersion:SecretVersion")).toEqual([]);
    });

    it("each container comes with the exact command that fills it", () => {
        expect(toFill.map((t) => t.command)).toEqual([
            "aws secretsmanager put-secret-value --secret-id splitplane/dev/truefoundry-api-key --secret-string file://tfy-api-key.txt",
            "aws secretsmanager put-secret-value --secret-id splitplane/dev/truefoundry-cluster-token --secret-string file://tfy-cluster-token.txt",
            "curl -fsSLo rds-ca-bundle.pem https://truststore.pki.rds.amazonaws.com/eu-west-1/eu-west-1-bundle.pem && aws secretsmanager put-secret-value --secret-id splitplane/dev/database-server-ca --secret-string file://rds-ca-bundle.pem",
        ]);
    });
});

describe("bucket policies as data", () => {
    const arn = "arn:aws:s3:::b";
    it("denies plain HTTP and TLS below 1.2, and nothing by network (presigned URLs come from browsers)", () => {
        const doc = bucketTlsOnlyPolicy(arn);
        expect(doc.Statement.every((s) => s.Effect === "Deny")).toBe(true);
        expect(doc.Statement.map((s) => s.Condition)).toEqual([{ Bool: { "aws:SecureTransport": "false" } }, { NumericLessThan: { "s3:TlsVersion": "1.2" } }]);
        expect(JSON.stringify(doc)).not.toMatch(/SourceVpc|SourceIp/);
    });
    it("the control plane may use this bucket's objects and its key only through S3", () => {
        const doc = bucketAccessPolicy({ bucketArn: arn, kmsKeyArn: "arn:aws:kms:eu-west-1:1:key/k", region: "eu-west-1" });
        expect(doc.Statement.flatMap((s) => [s.Resource].flat())).toEqual([arn, `${arn}/*`, "arn:aws:kms:eu-west-1:1:key/k"]);
        expect(doc.Statement[2].Condition).toEqual({ StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com" } });
        expect(JSON.stringify(doc)).not.toContain('"s3:*"');
    });
    it("CORS never widens methods beyond TrueFoundry's", () => {
        expect(controlPlaneCorsRules("https://x.example.com")[0].allowedMethods).toEqual(["GET", "POST", "PUT"]);
    });
});

describe("fill commands", () => {
    it("a generated value is produced by openssl into a file, never typed on the command line", () => {
        expect(fillCommand("aws-secrets-manager", "p/llm-gateway-redis-password", BOOTSTRAP.redisPassword)).toBe(
            "openssl rand -hex 32 | tr -d '\\n' > redis-password.txt && aws secretsmanager put-secret-value --secret-id p/llm-gateway-redis-password --secret-string file://redis-password.txt",
        );
    });
    it("Key Vault gets the az form", () => {
        expect(fillCommand("azure-key-vault", "truefoundry-api-key", BOOTSTRAP.apiKey, "kv-dev")).toBe("az keyvault secret set --vault-name kv-dev --name truefoundry-api-key --file tfy-api-key.txt");
    });
});
