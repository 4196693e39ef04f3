import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parseDocument } from "yaml";
import { CredentialFinding, plainCredentialProblems, problemLines } from "./credentials";
import { ConfigError } from "./errors";
import { parseStackConfig } from "./parse";
import { CONFIG_NAMESPACE, StackConfig } from "./schema";
import { closest } from "./zod-format";

/** What the offline engine needs from a stack file. */
export interface LoadedStackConfig {
    /** Stack name, from the file name `Pulumi.<stack>.yaml`. */
    stack: string;
    /** The file as named in messages (relative to the project root when inside it). */
    file: string;
    /** Every config key, namespaced, as the strings Pulumi hands a program. */
    values: Record<string, string>;
    /** Keys whose value is a Pulumi secret (`secure:`); their plaintext is never known offline. */
    secretKeys: string[];
    /** The validated `splitplane:` config. */
    splitplane: StackConfig;
}

/**
 * Offline, a secret's ciphertext cannot be decrypted (no passphrase, no cloud KMS). The engine
 * hands the program this placeholder instead, marked secret, so the program runs and every
 * output derived from it stays secret.
 */
export const SECRET_PLACEHOLDER = "[secret]";

/** The top-level keys of a Pulumi stack file (`ProjectStack` in Pulumi's `sdk/go/common/workspace/project.go`). */
const STACK_FILE_KEYS = ["config", "environment", "secretsprovider", "encryptedkey", "encryptionsalt"];

/** A stack file's raw config, before the `splitplane:` keys are validated. */
export type StackFileValues = Omit<LoadedStackConfig, "splitplane">;

/**
 * Reads and validates `Pulumi.<stack>.yaml`.
 * @throws ConfigError naming the file and the key for every problem found
 */
export function loadStackFile(filePath: string, projectRoot = process.cwd()): LoadedStackConfig {
    return readStack(filePath, projectRoot, true) as LoadedStackConfig;
}

/**
 * Reads a stack file's config as Pulumi would hand it to a program: namespaced string values,
 * secrets replaced by a placeholder. Refuses plain credentials; does not require `splitplane:` keys
 * (a user's own program checked with `npm run check` may have none), and validates them when set.
 */
export function readStackFile(filePath: string, projectRoot = process.cwd()): StackFileValues & { splitplane?: StackConfig } {
    return readStack(filePath, projectRoot, false);
}

/**
 * One read of the file: credentials and `splitplane:` keys are judged together so every problem
 * is reported at once; the `splitplane:` schema applies when required or when any such key is set.
 */
function readStack(filePath: string, projectRoot: string, requireSplitplane: boolean): StackFileValues & { splitplane?: StackConfig } {
    const rel = path.relative(projectRoot, filePath);
    const file = rel.startsWith("..") || path.isAbsolute(rel) ? filePath : rel;
    const base = path.basename(filePath);
    const match = /^Pulumi\.(.+)\.ya?ml$/.exec(base);
    if (!match) throw new ConfigError([`${file}: a stack file must be named Pulumi.<stack>.yaml (got ${JSON.stringify(base)})`]);

    let text: string;
    try {
        text = readFileSync(filePath, "utf8");
    } catch (err) {
        throw new ConfigError([`${file}: cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`]);
    }
    const doc = parseDocument(text);
    if (doc.errors.length > 0) {
        throw new ConfigError(doc.errors.map((e) => `${file}: line ${e.linePos?.[0].line ?? "?"}: not valid YAML (${e.message.split("\n")[0]})`));
    }
    const root = (doc.toJS() ?? {}) as Record<string, unknown>;
    if (typeof root !== "object" || Array.isArray(root)) throw new ConfigError([`${file}: a stack file must be a map with a config key (got ${Array.isArray(root) ? "a list" : typeof root})`]);
    const unknownKeys = Object.keys(root).filter((k) => !STACK_FILE_KEYS.includes(k));
    if (unknownKeys.length > 0) {
        // Pulumi ignores a misspelt `configs:`, and the stack would silently run with no config.
        throw new ConfigError(unknownKeys.map((k) => `${file}: ${k} is not a stack file key${closest(k, STACK_FILE_KEYS) ? ` (did you mean ${closest(k, STACK_FILE_KEYS)}?)` : ""}; known keys: ${STACK_FILE_KEYS.join(", ")}`));
    }
    const config = (root.config ?? {}) as Record<string, unknown>;
    if (typeof config !== "object" || Array.isArray(config)) {
        throw new ConfigError([`${file}: config must be a map of keys to values (got ${Array.isArray(config) ? "a list" : typeof config})`]);
    }

    const values: Record<string, string> = {};
    const secretKeys: string[] = [];
    const problems: string[] = [];
    const credentials: CredentialFinding[] = [];
    for (const [rawKey, value] of Object.entries(config)) {
        // Pulumi reads a key without a namespace as the project's own.
        const key = rawKey.includes(":") ? rawKey : `${CONFIG_NAMESPACE}:${rawKey}`;
        const { plain, secret } = stripSecure(value);
        if (secret) secretKeys.push(key);
        credentials.push(...plainCredentialProblems(file, key, value));
        values[key] = typeof plain === "string" ? plain : JSON.stringify(plain);
    }
    let splitplane: StackConfig | undefined;
    if (requireSplitplane || Object.keys(values).some((k) => k.startsWith(`${CONFIG_NAMESPACE}:`))) {
        try {
            splitplane = parseStackConfig(values, file);
        } catch (err) {
            if (!ConfigError.is(err)) throw err;
            problems.push(...err.problems);
        }
    }
    if (problems.length > 0 || credentials.length > 0) throw new ConfigError(problemLines(credentials, file, problems));
    return { stack: match[1], file, values, secretKeys, splitplane };
}

/** Replaces every `{ secure: ... }` with the placeholder and reports whether any was found. */
function stripSecure(value: unknown): { plain: unknown; secret: boolean } {
    if (value && typeof value === "object" && !Array.isArray(value)) {
        const entries = Object.entries(value as Record<string, unknown>);
        if (entries.length === 1 && entries[0][0] === "secure") return { plain: SECRET_PLACEHOLDER, secret: true };
        let secret = false;
        const out: Record<string, unknown> = {};
        for (const [k, v] of entries) {
            const inner = stripSecure(v);
            secret ||= inner.secret;
            out[k] = inner.plain;
        }
        return { plain: out, secret };
    }
    if (Array.isArray(value)) {
        let secret = false;
        const out = value.map((v) => {
            const inner = stripSecure(v);
            secret ||= inner.secret;
            return inner.plain;
        });
        return { plain: out, secret };
    }
    return { plain: value, secret: false };
}
