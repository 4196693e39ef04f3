import { describe, expect, it } from "vitest";
import {
    irsaTrustPolicy,
    issuerHostPath,
    kmsKeyPolicy,
    podIdentityTrustPolicy,
    rdsConnectPolicy,
    secretGrantPolicy,
    secretNameProblem,
    secretReadPolicy,
} from "../../components/aws/iam";
import { enforcedTags, mergeTags } from "../../components/aws/tags";

const ISSUER = "https://oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF";
const PROVIDER = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF";

describe("IAM documents", () => {
    it("IRSA trust: one federated principal, StringEquals on the exact sub and aud, nothing else", () => {
        const doc = irsaTrustPolicy(PROVIDER, ISSUER, "kube-system", "aws-load-balancer-controller");
        expect(doc.Statement).toEqual([
            {
                Effect: "Allow",
                Principal: { Federated: PROVIDER },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: {
                    StringEquals: {
                        "oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF:sub": "system:serviceaccount:kube-system:aws-load-balancer-controller",
                        "oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF:aud": "sts.amazonaws.com",
                    },
                },
            },
        ]);
        expect(JSON.stringify(doc)).not.toMatch(/StringLike|\*/);
    });

    it("strips the scheme and a trailing slash from the issuer for condition keys", () => {
        expect(issuerHostPath(`${ISSUER}/`)).toBe("oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF");
    });

    it("Pod Identity trust: AWS's documented base, bound to this account, cluster, namespace and service account by the session tags", () => {
        const cluster = "arn:aws:eks:eu-west-1:123456789012:cluster/splitplane-dev";
        const doc = podIdentityTrustPolicy({ accountId: "123456789012", clusterArn: cluster, namespace: "kube-system", serviceAccount: "karpenter" });
        expect(doc.Statement).toHaveLength(1);
        expect(doc.Statement[0].Principal).toEqual({ Service: "pods.eks.amazonaws.com" });
        expect(doc.Statement[0].Action).toEqual(["sts:AssumeRole", "sts:TagSession"]);
        // The request tags Pod Identity sets on AssumeRole; aws:SourceArn carries no cluster ARN, so it must not be a condition.
        expect(doc.Statement[0].Condition).toEqual({
            StringEquals: {
                "aws:SourceAccount": "123456789012",
                "aws:RequestTag/eks-cluster-arn": cluster,
                "aws:RequestTag/kubernetes-namespace": "kube-system",
                "aws:RequestTag/kubernetes-service-account": "karpenter",
            },
        });
        expect(JSON.stringify(doc)).not.toMatch(/SourceArn|PrincipalTag|StringLike|\*/);
    });

    it("secret read covers only the environment's prefix and extra ARNs, and decrypts only through Secrets Manager", () => {
        const doc = secretReadPolicy({
            partition: "aws",
            region: "eu-west-1",
            accountId: "123456789012",
            namePrefix: "splitplane/dev/",
            kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/k",
            extraSecretArns: ["arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-1-abcdef"],
        });
        expect(doc.Statement[0].Resource).toEqual([
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:splitplane/dev/*",
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-1-abcdef",
        ]);
        expect(doc.Statement[0].Action).not.toContain("secretsmanager:PutSecretValue");
        expect(doc.Statement[1]).toMatchObject({ Action: "kms:Decrypt", Condition: { StringEquals: { "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com" } } });
    });

    describe("per-consumer secret grants", () => {
        const base = { partition: "aws", region: "eu-west-1", accountId: "123456789012", namePrefix: "splitplane/dev/", kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/k" };
        const master = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-1-abcdef";

        it("name exactly each granted secret (six-character suffix, no prefix wildcard) plus the ids given, read-only", () => {
            const doc = secretGrantPolicy({ ...base, names: ["truefoundry/api-key", "agent/cluster-token"], arns: [master] });
            expect(doc.Statement[0].Resource).toEqual([
                "arn:aws:secretsmanager:eu-west-1:123456789012:secret:splitplane/dev/truefoundry/api-key-??????",
                "arn:aws:secretsmanager:eu-west-1:123456789012:secret:splitplane/dev/agent/cluster-token-??????",
                master,
            ]);
            expect(JSON.stringify(doc.Statement[0].Resource)).not.toContain("*");
            expect(doc.Statement[0].Action).toEqual(["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret", "secretsmanager:ListSecretVersionIds", "secretsmanager:GetResourcePolicy"]);
            expect(doc.Statement[1]).toEqual({
                Sid: "DecryptThroughSecretsManager",
                Effect: "Allow",
                Action: "kms:Decrypt",
                Resource: base.kmsKeyArn,
                Condition: { StringEquals: { "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com" } },
            });
        });

        it("`a-??????` matches the secret `a` and not `a-b` or `a/b` (IAM's ? is exactly one character)", () => {
            const pattern = secretGrantPolicy({ ...base, names: ["a"] }).Statement[0].Resource as string[];
            const asRegex = new RegExp(`^${pattern[0].replace(/[.*+^${}()|[\]\\/]/g, "\\$&").replace(/\?/g, ".")}$`);
            const arn = (name: string) => `arn:aws:secretsmanager:eu-west-1:123456789012:secret:splitplane/dev/${name}-Ab12Cd`;
            expect([arn("a"), arn("a-b"), arn("a/b"), arn("ab")].map((x) => asRegex.test(x))).toEqual([true, false, false, false]);
        });

        it.each([
            ["*", "wildcard"],
            ["team/*", "wildcard"],
            ["/abs", "leading /"],
            ["a//b", "doubled /"],
            ["folder/", "folder"],
            ["api-key-Ab12Cd", "six characters"],
        ])("refuses %s (%s), naming it", (name, why) => {
            expect(secretNameProblem(name)).toMatch(new RegExp(why.split(" ")[0]));
            expect(() => secretGrantPolicy({ ...base, names: [name] })).toThrow(JSON.stringify(name));
        });

        it("refuses an empty grant (an identity that reads nothing has no reason to exist)", () => {
            expect(() => secretGrantPolicy({ ...base, names: [] })).toThrow("at least one secret");
        });
    });

    it("rds-db:connect names one instance resource id and one user", () => {
        const doc = rdsConnectPolicy({ partition: "aws", region: "eu-west-1", accountId: "123456789012", dbiResourceId: "db-ABC", dbUser: "gateway" });
        expect(doc.Statement[0].Resource).toBe("arn:aws:rds-db:eu-west-1:123456789012:dbuser:db-ABC/gateway");
    });

    it("KMS key policy admits CloudWatch Logs only when asked, and only for this account's log groups", () => {
        const args = { partition: "aws", region: "eu-west-1", accountId: "123456789012" };
        expect(kmsKeyPolicy(args).Statement).toHaveLength(1);
        const logs = kmsKeyPolicy({ ...args, allowCloudWatchLogs: true }).Statement[1];
        expect(logs.Principal).toEqual({ Service: "logs.eu-west-1.amazonaws.com" });
        expect(logs.Condition).toEqual({ ArnLike: { "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:eu-west-1:123456789012:log-group:*" } });
    });
});

describe("tags", () => {
    it("merge shared, then caller's, then enforced: a caller cannot override an enforced key", () => {
        const enforced = enforcedTags({ stack: "aws-dev", phase: 1, costCenter: "platform" });
        const tags = mergeTags({ team: "shared", "splitplane:managed-by": "pulumi" }, { team: "ml", "splitplane:stack": "spoofed" }, enforced);
        expect(tags).toEqual({ team: "ml", "splitplane:managed-by": "pulumi", "splitplane:stack": "aws-dev", "splitplane:phase": "1", "splitplane:cost-center": "platform" });
    });
});
