import { describe, expect, it } from "vitest";
import * as YAML from "yaml";
import {
    PROVIDER_SECRET_READ_ACTIONS,
    assumeProviderCredentialsPolicy,
    providerCredentialsReadPolicy,
    providerCredentialsRoleArn,
    providerCredentialsTrustPolicy,
} from "../../components/aws/provider-credentials";
import { loosenedDefaults } from "../../config/loosening";
import { parseStackConfig } from "../../config/parse";
import { TRUEFOUNDRY_HOSTED_PRINCIPAL, defaultAccountName, providerCredentialsProblems, resolveProviderCredentials } from "../../config/provider-credentials";
import type { AwsStackConfig } from "../../config/schema";
import { awsAssumedRoleAuth, awsProviderAccount, awsSecretsManagerAccount, compileSecretsManagerAccount } from "../../gateway";
import { stackBootstrapSteps } from "../../stacks/bootstrap";
import { configProblems } from "../config-problems";

/**
 * Provider credentials synced from the store, as pure functions: the trust, the read scope, the
 * manifest and its role ARN, the config rules and defaults by phase. The program's wiring of the
 * same pieces is asserted on the aws-phase1 and aws-phase2 plans (test/platform/aws-split-plane.test.ts).
 */
const FILE = "stacks/Pulumi.t.yaml";
const flat = (cloud: "aws" | "azure", extra: Record<string, unknown>) =>
    Object.fromEntries(Object.entries({ cloud, environment: "dev", ...extra }).map(([k, v]) => [`splitplane:${k}`, typeof v === "string" ? v : JSON.stringify(v)]));
const aws = (extra: Record<string, unknown>) => parseStackConfig(flat("aws", extra), FILE) as AwsStackConfig;
const SELF = { url: "https://tfy.example.com", tenantName: "acme" };
const HOSTED = { mode: "hosted", url: "https://acme.truefoundry.cloud", tenantName: "acme" };
const ACCOUNT = "111122223333";
const ROLE = providerCredentialsRoleArn("aws", ACCOUNT, "splitplane-aws-dev-llm-providers");
const KEY = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d`;

describe("the trust: exactly one role may assume it", () => {
    it("names the principal role and nothing else: sts:AssumeRole, no wildcard, no condition the integration cannot meet", () => {
        const cp = `arn:aws:iam::${ACCOUNT}:role/control-plane-identity-role-abc1234`;
        expect(providerCredentialsTrustPolicy(cp)).toEqual({
            Version: "2012-10-17",
            Statement: [{ Sid: "ControlPlaneAssumes", Effect: "Allow", Principal: { AWS: cp }, Action: "sts:AssumeRole" }],
        });
        // TrueFoundry's integration sends no external id: a condition on it would deny every AssumeRole.
        expect(JSON.stringify(providerCredentialsTrustPolicy(TRUEFOUNDRY_HOSTED_PRINCIPAL))).not.toMatch(/ExternalId|"\*"/);
    });

    it("the control plane's own grant assumes that one role", () => {
        expect(assumeProviderCredentialsPolicy(ROLE).Statement).toEqual([{ Sid: "AssumeProviderCredentials", Effect: "Allow", Action: "sts:AssumeRole", Resource: ROLE }]);
    });
});

describe("the read scope: the llm-providers folder under the stack's prefix, decrypt through Secrets Manager only", () => {
    const doc = providerCredentialsReadPolicy({ partition: "aws", region: "eu-west-1", accountId: ACCOUNT, secretPrefix: "splitplane/aws-dev/llm-providers/", kmsKeyArn: KEY });

    it("reads (never lists, writes or deletes) secrets whose names start with the folder and its '/'", () => {
        expect(doc.Statement[0]).toEqual({
            Sid: "ReadProviderCredentials",
            Effect: "Allow",
            Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret", "secretsmanager:ListSecretVersionIds"],
            Resource: `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:splitplane/aws-dev/llm-providers/*`,
        });
        expect(PROVIDER_SECRET_READ_ACTIONS.some((a) => /Put|Create|Delete|Update|List(Secrets)?$|\*/.test(a))).toBe(false);
    });

    it("decrypts with the store's key only when Secrets Manager of this region asks; no GenerateDataKey (it never writes)", () => {
        expect(doc.Statement[1]).toEqual({
            Sid: "DecryptThroughSecretsManager",
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: KEY,
            Condition: { StringEquals: { "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com" } },
        });
        expect(JSON.stringify(doc)).not.toContain("GenerateDataKey");
    });

    it.each(["splitplane/aws-dev/llm-providers", "splitplane/aws-dev/llm*/", "/splitplane/aws-dev/"])("refuses the prefix %s (a grant must be a folder of plain names)", (secretPrefix) => {
        expect(() => providerCredentialsReadPolicy({ partition: "aws", region: "eu-west-1", accountId: ACCOUNT, secretPrefix, kmsKeyArn: KEY })).toThrow(/provider credentials prefix/);
    });
});

