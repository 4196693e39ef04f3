import { PlanResult } from "../engine/plan";

/** A plan with no resources and these stack outputs, for report tests. */
export function planWith(outputs: Record<string, unknown>, stack = "aws-phase1", cloud: "aws" | "azure" = "aws"): PlanResult {
    return {
        stack,
        file: `stacks/Pulumi.${stack}.yaml`,
        config: { cloud, environment: "dev", phase: 0 } as PlanResult["config"],
        run: { stack, project: "splitplane", resources: [], outputs, unmockedInvokes: [] },
        results: [],
        violations: [],
        exemptions: [],
        loosened: [],
        newStack: false,
        references: [],
        timings: { policyMs: 0 },
    };
}
