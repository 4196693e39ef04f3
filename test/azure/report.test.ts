import { describe, expect, it } from "vitest";
import { markdownReport, prerequisites, textReport } from "../../engine/report";
import { resolveEnvironmentDefaults } from "../../config/defaults";
import { parseCloudStackConfig } from "../../config/parse";
import { azurePrerequisites } from "../../stacks/azure/validate";
import { azureConfig } from "./scenario";
import { planWith as plan0 } from "../plan-fixture";

const planWith = (outputs: Record<string, unknown>) => plan0(outputs, "azure-phase0", "azure");


describe("plan report: prerequisites of the first pulumi up", () => {
    const cfg = (extra: Record<string, unknown> = {}) => resolveEnvironmentDefaults(parseCloudStackConfig("azure", azureConfig(extra), "stacks/Pulumi.t.yaml"));

    it("names the EncryptionAtHost registration while host encryption is on, and the deployer's path", () => {
        const list = azurePrerequisites(cfg());
        expect(list).toContain("host encryption: `az feature register --namespace Microsoft.Compute --name EncryptionAtHost` (it can only be set when a pool is created)");
        expect(list).toContain("pulumi up runs from the peered VNet vnet-ci: the API server is private");
        expect(azurePrerequisites(cfg({ cluster: { admins: ["7f3c1a52-0b6e-4d1e-9c0a-2f4b8e6d1c3a"], encryptionAtHost: false } })).some((p) => p.includes("EncryptionAtHost"))).toBe(false);
    });

    it("prints them in the text and markdown reports, and nothing for a stack without them", () => {
        const plan = planWith({ prerequisites: ["first", "second"], other: 1 });
        expect(prerequisites(plan)).toEqual(["first", "second"]);
        expect(textReport(plan)).toContain("Prerequisites of the first pulumi up (not checkable offline):\n  first\n  second");
        expect(markdownReport(plan)).toContain("## Prerequisites");
        expect(textReport(planWith({}))).not.toContain("Prerequisites");
        expect(prerequisites(planWith({ prerequisites: "[unknown]" }))).toEqual([]);
    });
});
