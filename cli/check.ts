import { Command } from "commander";
import { z } from "zod";
import { checkProgram } from "./check-lib";
import { EXIT, policySetFromModule, parseCommand, parseOptions, printError, projectRoot, runMain, splitplanePolicySet } from "./common";

const checkOptions = z.strictObject({
    config: z.string().regex(/(^|\/)Pulumi\.[^/]+\.ya?ml$/, { error: "must be a stack file named Pulumi.<stack>.yaml" }).optional(),
    json: z.boolean().optional(),
    policies: z.string().regex(/\.(ts|js|cjs|mjs)$/, { error: "must be a .ts or .js module exporting allPolicies" }).optional(),
});

/** `npm run check -- <program.ts> [--config <Pulumi.stack.yaml>] [--json]` */
async function main(argv: string[]): Promise<number> {
    const cmd = new Command("check")
        .description("Run a Pulumi TypeScript program offline and check it against the splitplane policy pack")
        .argument("<program>", "path of a Pulumi TypeScript program inside the project tree")
        .option("--config <file>", "a Pulumi.<stack>.yaml whose config the program reads")
        .option("--json", "print exactly one JSON object: {resources, violations}")
        .option("--policies <module>", "check against the policies exported by this module instead of splitplane's pack");
    const stop = parseCommand(cmd, argv);
    if (stop !== undefined) return stop;
    const [programPath] = cmd.args;
    try {
        const opts = parseOptions("check", checkOptions, cmd.opts());
        const result = await checkProgram({ programPath, configPath: opts.config, policySet: opts.policies ? await policySetFromModule(opts.policies) : await splitplanePolicySet(), projectRoot: projectRoot() });
        if (opts.json) {
            process.stdout.write(`${JSON.stringify({ resources: result.resources, violations: result.violations })}\n`);
        } else {
            process.stdout.write(`${result.resources.length} resources checked\n`);
            for (const v of result.violations) process.stdout.write(`[${v.enforcementLevel}] ${v.policy}: ${v.urn || "(stack)"}: ${v.message}\n`);
            const mandatory = result.violations.filter((v) => v.enforcementLevel === "mandatory").length;
            process.stdout.write(mandatory > 0 ? `FAIL: ${mandatory} mandatory violation(s)\n` : "PASS: no mandatory violations\n");
        }
        return result.exitCode;
    } catch (err) {
        printError(err, programPath);
        return EXIT.error;
    }
}

runMain("check", main);
