import { describe, expect, it } from "vitest";
import { describeCredential } from "../../gateway";
import { baseline, check, docOf } from "./fixture";

/** No literal credential anywhere, and no message that repeats one. */

// Built at run time so that this file itself holds no credential-shaped literal.
const fake = {
    openai: ["sk", "proj", "Zx8vQ2mN4pL7rT1wY6uB3cD9eF0gH5jK"].join("-"),
    aws: "AKIA" + "IOSFODNN7EXAMPLE",
    slackHook: "https://hooks.slack.com/services/" + "T000/B000/XXXXXXXXXXXXXXXX",
    jwt: ["eyJhbGciOiJIUzI1NiJ9", "eyJzdWIiOiIxMjM0NTY3ODkwIn0", "dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"].join("."),
    random: "Qm9vT2xkZXJfN3hLc2lHeW5wQjRhV0JmR1pE",
};

describe("describeCredential: the shared detector (policies/lib/credentials.ts), so the gateway validator and the pack agree", () => {
    it.each([
        [fake.openai, "LLM provider API key"],
        [fake.aws, "AWS access key id"],
        [fake.slackHook, "Slack webhook URL"],
        [fake.jwt, "JSON web token"],
        ["Bearer abcdefghijklmnop", "bearer token"],
        ["postgres://app:hunter22@db:5432/x", "embedded password"],
        [fake.random, "long random token"],
    ])("flags %s as %s", (value, what) => {
        expect(describeCredential(undefined, value)).toContain(what);
    });

    it("agrees with the policy pack's detector on every value the pack flags", async () => {
        const { credentialKind } = await import("../../policies/lib/credentials");
        for (const v of [fake.openai, fake.aws, fake.slackHook, fake.jwt, "postgres://app:hunter22@db:5432/x", "Bearer abcdefghijklmnop"]) {
            expect(credentialKind(undefined, v)).toBeDefined();
            expect(describeCredential(undefined, v)).toBe(credentialKind(undefined, v));
        }
    });

    it("flags any literal in a field named like a credential", () => {
        expect(describeCredential("client_secret", "abcdefgh12")).toContain('credential field "client_secret"');
    });

    it.each([
        ["api_key", "tfy-secret://acme:llm:OPENAI_API_KEY"],
        ["TFY_API_KEY", "${k8s-secret/truefoundry-creds/TFY_API_KEY}"],
        [undefined, "anthropic-main/claude-sonnet-4-5-20250929"],
        [undefined, "https://vllm.inference.svc.cluster.local:8443/v1"],
        ["unit", "tokens_per_minute"],
        ["token_tier", "high"],
        ["imagePullSecrets", "tfy-registry-pull"],
        ["apiKeySecretName", "truefoundry-creds"],
    ])("leaves %s = %s alone", (key, value) => {
        expect(describeCredential(key, value)).toBeUndefined();
    });
});

describe("the scan over whole documents", () => {
    it("finds a key in a field the schema does not even know, and never prints it", () => {
        const docs = baseline();
        docOf(docs, "provider-account/openai").auth_data.apiKey = fake.openai;
        const r = check(docs);
        const line = r.errors.find((l) => l.endsWith("[literal-credential, governance]"));
        expect(line).toContain("auth_data.apiKey");
        for (const l of [...r.errors, ...r.warnings]) expect(l).not.toContain(fake.openai.slice(4));
        expect(JSON.stringify(r.issues)).not.toContain(fake.openai.slice(4));
    });

    it("reports a literal in a typed secret field once, as a credential, not also as a schema error", () => {
        const docs = baseline();
        docOf(docs, "provider-account/openai").auth_data.api_key = fake.openai;
        const codes = check(docs).issues.map((i) => i.code);
        expect(codes).toEqual(["literal-credential"]);
    });

    it("catches a Slack webhook pasted into a guardrail's provider settings", () => {
        const docs = baseline();
        docOf(docs, "provider-account/guardrail-config-group").integrations[0].config = { notify: fake.slackHook };
        // The key is also unknown to the schema; the value is never printed by either finding.
        const r = check(docs);
        expect(r.errors).toEqual(expect.arrayContaining([expect.stringContaining("integrations[0].config.notify: looks like a Slack webhook URL")]));
        expect(r.issues.map((i) => i.code).sort()).toEqual(["literal-credential", "unknown-key"]);
        expect(JSON.stringify(r.issues)).not.toContain(fake.slackHook.slice(8));
    });
});
