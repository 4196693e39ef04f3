import { beforeAll, describe, expect, it } from "vitest";
import * as p from "../../../policies/k8s/helm-values-no-literal-credentials";
import { check, Judged, UNKNOWN } from "../harness";

const R = "kubernetes:helm.sh/v3:Release";
const SECRET = "p4ssw0rd-in-values";

describe("k8s-helm-values-no-literal-credentials", () => {
    let j: Judged;
    beforeAll(async () => {
        j = await check(p, [
            { type: R, name: "nested", props: { chart: "x", values: { postgresql: { auth: { username: "app", password: SECRET } }, replicas: 2 } } },
            { type: "kubernetes:helm.sh/v4:Chart", name: "chart-v4", props: { chart: "x", values: { gateway: { providers: [{ name: "openai", apiKey: "literal-key-value" }] } } } },
            { type: R, name: "env-list", props: { chart: "x", values: { extraEnv: [{ name: "GITHUB_TOKEN", value: "ghp_" + "b".repeat(36) }] } } },
            { type: R, name: "refs", props: { chart: "x", values: { auth: { existingSecret: "db-credentials", passwordSecretKey: "password", secretName: "tls", password: "" }, llm: { maxTokens: 4096 }, serviceAccount: { annotations: { "eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/x" } } } } },
            { type: R, name: "unknown", props: { chart: "x", values: { auth: { password: UNKNOWN } } } },
            { type: R, name: "unknown-other", props: { chart: "x", values: { clusterName: UNKNOWN, serviceAccount: { annotations: { "eks.amazonaws.com/role-arn": UNKNOWN } } } } },
            { type: R, name: "env-unknown-name", props: { chart: "x", values: { extraEnv: [{ name: UNKNOWN, value: "hunter2hunter2" }, { name: UNKNOWN, valueFrom: { secretKeyRef: { name: "a", key: "b" } } }] } } },
            { type: "kubernetes:core/v1:Namespace", name: "ns", props: {} },
        ]);
    });
    it("flags credential-like keys with literal strings at any depth, by path and never by value", () => {
        expect(j.messages("nested")).toEqual(["values.postgresql.auth.password holds a literal credential; reference a secret store instead"]);
        expect(j.messages("chart-v4")).toEqual(["values.gateway.providers[0].apiKey holds a literal credential; reference a secret store instead"]);
        expect(j.results.map((r) => r.message ?? "").join()).not.toContain(SECRET);
    });
    it("names {name, value} env pairs by their name", () => expect(j.messages("env-list")).toEqual(["values.extraEnv[0].value holds a literal credential; reference a secret store instead"]));
    it("reports an env pair with an unknown name and a literal value as unknown, never a pass", () => {
        expect(j.of("env-unknown-name").map((r) => [r.outcome, r.message])).toEqual([["unknown", "string value at .values.extraEnv.0.name can't be known during preview"]]);
    });
    it("passes references to secrets, empty placeholders and LLM token limits", () => expect(j.outcome("refs")).toBe("pass"));
    it("reports an unknown credential as unknown, but not unknown ordinary values (role ARNs, names)", () => {
        expect(j.outcome("unknown")).toBe("unknown");
        expect(j.outcome("unknown-other")).toBe("pass");
    });
    it("is not applicable to other kinds", () => expect(j.outcome("ns")).toBe("not-applicable"));
});
