import { existsSync } from "node:fs";
import * as path from "node:path";
import { readStackFile } from "../config/load";
import { ConfigError } from "../config/errors";
import { mandatoryCount, PolicySet } from "../engine/plan";
import { evaluatePolicies, PolicyResult, Violation, violationsOf } from "../engine/policy";
import { programFromFile } from "../engine/program";
import { runProgram } from "../engine/run";
import { EXIT } from "./common";

export interface CheckResult {
    resources: Array<{ urn: string; type: string; name: string }>;
    violations: Violation[];
    results: PolicyResult[];
    exitCode: 0 | 1;
}

/**
 * `npm run check`: runs any Pulumi TypeScript program inside the project tree under the offline
 * engine and evaluates a policy set over it. Used by the CLI and, in-process, by tests.
 * @throws ConfigError for a missing program, a program outside the tree or an invalid stack file
 */
export async function checkProgram(options: { programPath: string; configPath?: string; policySet: PolicySet; projectRoot: string }): Promise<CheckResult> {
    const program = path.resolve(options.programPath);
    const rel = path.relative(options.projectRoot, program);
    if (!existsSync(program)) throw new ConfigError([`${options.programPath}: no such program file`]);
    if (rel.startsWith("..") || path.isAbsolute(rel)) {
        // The program must resolve @pulumi/* from this project's node_modules.
        throw new ConfigError([`${options.programPath}: the program must be inside the project tree (${options.projectRoot}) so it resolves the project's packages`]);
    }
    if (!/\.(ts|js|mts|cts|mjs|cjs)$/.test(program)) throw new ConfigError([`${options.programPath}: expected a .ts or .js Pulumi program`]);
    const stackFile = options.configPath ? readStackFile(path.resolve(options.configPath), options.projectRoot) : undefined;
    const run = await runProgram({
        program: programFromFile(program),
        stack: stackFile?.stack ?? "check",
        config: stackFile?.values ?? {},
        secretKeys: stackFile?.secretKeys ?? [],
        preview: true,
    });
    const results = await evaluatePolicies(run.resources, { policies: options.policySet.policies });
    const violations = violationsOf(results);
    return {
        resources: run.resources.map((r) => ({ urn: r.urn, type: r.type, name: r.name })),
        violations,
        results,
        exitCode: mandatoryCount(violations) > 0 ? EXIT.violations : EXIT.ok,
    };
}
