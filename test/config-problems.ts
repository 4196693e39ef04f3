import { ConfigError } from "../config/errors";
import { parseStackConfig } from "../config/parse";

/** The problem lines `parseStackConfig` reports for a flat stack config (empty when it is valid). */
export function configProblems(flat: Record<string, string>, file: string): string[] {
    try {
        parseStackConfig(flat, file);
    } catch (err) {
        if (ConfigError.is(err)) return [...err.problems];
        throw err;
    }
    return [];
}
