import { z } from "zod";
import { ConfigError } from "./errors";
import { CLOUDS, CONFIG_NAMESPACE, CloudName, StackConfig, cloudSchema, stackSchemaByCloud } from "./schema";
import { formatZodIssues, schemaAt } from "./zod-format";

/**
 * Validates the `splitplane:*` keys of one stack's config, given as Pulumi hands config to a
 * program: a flat map of `namespace:key` to string (objects JSON-encoded).
 * The same function serves the real program (`pulumi up`) and the offline engine, so an
 * invalid stack fails the same way in both, before any resource is registered.
 *
 * `splitplane:cloud` is judged first: it picks the schema of that cloud, so that a key which
 * only the other cloud has reads "does not apply to azure stacks" rather than "not a known key".
 *
 * @param file the stack file to name in messages, e.g. `stacks/Pulumi.aws-phase1.yaml`
 * @throws ConfigError with one line per problem
 */
export function parseStackConfig(flat: Readonly<Record<string, string>>, file: string): StackConfig {
    const prefix = `${CONFIG_NAMESPACE}:`;
    const cloud = cloudSchema.safeParse(flat[`${prefix}cloud`], { reportInput: true });
    if (!cloud.success) {
        throw new ConfigError(formatZodIssues(file, cloud.error.issues.map((i) => ({ ...i, path: ["cloud"] })), cloudSchema, prefix));
    }
    const schema = stackSchemaByCloud[cloud.data];
    const raw: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(flat)) {
        if (!key.startsWith(prefix)) continue;
        const name = key.slice(prefix.length);
        raw[name] = decode(value, schemaAt(schema, [name]));
    }
    const result = schema.safeParse(raw, { reportInput: true });
    if (!result.success) {
        throw new ConfigError(formatZodIssues(file, result.error.issues, schema, prefix, { here: cloud.data, elsewhere: (path) => otherCloudWith(cloud.data, path) }));
    }
    return result.data;
}

/** The cloud, other than this stack's, whose schema has a key at `path`. */
function otherCloudWith(current: CloudName, path: readonly PropertyKey[]): CloudName | undefined {
    return CLOUDS.find((c) => c !== current && schemaAt(stackSchemaByCloud[c], path) !== undefined);
}

/**
 * Pulumi passes every config value as a string. Structured values arrive JSON-encoded and
 * `pulumi config set splitplane:phase 2` stores the string "2", so JSON is decoded unless the
 * schema wants a string there (a cost centre of "1234" must stay a string).
 */
function decode(value: string, schema: z.ZodType | undefined): unknown {
    if (schema instanceof z.ZodString || schema instanceof z.ZodEnum || schema instanceof z.ZodLiteral) return value;
    try {
        return JSON.parse(value);
    } catch {
        return value;
    }
}

/** The config of a stack on cloud `C`. */
export type StackConfigOf<C extends CloudName> = Extract<StackConfig, { cloud: C }>;

/**
 * `parseStackConfig` for code that serves one cloud only (that cloud's program, its tests):
 * the result is narrowed to that cloud's config.
 * @throws ConfigError when the stack's `splitplane:cloud` is another cloud
 */
export function parseCloudStackConfig<C extends CloudName>(cloud: C, flat: Readonly<Record<string, string>>, file: string): StackConfigOf<C> {
    const cfg = parseStackConfig(flat, file);
    if (cfg.cloud !== cloud) throw new ConfigError([`${file}: splitplane:cloud must be ${JSON.stringify(cloud)} here (got ${JSON.stringify(cfg.cloud)})`]);
    return cfg as StackConfigOf<C>;
}
