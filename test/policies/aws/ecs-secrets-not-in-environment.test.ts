import { beforeAll, describe, expect, it } from "vitest";
import * as p from "../../../policies/aws/ecs-secrets-not-in-environment";
import { check, Judged, UNKNOWN } from "../harness";

const T = "aws:ecs/taskDefinition:TaskDefinition";
const td = (containers: unknown) => ({ family: "app", containerDefinitions: typeof containers === "symbol" ? containers : JSON.stringify(containers) });

describe("aws-ecs-secrets-not-in-environment", () => {
    let j: Judged;
    beforeAll(async () => {
        j = await check(p, [
            { type: T, name: "env-secret", props: td([{ name: "app", image: "x", environment: [{ name: "CLIENT_SECRET", value: "abcdef123456" }, { name: "PORT", value: "8080" }] }]) },
            { type: T, name: "env-key", props: td([{ name: "app", image: "x", environment: [{ name: "BOOT", value: "AKIA" + "IOSFODNN7EXAMPLE" }] }]) },
            { type: T, name: "secrets", props: td([{ name: "app", image: "x", environment: [{ name: "PORT", value: "8080" }], secrets: [{ name: "CLIENT_SECRET", valueFrom: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:x" }] }]) },
            { type: T, name: "unknown", props: td(UNKNOWN) },
            { type: "aws:ecs/service:Service", name: "svc", props: { cluster: "c" } },
        ]);
    });
    it("flags credentials in environment, naming container and variable", () => {
        expect(j.messages("env-secret")).toEqual(['containerDefinitions[0] (app) environment CLIENT_SECRET holds a literal credential; use "secrets" with valueFrom']);
        expect(j.messages("env-key")).toEqual(["containerDefinitions[0] (app) environment BOOT contains an AWS access key id"]);
    });
    it("passes credentials passed through `secrets`", () => expect(j.outcome("secrets")).toBe("pass"));
    it("reports unknown container definitions as unknown", () => expect(j.outcome("unknown")).toBe("unknown"));
    it("is not applicable to services", () => expect(j.outcome("svc")).toBe("not-applicable"));
});