describe("the manifest: provider-account/aws with its secrets-manager integration", () => {
    const args = { accountName: "aws-dev-secrets", integrationName: "llm-providers", accountId: ACCOUNT, region: "eu-west-1", roleArn: ROLE };

    it("authenticates by the role (known before it exists, from the same name and path) and holds to TrueFoundry's model", () => {
        expect(ROLE).toBe(`arn:aws:iam::${ACCOUNT}:role/splitplane/splitplane-aws-dev-llm-providers`);
        expect(awsAssumedRoleAuth.safeParse({ type: "assumed-role-based", assumed_role_arn: ROLE }).success).toBe(true);
        const doc = awsSecretsManagerAccount(args);
        expect(doc.auth_data).toEqual({ type: "assumed-role-based", assumed_role_arn: ROLE });
        expect(doc.integrations).toEqual([{ type: "integration/secret-store/aws/secrets-manager", name: "llm-providers", region: "eu-west-1", auth_data: { type: "assumed-role-based", assumed_role_arn: ROLE } }]);
        expect(awsProviderAccount.safeParse(doc).success).toBe(true);
    });

    it("compiles to the file tfy apply takes, first in apply order, with no static credential", () => {
        const m = compileSecretsManagerAccount(args, "stacks/Pulumi.t.yaml (splitplane:providerCredentials)");
        expect(m.file).toBe("00-provider-account-aws-aws-dev-secrets.yaml");
        expect(YAML.parse(m.content)).toEqual(awsSecretsManagerAccount(args));
        expect(m.content).not.toMatch(/access_key_id|secret_access_key|client_secret|api_key/);
    });

    it("the derived model refuses an access key and a bad role ARN, and the builder says which field", () => {
        const withKey = { ...awsSecretsManagerAccount(args), auth_data: { type: "access-key-based", access_key_id: "AKIAEXAMPLE", secret_access_key: "x" } };
        expect(awsProviderAccount.safeParse(withKey).success).toBe(false);
        expect(() => awsSecretsManagerAccount({ ...args, roleArn: "arn:aws:iam::1:user/x" })).toThrow(/auth_data.assumed_role_arn must be an IAM role ARN/);
    });
});

