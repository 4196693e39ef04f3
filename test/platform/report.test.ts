import { describe, expect, it } from "vitest";
import { planWith } from "../plan-fixture";
import { markdownReport, secretsToFill, textReport } from "../../engine/report";

const fill = { secret: "splitplane/aws-dev/truefoundry-api-key", purpose: "TFY_API_KEY: the tenant's API key", command: "aws secretsmanager put-secret-value --secret-id splitplane/aws-dev/truefoundry-api-key --secret-string file://tfy-api-key.txt" };

describe("plan report: secrets to fill", () => {
    it("lists each container with the exact command, in the text and the markdown report", () => {
        const plan = planWith({ bootstrapSecrets: [fill] });
        expect(secretsToFill(plan)).toEqual([fill]);
        const text = textReport(plan);
        expect(text).toContain("Secrets to fill after the first pulumi up");
        expect(text).toContain(`  ${fill.secret}: ${fill.purpose}\n      ${fill.command}`);
        expect(markdownReport(plan)).toContain(`| \`${fill.secret}\` | ${fill.purpose} | \`${fill.command}\` |`);
    });
    it("says nothing when the stack makes no bootstrap secret, and ignores a malformed output", () => {
        expect(textReport(planWith({}))).not.toContain("Secrets to fill");
        expect(secretsToFill(planWith({ bootstrapSecrets: "[unknown]" }))).toEqual([]);
        expect(secretsToFill(planWith({ bootstrapSecrets: [{ secret: "x" }] }))).toEqual([]);
    });
});

describe("plan report: bootstrap steps", () => {
    it("numbers the steps left after pulumi up, in the text and the markdown report; nothing when there are none", async () => {
        const { bootstrapSteps } = await import("../../engine/report");
        const plan = planWith({ bootstrapSteps: ["fill the secrets", "register cluster splitplane-x"] });
        expect(bootstrapSteps(plan)).toEqual(["fill the secrets", "register cluster splitplane-x"]);
        expect(textReport(plan)).toContain("Bootstrap steps left after pulumi up (docs/phases.md):\n  1. fill the secrets\n  2. register cluster splitplane-x");
        expect(markdownReport(plan)).toContain("## Bootstrap steps");
        expect(markdownReport(plan)).toContain("1. fill the secrets\n2. register cluster splitplane-x");
        expect(textReport(planWith({}))).not.toContain("Bootstrap steps");
    });
});
