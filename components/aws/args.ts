import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { ConfigError } from "../../config/errors";
import { formatZodIssues } from "../../config/zod-format";

/**
 * Validates a component's args once, at the top of its constructor, and fails before any child
 * is registered with one line per problem, e.g.
 * `splitplane:aws:Network "net": azCount must be between 2 and 6 (got 1)`.
 */
export function parseArgs<S extends z.ZodType>(schema: S, args: unknown, type: string, name: string): z.output<S> {
    const result = schema.safeParse(args, { reportInput: true });
    if (!result.success) throw new ConfigError(formatZodIssues(`${type} ${JSON.stringify(name)}`, result.error.issues, schema));
    return result.data;
}

/** A required Pulumi input (plain value, Output or Promise); zod checks only that it is present. */
export const input = <T>() => z.custom<pulumi.Input<T>>((v) => v !== undefined && v !== null, { error: "is required" });

/** A required resource reference (typed, never looked up by a string). */
export const resource = <T extends pulumi.Resource>(what: string) =>
    z.custom<T>((v) => pulumi.Resource.isInstance(v), { error: `must be a ${what}` });

/** Where the stack runs; resolved once by the stack (invokes) and passed down. */
export interface AwsContext {
    accountId: pulumi.Input<string>;
    partition: pulumi.Input<string>;
    region: pulumi.Input<string>;
}

export const awsContextSchema = z.strictObject({ accountId: input<string>(), partition: input<string>(), region: input<string>() });

export const tagsSchema = z.record(z.string(), z.string()).default({});