describe("config: built from phase 1 where the stack hosts or connects to the control plane", () => {
    const at = (cfg: AwsStackConfig) => resolveProviderCredentials(cfg, { stack: "aws-dev", secretNamePrefix: "splitplane/aws-dev/" });

    it("not present below phase 1, nor without a control plane, nor with a control plane shared by reference", () => {
        expect(at(aws({ phase: "0", controlPlane: SELF }))).toBeUndefined();
        expect(at(aws({ phase: "1" }))).toBeUndefined();
        expect(at(aws({ phase: "3", controlPlane: { stackReference: "organization/splitplane/aws-prod" } }))).toBeUndefined();
        expect(at(aws({ phase: "1", controlPlane: SELF, providerCredentials: { enabled: false } }))).toBeUndefined();
    });

    it("phase 1, self-hosted: the control plane's own identity is trusted, the keys live under <prefix>llm-providers/", () => {
        expect(at(aws({ phase: "1", controlPlane: SELF }))).toEqual({ secretPrefix: "splitplane/aws-dev/llm-providers/", accountName: "aws-dev-secrets", integrationName: "llm-providers", authorizedSubjects: [], trust: { kind: "control-plane-identity" } });
        expect(loosenedDefaults(aws({ phase: "1", controlPlane: SELF }))).toEqual([]);
    });

    it("hosted: off until the principal is named (trusting it is a reported loosening, never a default)", () => {
        expect(at(aws({ phase: "1", controlPlane: HOSTED }))).toBeUndefined();
        expect(providerCredentialsProblems(aws({ phase: "1", controlPlane: HOSTED }), FILE)).toEqual([]);
        expect(loosenedDefaults(aws({ phase: "1", controlPlane: HOSTED }))).toEqual([]);
        expect(providerCredentialsProblems(aws({ phase: "1", controlPlane: HOSTED, providerCredentials: { enabled: true } }), FILE)).toEqual([
            `${FILE}: splitplane:providerCredentials.hostedPrincipal is required with splitplane:providerCredentials.enabled and the hosted control plane at https://acme.truefoundry.cloud: name the role it assumes roles as (TrueFoundry's hosted control plane: ${TRUEFOUNDRY_HOSTED_PRINCIPAL}), or leave enabled unset and store provider keys in the control plane by hand (got none)`,
        ]);
        const cfg = aws({ phase: "1", controlPlane: HOSTED, providerCredentials: { hostedPrincipal: TRUEFOUNDRY_HOSTED_PRINCIPAL } });
        expect(providerCredentialsProblems(cfg, FILE)).toEqual([]);
        expect(at(cfg)?.trust).toEqual({ kind: "hosted", principal: TRUEFOUNDRY_HOSTED_PRINCIPAL });
        expect(loosenedDefaults(cfg)).toEqual([expect.stringMatching(/^splitplane:providerCredentials\.hostedPrincipal: arn:aws:iam::416964291864:role\/tfy-ctl-euwe1-production-truefoundry-deps, .* no external id/)]);
        // Below phase 1 nothing is built, whatever is named.
        expect(at(aws({ phase: "0", controlPlane: HOSTED, providerCredentials: { hostedPrincipal: TRUEFOUNDRY_HOSTED_PRINCIPAL } }))).toBeUndefined();
    });

    it("refuses combinations that cannot work, naming both keys", () => {
        expect(providerCredentialsProblems(aws({ phase: "0", controlPlane: SELF, providerCredentials: { enabled: true } }), FILE)).toEqual([
            `${FILE}: splitplane:providerCredentials.enabled must not be true below phase 1 (provider credentials are a phase-1 part; splitplane:phase is 0)`,
        ]);
        expect(providerCredentialsProblems(aws({ phase: "3", controlPlane: { stackReference: "organization/splitplane/aws-prod" }, providerCredentials: { enabled: true } }), FILE)).toEqual([
            `${FILE}: splitplane:providerCredentials.enabled must not be true with splitplane:controlPlane.stackReference: the stack that hosts the shared control plane (organization/splitplane/aws-prod) holds its integration (got true)`,
        ]);
        expect(providerCredentialsProblems(aws({ phase: "1", controlPlane: SELF, providerCredentials: { hostedPrincipal: TRUEFOUNDRY_HOSTED_PRINCIPAL } }), FILE)).toEqual([
            `${FILE}: splitplane:providerCredentials.hostedPrincipal must not be set with splitplane:controlPlane.mode "self-hosted": the role trusts the control plane's own service account role (got "${TRUEFOUNDRY_HOSTED_PRINCIPAL}")`,
        ]);
    });

    it("bad input is a config error naming the file, the key, what is expected and what was given", () => {
        expect(configProblems(flat("aws", { providerCredentials: { path: "/llm-providers/" } }), FILE)).toEqual([
            `${FILE}: splitplane:providerCredentials.path must be a folder name such as llm-providers (letters, digits, _+=.@-, '/' between parts, no leading or trailing '/') (got "/llm-providers/")`,
        ]);
        expect(configProblems(flat("aws", { providerCredentials: { hostedPrincipal: "arn:aws:iam::416964291864:user/someone" } }), FILE)).toEqual([
            `${FILE}: splitplane:providerCredentials.hostedPrincipal must be an IAM role ARN such as arn:aws:iam::123456789012:role/name (got "arn:aws:iam::416964291864:user/someone")`,
        ]);
    });

    it("is an AWS key: an Azure stack naming it is told so (the Key Vault integration needs a client secret)", () => {
        expect(configProblems(flat("azure", { providerCredentials: { enabled: true } }), FILE)[0]).toMatch(new RegExp(`^${FILE}: splitplane:providerCredentials does not apply to azure stacks \\(it is a key of aws stacks\\)`));
    });

    it("the default account name fits TrueFoundry's name rule", () => {
        expect(defaultAccountName("aws-phase3-staging")).toBe("aws-phase3-staging-secrets");
        expect(defaultAccountName("1-Very_Long.Stack-Name-That-Goes-On-And-On")).toMatch(/^[a-z][a-z0-9-]{1,34}[a-z0-9]$/);
    });
});

