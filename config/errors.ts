/**
 * The one error type for bad user input (stack config, gateway config, CLI args).
 *
 * Each problem is one self-contained line that names the file, the key path, what was
 * expected and what was given, e.g.
 * `stacks/Pulumi.aws-phase1.yaml: splitplane:network.azCount must be between 2 and 6 (got 1)`.
 * The plan engine and the CLIs map it to exit code 2 and print every line; nothing is registered.
 */
export class ConfigError extends Error {
    readonly problems: readonly string[];

    constructor(problems: readonly string[]) {
        super(problems.join("\n"));
        this.name = "ConfigError";
        this.problems = problems;
    }

    /** True for a ConfigError even when it crossed a module-instance boundary (tsx vs built dist). */
    static is(err: unknown): err is ConfigError {
        return err instanceof ConfigError || (err instanceof Error && err.name === "ConfigError" && Array.isArray((err as ConfigError).problems));
    }
}
