import { beforeAll, describe, expect, it } from "vitest";
import * as p from "../../../policies/k8s/pod-no-literal-credential-env";
import { check, Judged, UNKNOWN } from "../harness";

const withEnv = (env: unknown[]) => ({ spec: { template: { spec: { containers: [{ name: "app", image: "x", env }] } } } });

describe("k8s-pod-no-literal-credential-env", () => {
    let j: Judged;
    beforeAll(async () => {
        j = await check(p, [
            { type: "kubernetes:apps/v1:Deployment", name: "literal", props: withEnv([{ name: "DATABASE_PASSWORD", value: "hunter2hunter2" }, { name: "PORT", value: "8080" }]) },
            { type: "kubernetes:batch/v1:CronJobPatch", name: "cron", props: { spec: { jobTemplate: { spec: { template: { spec: { initContainers: [{ name: "init", env: [{ name: "HF_TOKEN", value: "hf_" + "a".repeat(34) }] }] } } } } } } },
            { type: "kubernetes:apps/v1:StatefulSet", name: "shaped", props: withEnv([{ name: "UPSTREAM", value: "xoxb-" + "1".repeat(20) }]) },
            { type: "kubernetes:apps/v1:Deployment", name: "value-from", props: withEnv([{ name: "DATABASE_PASSWORD", valueFrom: { secretKeyRef: { name: "db", key: "password" } } }, { name: "MAX_TOKENS", value: "4096" }]) },
            { type: "kubernetes:apps/v1:Deployment", name: "unknown", props: withEnv([{ name: "API_KEY", value: UNKNOWN }]) },
            { type: "kubernetes:apps/v1:Deployment", name: "unknown-name", props: withEnv([{ name: UNKNOWN, value: "AKIA" + "IOSFODNN7EXAMPLE" }, { name: UNKNOWN, value: "hunter2hunter2" }]) },
            { type: "kubernetes:apps/v1:Deployment", name: "unknown-name-value-from", props: withEnv([{ name: UNKNOWN, valueFrom: { secretKeyRef: { name: "db", key: "password" } } }]) },
            { type: "kubernetes:core/v1:Secret", name: "secret", props: {} },
        ]);
    });
    it("flags literal values under credential-like names in any workload kind and container list", () => {
        expect(j.messages("literal")).toEqual(["spec.template.spec.containers[0] (app).env[0] DATABASE_PASSWORD holds a literal credential; reference a secret store instead"]);
        expect(j.outcome("cron")).toBe("violation");
    });
    it("flags key material under any name", () => expect(j.messages("shaped")).toEqual(["spec.template.spec.containers[0] (app).env[0] UPSTREAM contains a Slack token"]));
    it("passes valueFrom and non-credential settings", () => expect(j.outcome("value-from")).toBe("pass"));
    it("reports an unknown credential value as unknown", () => expect(j.outcome("unknown")).toBe("unknown"));
    it("never passes a literal value whose name is unknown: key material is flagged, then the name is reported unknown", () => {
        expect(j.of("unknown-name").map((r) => [r.outcome, r.message])).toEqual([
            ["violation", "spec.template.spec.containers[0] (app).env[0] contains an AWS access key id"],
            ["unknown", "string value at .spec.template.spec.containers.0.env.0.name can't be known during preview"],
        ]);
        expect(j.outcome("unknown-name-value-from")).toBe("pass");
    });
    it("is not applicable to Secrets", () => expect(j.outcome("secret")).toBe("not-applicable"));
});
