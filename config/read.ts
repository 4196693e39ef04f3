import * as pulumi from "@pulumi/pulumi";
import { plainCredentialProblemsInFlat, problemLines } from "./credentials";
import { ConfigError } from "./errors";
import { parseStackConfig } from "./parse";
import { StackConfig } from "./schema";

// Which config keys Pulumi decrypted for this run is internal to the SDK (pinned in package.json):
// the CLI hands the program their names in PULUMI_CONFIG_SECRET_KEYS, and this reads that list.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const runtimeConfig: { isConfigSecret(key: string): boolean } = require("@pulumi/pulumi/runtime/config");

/**
 * Reads and validates this stack's config from inside a Pulumi program.
 * Call it first in the program: an invalid config, or a credential stored in plain text under
 * any namespace, throws a ConfigError before anything is registered, on `pulumi up` as offline.
 */
export function readStackConfig(): StackConfig {
    const file = stackFileLabel() ?? `stacks/Pulumi.${pulumi.getStack()}.yaml`;
    const flat = pulumi.runtime.allConfig();
    const credentials = plainCredentialProblemsInFlat(file, flat, (key) => runtimeConfig.isConfigSecret(key));
    const problems: string[] = [];
    let cfg: StackConfig | undefined;
    try {
        cfg = parseStackConfig(flat, file);
    } catch (err) {
        if (!ConfigError.is(err)) throw err;
        problems.push(...err.problems);
    }
    if (credentials.length > 0 || problems.length > 0 || cfg === undefined) throw new ConfigError(problemLines(credentials, file, problems));
    return cfg;
}

/**
 * The offline engine runs a program with a stack file of its choosing (`check --config
 * test/Pulumi.x.yaml`, or none); messages then name that file rather than the `stacks/` path
 * `pulumi up` reads. Kept on globalThis because the program may load its own copy of this module.
 */
const LABEL = Symbol.for("splitplane.stackFile");

export function setStackFileLabel(file: string | undefined): void {
    (globalThis as Record<symbol, unknown>)[LABEL] = file;
}

function stackFileLabel(): string | undefined {
    const v = (globalThis as Record<symbol, unknown>)[LABEL];
    return typeof v === "string" ? v : undefined;
}
