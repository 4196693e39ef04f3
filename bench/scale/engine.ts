import { performance } from "node:perf_hooks";
import { evaluatePolicies } from "../../engine/policy";
import { runProgram } from "../../engine/run";
import { scaleProgram } from "./program";

// The scale program through the offline engine: realistic mocks and every registration recorded
// (`engine/run.ts`). With --policies the pack is then evaluated over the record, timed apart, so
// that the recording run's wall time and memory are measured without the pack loaded.
async function main(): Promise<void> {
    const withPolicies = process.argv.includes("--policies");
    const t0 = performance.now();
    const run = await runProgram({ program: scaleProgram, stack: "scale", config: { "aws:region": "eu-west-1" } });
    const ms = performance.now() - t0;
    let policyMs: number | undefined;
    if (withPolicies) {
        const { allPolicies } = await import("../../policies/policies");
        const p0 = performance.now();
        await evaluatePolicies(run.resources, { policies: allPolicies });
        policyMs = performance.now() - p0;
    }
    process.stdout.write(`${JSON.stringify({ ms, resources: run.resources.length, policyMs })}\n`);
}

main().catch((err) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(2);
});
