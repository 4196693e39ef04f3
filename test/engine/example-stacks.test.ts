import { readdirSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { mandatoryCount, planStack } from "../../engine/plan";
import { allPolicies, packConfigFor } from "../../policies/policies";

const root = path.resolve(__dirname, "../..");
const stacks = readdirSync(path.join(root, "stacks")).filter((f) => /^Pulumi\..+\.yaml$/.test(f));

/**
 * A brand-new stack's first preview sees every computed output unknown. A policy that turns an
 * unknown into a mandatory violation would block every first deployment; one that turns it into
 * a pass would hide a defect. `npm run plan` in CI covers stacks that exist; this covers new ones.
 */
describe.each(stacks)("%s as the first preview of a new stack", (file) => {
    it("has no mandatory violation, and every unknown is reported as such", async () => {
        const plan = await planStack({ stackFile: path.join(root, "stacks", file), projectRoot: root, policySet: { policies: allPolicies, configFor: packConfigFor }, newStack: true });
        expect(plan.newStack).toBe(true);
        expect(plan.violations.filter((v) => v.enforcementLevel === "mandatory")).toEqual([]);
        expect(mandatoryCount(plan.violations)).toBe(0);
        for (const r of plan.results.filter((x) => x.outcome === "unknown")) {
            expect(plan.violations).toContainEqual(expect.objectContaining({ policy: r.policy, enforcementLevel: "advisory", message: expect.stringContaining("during preview") }));
        }
    });
});
