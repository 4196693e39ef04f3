import { existsSync } from "node:fs";
import * as path from "node:path";
import { readStackFile } from "../config/load";
import { ConfigError } from "../config/errors";
import { StackInput, StackPlanner, mandatoryCount, PolicySet, verdictOf } from "../engine/plan";
import { hintedReferences, projectName } from "../engine/stack-reference";
import { PolicyResult, Violation } from "../engine/policy";
import { typeCheckProgram } from "../engine/typecheck";
import { EXIT } from "./common";

export interface CheckResult {
    /** The stack the program ran as, and the stack file its config came from (none without `--config`). */
    stack: string;
    configFile: string | null;
    resources: Array<{ urn: string; type: string; name: string; custom: boolean }>;
    violations: Violation[];
    results: PolicyResult[];
    exitCode: 0 | 1;
}

/** The stack a program runs as when `check` is given no `--config`. */
export const CHECK_STACK = "check";

/**
 * `npm run check`: runs any Pulumi TypeScript program inside the project tree under the offline
 * engine and evaluates a policy set over it. With `--config` of a splitplane stack file the
 * verdict is `plan`'s: the same engine path (`verdictOf`), the same validation of the stack's
 * config and the same policy config from its `splitplane:policy` section.
 * Used by the CLI and, in-process, by tests.
 * @throws ConfigError for a missing program, a program outside the tree, an invalid stack file or a type error
 */
export async function checkProgram(options: { programPath: string; configPath?: string; policySet: PolicySet; projectRoot: string; typeCheck?: boolean }): Promise<CheckResult> {
    const program = path.resolve(options.programPath);
    const rel = path.relative(options.projectRoot, program);
    if (!existsSync(program)) throw new ConfigError([`${options.programPath}: no such program file`]);
    if (rel.startsWith("..") || path.isAbsolute(rel)) {
        // The program must resolve @pulumi/* from this project's node_modules.
        throw new ConfigError([`${options.programPath}: the program must be inside the project tree (${options.projectRoot}) so it resolves the project's packages`]);
    }
    if (!/\.(ts|js|mts|cts|mjs|cjs)$/.test(program)) throw new ConfigError([`${options.programPath}: expected a .ts or .js Pulumi program`]);
    const stack: StackInput = options.configPath
        ? readStackFile(path.resolve(options.configPath), options.projectRoot)
        : { stack: CHECK_STACK, file: NO_CONFIG, values: {}, secretKeys: [] };
    if (options.typeCheck) {
        const tc = typeCheckProgram(program, options.projectRoot);
        if (tc.problems.length > 0) throw new ConfigError(tc.problems);
    }
    // A stack file that names other stacks goes plan's own path, so its StackReferences resolve from their plans.
    const refs = options.configPath ? hintedReferences(stack.values, { project: projectName(options.projectRoot), stacksDir: path.dirname(path.resolve(options.configPath)) }) : [];
    const verdict =
        options.configPath && refs.length > 0
            ? await new StackPlanner({ projectRoot: options.projectRoot, program, policySet: options.policySet }).plan(path.resolve(options.configPath))
            : await verdictOf({ program, stack, policySet: options.policySet });
    return {
        stack: stack.stack,
        configFile: options.configPath ? stack.file : null,
        resources: verdict.run.resources.map((r) => ({ urn: r.urn, type: r.type, name: r.name, custom: r.custom })),
        violations: verdict.violations,
        results: verdict.results,
        exitCode: mandatoryCount(verdict.violations) > 0 ? EXIT.violations : EXIT.ok,
    };
}

/** How messages name the config of a run without `--config` (there is no stack file to name). */
export const NO_CONFIG = `(no --config: stack "${CHECK_STACK}" with empty config)`;
