import { describe, expect, it } from "vitest";
import { syntheticGatewayConfig } from "../../bench/gateway";
import { checkGatewayObjects, simulateRoute } from "../../gateway";

/** The benchmark measures the full path: its synthetic 500-rule config must be valid and routable. */
describe("the 500-rule benchmark config", () => {
    it("is valid, so no check stops early, and the simulated request reaches the last rule", () => {
        const r = checkGatewayObjects(syntheticGatewayConfig(500), "bench");
        expect(r.errors).toEqual([]);
        expect(r.config.routing?.value.rules).toHaveLength(500);
        const report = simulateRoute(r.config, { model: "acct-3/model-3", subjects: ["team:t-19"], metadata: { project_id: "project-499", environment: "prod" } });
        expect(report.routing.ruleId).toBe("route-499");
        expect(report.rateLimit?.ruleId).toBe("rl-catch-all"); // rate-limit rules stop at project-498
    });
});