describe("bootstrap: what a human still does", () => {
    const pc = { secretPrefix: "splitplane/aws-dev/llm-providers/", integrationFqn: "acme:aws:aws-dev-secrets:secret-store:llm-providers", manifestFile: "00-provider-account-aws-aws-dev-secrets.yaml" };

    it("self-hosted: put each key in the folder (the manifest is in the ConfigMap); no secret groups by hand", () => {
        const steps = stackBootstrapSteps(aws({ phase: "1", controlPlane: SELF, gateway: { config: "gateway/examples/phase1" } }), { stack: "aws-dev", gatewayDelivered: "configmap", providerCredentials: { ...pc, delivered: "configmap" } });
        expect(steps.filter((s) => s.startsWith("put each LLM provider key"))).toEqual([expect.stringContaining("--name splitplane/aws-dev/llm-providers/<KEY> --kms-key-id <stack output secretStoreKmsKeyArn>")]);
        expect(steps.some((s) => s.includes("integration acme:aws:aws-dev-secrets:secret-store:llm-providers"))).toBe(true);
        expect(steps.some((s) => s.startsWith("create the secret groups"))).toBe(false);
        expect(steps.some((s) => s.includes("ConfigMap in stack output gatewayConfigMap"))).toBe(true);
    });

    it("hosted: CI applies the provider account from the stack output before the gateway config", () => {
        const steps = stackBootstrapSteps(aws({ phase: "1", controlPlane: HOSTED, providerCredentials: { hostedPrincipal: TRUEFOUNDRY_HOSTED_PRINCIPAL }, gateway: { config: "gateway/examples/phase1" } }), {
            stack: "aws-dev",
            gatewayDelivered: "ci",
            providerCredentials: { ...pc, delivered: "ci" },
        });
        const apply = steps.findIndex((s) => s.includes(`tfy apply -f ${pc.manifestFile}`));
        expect(apply).toBeGreaterThan(-1);
        expect(steps[apply]).toContain("pulumi stack output controlPlaneManifests");
        expect(apply).toBeLessThan(steps.findIndex((s) => s.startsWith("apply the gateway config from CI")));
    });

    it("without provider credentials the keys are still stored in the control plane by hand", () => {
        const steps = stackBootstrapSteps(aws({ phase: "1", controlPlane: SELF, gateway: { config: "gateway/examples/phase1" } }), { stack: "aws-dev", gatewayDelivered: "configmap" });
        expect(steps.some((s) => s.startsWith("create the secret groups"))).toBe(true);
        expect(steps.some((s) => s.startsWith("put each LLM provider key"))).toBe(false);
    });
});
