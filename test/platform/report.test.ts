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
