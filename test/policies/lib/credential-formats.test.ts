import { describe, expect, it } from "vitest";
import { CREDENTIAL_SAMPLES, hex, rand } from "./credential-samples";
import { credentialKind, credentialValueKind, isHighEntropy, isSecretSoundingName, keyMaterialKind } from "../../../policies/lib/credentials";

describe("credentials by value", () => {
    it.each(CREDENTIAL_SAMPLES)("%s is %s", (value, label) => expect(credentialValueKind(value)).toBe(label));

    it("finds key material inside free text, but the 40-character secret key shape only as a whole value", () => {
        expect(keyMaterialKind(`owner team-a, key AKIA${"Q3EGRSTUVWXYZ234"} for ci`)).toBe("an AWS access key id");
        expect(keyMaterialKind(`the value ${rand(20)}/${rand(19)} here`)).toBeUndefined();
    });

    it("leaves ordinary values alone", () => {
        for (const v of [
            "arn:aws:iam::123456789012:role/deployer", "AIDA" + "Q3EGRSTUVWXYZ234", "AROA" + "Q3EGRSTUVWXYZ234",
            "https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE", "sha256:" + hex(64), hex(40),
            "postgres://db.internal:5432/app", "postgres://app:${DB_PASSWORD}@db/app", "Server=db;Password=${DB_PASSWORD}", "Password=;",
            "platform-team", "1234", "eu-west-1", "karpenter.k8s.aws/instance-family", "10.40.0.0/16", "ghcr.io/org/image:1.2.3",
        ]) {
            expect(credentialValueKind(v), v).toBeUndefined();
        }
    });
});

describe("the verdict on a named value", () => {
    it("refuses any literal under a credential name, in every naming style", () => {
        for (const name of ["api-key", "secret_key", "AWS_SECRET_ACCESS_KEY", "credentials", "dbPassword", "clientSecret"]) {
            expect(credentialKind(name, "hunter2"), name).toBe("a literal value under a credential name");
        }
        expect(credentialKind("password", 123456)).toBe("a literal value under a credential name");
    });

    it("refuses a random-looking value under a secret-sounding name, not a setting", () => {
        for (const name of ["auth", "hmac_salt", "sessionCookie", "creds", "WEBHOOK_KEY", "licenseKey"]) {
            expect(credentialKind(name, rand(32)), name).toBe("a random-looking value under a secret-sounding name");
            expect(credentialKind(name, "iam"), name).toBeUndefined();
        }
        for (const name of ["key", "publicKey", "kmsKeyId", "keyPairName", "costCenter", "owner"]) expect(credentialKind(name, rand(32)), name).toBeUndefined();
    });

    it("judges the value under any name and never counts references as credentials", () => {
        expect(credentialKind("costCenter", "AKIA" + "Q3EGRSTUVWXYZ234")).toBe("an AWS access key id");
        for (const v of ["${DB_PASSWORD}", "tfy-secret://splitplane:llm:OPENAI_API_KEY", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbC", ""]) {
            expect(credentialKind("password", v), v).toBeUndefined();
        }
    });

    it("knows names and randomness apart from their neighbours", () => {
        expect(isSecretSoundingName("x-auth-token")).toBe(true);
        expect(isSecretSoundingName("authEnabled")).toBe(false);
        expect(isHighEntropy(rand(24))).toBe(true);
        expect(isHighEntropy("correcthorsebatterystaple")).toBe(false);
        expect(isHighEntropy("v1.2.3-20240101")).toBe(false);
        // A secret's name is a path of words, even with digits in it; a token split at `/` is not.
        expect(isHighEntropy("splitplane/aws-phase1/team-x/token")).toBe(false);
        expect(credentialKind("secrets", "splitplane/aws-phase3-prod/team-a/openai-key")).toBeUndefined();
        expect(isHighEntropy("wJalrXUtnFEMI/K7MDENG/bPxRfiCYzQ8hE2vT5m")).toBe(true);
        expect(isHighEntropy(`${rand(12)}/${rand(12)}`)).toBe(true);
    });
});
