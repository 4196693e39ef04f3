import { beforeAll, describe, expect, it } from "vitest";
import * as p from "../../../policies/aws/lambda-no-literal-secrets";
import { check, Judged, UNKNOWN } from "../harness";

const F = "aws:lambda/function:Function";
const fn = (variables: Record<string, unknown>) => ({ role: "arn:aws:iam::123456789012:role/f", runtime: "nodejs20.x", handler: "index.handler", environment: { variables } });
const KEY = "sk-proj-" + "A".repeat(40);

describe("aws-lambda-no-literal-secrets", () => {
    let j: Judged;
    beforeAll(async () => {
        j = await check(p, [
            { type: F, name: "named", props: fn({ DB_PASSWORD: "hunter2hunter2", TABLE: "t" }) },
            { type: F, name: "shaped", props: fn({ UPSTREAM: KEY }) },
            { type: F, name: "clean", props: fn({ DB_SECRET_ARN: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf", MAX_TOKENS: "4096", LOG_LEVEL: "info" }) },
            { type: F, name: "unknown-secret", props: fn({ API_KEY: UNKNOWN }) },
            { type: F, name: "unknown-other", props: fn({ TABLE_NAME: UNKNOWN }) },
            { type: "aws:lambda/permission:Permission", name: "perm", props: { action: "lambda:InvokeFunction" } },
        ]);
    });
    it("flags credential-named variables with literal values, naming the variable and not the value", () => {
        expect(j.messages("named")).toEqual(["environment.variables.DB_PASSWORD holds a literal credential; reference a secret store instead"]);
    });
    it("flags values that look like key material under any name", () => {
        expect(j.messages("shaped")).toEqual(["environment.variables.UPSTREAM contains an LLM provider API key"]);
        expect(j.messages("shaped")[0]).not.toContain(KEY);
    });
    it("passes secret ARNs and non-credential settings (MAX_TOKENS is not a token)", () => expect(j.outcome("clean")).toBe("pass"));
    it("reports an unknown credential-named value as unknown, but does not let unknown ordinary values block judgement", () => {
        expect(j.outcome("unknown-secret")).toBe("unknown");
        expect(j.outcome("unknown-other")).toBe("pass");
    });
    it("is not applicable to other Lambda resources", () => expect(j.outcome("perm")).toBe("not-applicable"));
});
