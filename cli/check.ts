import { Command } from "commander";
import { z } from "zod";
import { resourceCount } from "../engine/report";
import { transpileOnly } from "../engine/typecheck";
import { checkProgram } from "./check-lib";
import { EXIT, errorLines, policySetFromModule, parseCommand, parseOptions, printError, projectRoot, runMain, splitplanePolicySet } from "./common";

const checkOptions = z.strictObject({
    config: z.string().regex(/(^|\/)Pulumi\.[^/]+\.ya?ml$/, { error: "must be a stack file named Pulumi.<stack>.yaml" }).optional(),
    json: z.boolean().optional(),
    policies: z.string().regex(/\.(ts|js|cjs|mjs)$/, { error: "must be a .ts or .js module exporting allPolicies" }).optional(),
    transpileOnly: z.boolean().optional(),
});

/** `npm run check -- <program.ts> [--config <Pulumi.stack.yaml>] [--json] [--transpile-only]` */
async function main(argv: string[]): Promise<number> {
    const cmd = new Command("check")
        .description("Run a Pulumi TypeScript program offline and check it against the splitplane policy pack")
        .argument("<program>", "path of a Pulumi TypeScript program inside the project tree")
        .option("--config <file>", "a Pulumi.<stack>.yaml whose config the program reads (a splitplane stack file gets plan's verdict: its policy config applies)")
        .option("--json", "print exactly one JSON object: {stack, config, resources, violations}")
        .option("--policies <module>", "check against the policies exported by this module instead of splitplane's pack")
        .option("--transpile-only", "skip the type-check, as PULUMI_NODEJS_TRANSPILE_ONLY=true does for pulumi preview");
    const stop = parseCommand(cmd, argv);
    if (stop !== undefined) return stop;
    const [programPath] = cmd.args;
    let json = false;
    try {
        const opts = parseOptions("check", checkOptions, cmd.opts());
        json = opts.json === true;
        const root = projectRoot();
        const result = await checkProgram({
            programPath,
            configPath: opts.config,
            policySet: opts.policies ? await policySetFromModule(opts.policies) : await splitplanePolicySet(),
            projectRoot: root,
            typeCheck: !transpileOnly(opts.transpileOnly, root),
        });
        if (json) {
            process.stdout.write(`${JSON.stringify({ stack: result.stack, config: result.configFile, resources: result.resources, violations: result.violations })}\n`);
        } else {
            process.stdout.write(`${programPath} as stack "${result.stack}", ${result.configFile ? `config ${result.configFile}` : "no stack config (--config <Pulumi.stack.yaml> to use one)"}\n`);
            process.stdout.write(`${resourceCount(result.resources)} checked\n`);
            for (const v of result.violations) process.stdout.write(`[${v.enforcementLevel}] ${v.policy}: ${v.urn || "(stack)"}: ${v.message}\n`);
            const mandatory = result.violations.filter((v) => v.enforcementLevel === "mandatory").length;
            process.stdout.write(mandatory > 0 ? `FAIL: ${mandatory} mandatory violation(s)\n` : "PASS: no mandatory violations\n");
        }
        return result.exitCode;
    } catch (err) {
        printError(err, programPath);
        if (json) process.stdout.write(`${JSON.stringify({ errors: errorLines(err, programPath) })}\n`);
        return EXIT.error;
    }
}

runMain("check", main);
