import { existsSync, readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { isCredentialName, isLiteralCredential, keyMaterialKind, nameWords } from "../../../policies/lib/credentials";
import { judgeTree } from "../../../policies/lib/literals";
import { Scan } from "../../../policies/lib/scan";

describe("credential-like names", () => {
    it("splits every naming style into words", () => {
        expect(nameWords("AWS_SECRET_ACCESS_KEY")).toEqual(["aws", "secret", "access", "key"]);
        expect(nameWords("clientSecret")).toEqual(["client", "secret"]);
        expect(nameWords("APIKey")).toEqual(["api", "key"]);
        expect(nameWords("x-api-key")).toEqual(["x", "api", "key"]);
    });

    it.each(["password", "DB_PASSWORD", "adminPassword", "clientSecret", "AZURE_CLIENT_SECRET", "apiKey", "OPENAI_API_KEY", "x-api-key", "AWS_SECRET_ACCESS_KEY", "secretKey", "accessKey", "privateKey", "token", "GITHUB_TOKEN", "authToken", "sasToken", "connectionString", "AZURE_STORAGE_ACCOUNT_KEY", "passphrase", "credentials", "apikey", "PGPASSWORD", "MYSQLPASSWD", "DB_PASS", "SMTP_PASS", "passwords", "encryptionKey", "HMAC_KEY", "jwtKey"])(
        "%s names a credential",
        (name) => expect(isCredentialName(name)).toBe(true),
    );

    it.each(["existingSecret", "secretName", "secretRef", "passwordSecretKey", "passwordSecret", "tokenPath", "apiKeyArn", "passwordLength", "tokenAudience", "maxTokens", "MAX_TOKENS", "keyId", "kmsKey", "publicKey", "key", "secretKeyRef", "createSecret", "useToken", "baseImagePullSecret", "tlsSecret", "automountServiceAccountToken", "tokens", "username", "bypass", "existingPassword", "passwordSecretName", "encryptionKeyArn"])(
        "%s does not",
        (name) => expect(isCredentialName(name)).toBe(false),
    );
});

describe("key material", () => {
    it.each([
        ["AKIA" + "IOSFODNN7EXAMPLE", "an AWS access key id"],
        ["-----BEGIN " + "EC PRIVATE KEY-----\nabc", "a private key"],
        ["ghp_" + "x".repeat(36), "a GitHub token"],
        ["sk-ant-api03-" + "y".repeat(30), "an LLM provider API key"],
        ["DefaultEndpointsProtocol=https;AccountName=a;AccountKey=" + "k".repeat(44), "an Azure storage account key"],
        ["postgres://app:hunter2@db.internal:5432/app", "a URL with an embedded password"],
    ])("recognises %s as %s", (value, label) => expect(keyMaterialKind(value)).toBe(label));

    it("ignores ordinary values and URLs without passwords", () => {
        for (const v of ["arn:aws:iam::123456789012:role/x", "https://oidc.eks.eu-west-1.amazonaws.com/id/ABC", "postgres://db.internal:5432/app", "postgres://app:${PASSWORD}@db/app", "short"]) {
            expect(keyMaterialKind(v)).toBeUndefined();
        }
    });

    it("treats placeholders and secret-store references as not literal", () => {
        for (const v of ["", "  ", "${DB_PASSWORD}", "$(TOKEN)", "{{ .Values.x }}", "<to_be_provided>", "os.environ/OPENAI_API_KEY", "tfy-secret://splitplane:llm-providers:OPENAI_API_KEY", "$GF_DB_PASSWORD", "ref+awssecrets://prod/db#/password", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:x-AbC", "@Microsoft.KeyVault(SecretUri=https://v.vault.azure.net/secrets/x)"]) {
            expect(isLiteralCredential(v)).toBe(false);
        }
        expect(isLiteralCredential("changeme")).toBe(true);
        expect(isLiteralCredential("$Passw0rd")).toBe(true);
        expect(isLiteralCredential(42)).toBe(false);
    });
});

describe("values trees", () => {
    it("flags numeric literals under credential names and lists of passwords, by path", () => {
        const scan = new Scan();
        judgeTree(scan, "values", { auth: { password: 123456, passwords: ["first-password", "${OTHER}"], passwordLength: 16 }, replicas: 3 });
        expect(scan.findings).toEqual([
            "values.auth.password holds a literal credential; reference a secret store instead",
            "values.auth.passwords[0] holds a literal credential; reference a secret store instead",
        ]);
    });
});

// Upstream charts' default values: the Helm policy must not cry wolf on the charts splitplane installs.
const charts = path.resolve(__dirname, "../../../../shared/reference/charts");
const haveCharts = existsSync(charts);
if (!haveCharts) console.warn(`skipping upstream chart values check: ${charts} is absent`);

describe.skipIf(!haveCharts)("upstream chart defaults", () => {
    it("contain no literal credentials by the Helm policy's rules", () => {
        const findings: string[] = [];
        for (const chart of readdirSync(charts)) {
            const file = path.join(charts, chart, "values.yaml");
            if (!existsSync(file)) continue;
            const scan = new Scan();
            judgeTree(scan, "values", parse(readFileSync(file, "utf8")));
            findings.push(...scan.findings.map((f) => `${chart}: ${f}`));
        }
        expect(findings).toEqual([]);
    });
});
