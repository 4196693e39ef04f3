import type { StackConfig } from "../config/schema";
import { ProgramRun } from "../engine/resource";
import { runProgram } from "../engine/run";

/**
 * Runs one cloud's program for a flat stack config under the offline engine. `probe` exercises
 * what the program returned (the ComputePlane, its parts) as a platform component would; its
 * values come back resolved in `probe`. With `newStack`, it runs as a new stack's first preview.
 */
export async function runStackProgram<D extends { outputs: Record<string, unknown> }>(
    stack: string,
    config: Record<string, string>,
    provision: (cfg: StackConfig) => Promise<D>,
    probe?: (d: D) => Record<string, unknown> | undefined,
    options: { newStack?: boolean } = {},
): Promise<{ run: ProgramRun; probe: Record<string, unknown> }> {
    const probed: Record<string, unknown> = {};
    const run = await runProgram({
        stack,
        config,
        newStack: options.newStack,
        program: async () => {
            const { parseStackConfig } = await import("../config/parse");
            const deployment = await provision(parseStackConfig(config, `stacks/Pulumi.${stack}.yaml`));
            if (probe) Object.assign(probed, probe(deployment) ?? {});
            return { ...deployment.outputs, ...probed };
        },
    });
    for (const key of Object.keys(probed)) probed[key] = run.outputs[key];
    return { run, probe: probed };
}
