import * as pulumi from "@pulumi/pulumi";
import { parseStackConfig } from "./parse";
import { StackConfig } from "./schema";

/**
 * Reads and validates this stack's `splitplane:` config from inside a Pulumi program.
 * Call it first in the program: an invalid config throws a ConfigError before anything is registered.
 */
export function readStackConfig(): StackConfig {
    const file = `stacks/Pulumi.${pulumi.getStack()}.yaml`;
    return parseStackConfig(pulumi.runtime.allConfig(), file);
}
