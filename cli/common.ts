import { Command, CommanderError } from "commander";
import { z } from "zod";
import { formatZodIssues } from "../config/zod-format";
import { existsSync } from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { ConfigError } from "../config/errors";
import type { PolicySet } from "../engine/plan";

/** Exit codes shared by every splitplane CLI. */
export const EXIT = { ok: 0, violations: 1, error: 2 } as const;

/** The project root: the nearest folder above this file that holds Pulumi.yaml. */
export function projectRoot(): string {
    let dir = __dirname;
    while (!existsSync(path.join(dir, "Pulumi.yaml"))) {
        const up = path.dirname(dir);
        if (up === dir) return process.cwd();
        dir = up;
    }
    return dir;
}

/** splitplane's own policy pack, as the offline engine evaluates it. */
export async function splitplanePolicySet(): Promise<PolicySet> {
    const pack = await import("../policies/policies");
    return { policies: pack.allPolicies, configFor: pack.packConfigFor };
}

/**
 * A policy set from a module of the user's (`--policies <module>`): it must export
 * `allPolicies` (or `policies`), an array of CrossGuard policies, and may export `packConfigFor`.
 * The module must not construct a PolicyPack (that starts a server).
 */
export async function policySetFromModule(modulePath: string): Promise<PolicySet> {
    const absolute = path.resolve(modulePath);
    if (!existsSync(absolute)) throw new ConfigError([`--policies ${modulePath}: no such module`]);
    const mod = (await import(pathToFileURL(absolute).href)) as Record<string, any>;
    const exports = mod.allPolicies || mod.policies ? mod : (mod.default ?? {});
    const policies = exports.allPolicies ?? exports.policies;
    if (!Array.isArray(policies)) {
        throw new ConfigError([`--policies ${modulePath}: must export allPolicies (or policies) as an array of policies (got ${policies === undefined ? "no such export" : typeof policies})`]);
    }
    return { policies, configFor: typeof exports.packConfigFor === "function" ? exports.packConfigFor : undefined };
}

/** The lines users see for an error: every ConfigError line, or one program-error line. */
export function errorLines(err: unknown, context: string): string[] {
    if (ConfigError.is(err)) return [...err.problems];
    const message = err instanceof Error ? err.message : String(err);
    return [`${context}: program error: ${message}`];
}

/** Prints an error the way users should see it (`errorLines`), on stderr. */
export function printError(err: unknown, context: string): void {
    for (const line of errorLines(err, context)) process.stderr.write(`${line}\n`);
    if (!ConfigError.is(err) && process.env.SPLITPLANE_DEBUG && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
}

/**
 * Parses a commander command without letting it exit the process; returns the exit code when
 * parsing ends the run (0 after --help, 2 on a usage error, which commander has printed).
 */
export function parseCommand(cmd: Command, argv: string[]): number | undefined {
    cmd.exitOverride().configureOutput({ writeErr: (s) => process.stderr.write(s) });
    try {
        cmd.parse(argv, { from: "user" });
        return undefined;
    } catch (err) {
        return err instanceof CommanderError && err.exitCode === 0 ? EXIT.ok : EXIT.error;
    }
}

/** Runs a CLI's main and exits with its code; an unexpected throw is a program error (2). */
export function runMain(name: string, main: (argv: string[]) => Promise<number>): void {
    main(process.argv.slice(2)).then(
        (code) => exitAfterFlush(code),
        (err) => {
            printError(err, name);
            exitAfterFlush(EXIT.error);
        },
    );
}

/**
 * Exits once stdout and stderr are drained: writes to a pipe are asynchronous, and an immediate
 * `process.exit` would cut a large `--json` document at the pipe's buffer size.
 */
function exitAfterFlush(code: number): void {
    process.exitCode = code;
    let pending = 2;
    const done = () => {
        if (--pending === 0) process.exit(code);
    };
    process.stdout.write("", done);
    process.stderr.write("", done);
}

/**
 * Validates parsed CLI options with zod, as every user-facing input is: one line per problem,
 * naming the flag, what was expected and what was given (e.g. `plan: --out must be at least 1 characters long (got "")`).
 * @throws ConfigError (exit 2)
 */
export function parseOptions<T extends z.ZodType>(command: string, schema: T, value: unknown): z.infer<T> {
    const result = schema.safeParse(value, { reportInput: true });
    if (result.success) return result.data;
    const lines = formatZodIssues(command, result.error.issues, schema).map((line) =>
        // Option keys are camelCase in code and kebab-case on the command line.
        line.replace(new RegExp(`^${command}: (\\w+)`), (_m, key: string) => `${command}: --${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`),
    );
    throw new ConfigError(lines);
}
