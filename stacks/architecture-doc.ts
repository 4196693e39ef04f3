import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import type { PlanResult } from "../engine/plan";
import { ArchitectureStack, withArchitectureBlock } from "./architecture";

/**
 * `npm run docs:architecture`: plans every example stack offline (as new stacks, the way
 * test/engine/example-stacks.test.ts plans them) and rewrites the generated diagram of
 * docs/architecture.md. A test compares the committed page with the plans, so it cannot drift.
 */

const ROOT = path.resolve(__dirname, "..");
export const ARCHITECTURE_PAGE = path.join(ROOT, "docs", "architecture.md");

/** What the diagram needs of one plan: components, the control plane it connects to, its reads, its exporter. */
export function architectureOf(plan: PlanResult): ArchitectureStack {
    const outputs = plan.run.outputs;
    const cp = plan.config.controlPlane;
    const url = typeof outputs.controlPlaneUrl === "string" ? outputs.controlPlaneUrl : undefined;
    return {
        stack: plan.stack,
        cloud: plan.config.cloud,
        environment: plan.config.environment,
        phase: plan.config.phase,
        components: [...new Set(plan.run.resources.filter((r) => !r.custom).map((r) => r.type))].sort(),
        controlPlane: url && cp ? { url, mode: outputs.controlPlaneMode === "self-hosted" ? "self-hosted" : "hosted", ...(cp.stackReference ? { reference: cp.stackReference } : {}) } : undefined,
        reads: [...new Set(plan.references.map((r) => r.stack))].sort(),
        telemetryEndpoint: plan.config.operations.telemetry.endpoint,
    };
}

/** The example stack files, by name. */
export const exampleStackFiles = (): string[] =>
    readdirSync(path.join(ROOT, "stacks"))
        .filter((f) => /^Pulumi\..+\.yaml$/.test(f))
        .sort()
        .map((f) => path.join(ROOT, "stacks", f));

async function main(): Promise<void> {
    const { StackPlanner } = await import("../engine/plan");
    const planner = new StackPlanner({ projectRoot: ROOT, policySet: { policies: [] } });
    const stacks: ArchitectureStack[] = [];
    for (const file of exampleStackFiles()) stacks.push(architectureOf(await planner.plan(file, { newStack: true })));
    writeFileSync(ARCHITECTURE_PAGE, withArchitectureBlock(readFileSync(ARCHITECTURE_PAGE, "utf8"), stacks));
    process.stdout.write(`wrote ${path.relative(ROOT, ARCHITECTURE_PAGE)} from ${stacks.length} plans\n`);
}

if (require.main === module) {
    main().catch((err: unknown) => {
        process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
        process.exit(2);
    });
}
