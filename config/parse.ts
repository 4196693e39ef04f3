import { z } from "zod";
import { ConfigError } from "./errors";
import { CONFIG_NAMESPACE, StackConfig, stackConfigSchema } from "./schema";
import { formatZodIssues, schemaAt } from "./zod-format";

/**
 * Validates the `splitplane:*` keys of one stack's config, given as Pulumi hands config to a
 * program: a flat map of `namespace:key` to string (objects JSON-encoded).
 * The same function serves the real program (`pulumi up`) and the offline engine, so an
 * invalid stack fails the same way in both, before any resource is registered.
 *
 * @param file the stack file to name in messages, e.g. `stacks/Pulumi.aws-dev.yaml`
 * @throws ConfigError with one line per problem
 */
export function parseStackConfig(flat: Readonly<Record<string, string>>, file: string): StackConfig {
    const prefix = `${CONFIG_NAMESPACE}:`;
    const raw: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(flat)) {
        if (!key.startsWith(prefix)) continue;
        const name = key.slice(prefix.length);
        raw[name] = decode(value, schemaAt(stackConfigSchema, [name]));
    }
    const result = stackConfigSchema.safeParse(raw, { reportInput: true });
    if (!result.success) {
        throw new ConfigError(formatZodIssues(file, result.error.issues, stackConfigSchema, prefix));
    }
    return result.data;
}

/**
 * Pulumi passes every config value as a string. Structured values arrive JSON-encoded and
 * `pulumi config set splitplane:phase 2` stores the string "2", so JSON is decoded unless the
 * schema wants a string there (a cost centre of "1234" must stay a string).
 */
function decode(value: string, schema: z.ZodType | undefined): unknown {
    if (schema instanceof z.ZodString || schema instanceof z.ZodEnum) return value;
    try {
        return JSON.parse(value);
    } catch {
        return value;
    }
}
