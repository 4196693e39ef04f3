import { credentialKind } from "../policies/lib/credentials";

/**
 * Stack config holds no credential in plain text, in any namespace (`splitplane:`, `aws:`,
 * `azure-native:`, a user's own): judged by the detector the policy pack uses
 * (`policies/lib/credentials.ts`), so the config validator and the pack never disagree.
 * Messages name the file, the key path and the kind of credential, never the value.
 */

/** A plain credential in stack config: the message line, and what must never be echoed. */
export interface CredentialFinding {
    line: string;
    /** The key path (`splitplane:costCenter`, `myapp:settings.auth.creds[0]`). */
    at: string;
    /** The value itself, kept only so that other messages can be kept from echoing it. */
    value: string;
}

/** One finding per plain credential under `key` (a value as the stack file holds it, secure leaves skipped). */
export function plainCredentialProblems(file: string, key: string, value: unknown): CredentialFinding[] {
    const found: CredentialFinding[] = [];
    const walk = (v: unknown, at: string, name: string) => {
        if (v && typeof v === "object" && !Array.isArray(v)) {
            const entries = Object.entries(v as Record<string, unknown>);
            // `{ secure: v1:... }`: a Pulumi secret, encrypted in the file.
            if (entries.length === 1 && entries[0][0] === "secure") return;
            for (const [k, inner] of entries) walk(inner, `${at}.${k}`, k);
        } else if (Array.isArray(v)) {
            // A list's items are named by the list's key: `tokens: [...]` holds tokens.
            v.forEach((inner, i) => walk(inner, `${at}[${i}]`, name));
        } else {
            const kind = credentialKind(name, v);
            if (kind) found.push({ line: problem(file, key, at, kind), at, value: String(v) });
        }
    };
    walk(value, key, key.slice(key.indexOf(":") + 1));
    return found;
}

/**
 * The same judgement over config as Pulumi hands it to a program (`pulumi.runtime.allConfig()`:
 * strings, structured values JSON-encoded), skipping the keys Pulumi reports as secret.
 */
export function plainCredentialProblemsInFlat(file: string, flat: Readonly<Record<string, string>>, isSecret: (key: string) => boolean): CredentialFinding[] {
    const found: CredentialFinding[] = [];
    for (const [key, raw] of Object.entries(flat)) {
        if (isSecret(key)) continue;
        found.push(...plainCredentialProblems(file, key, decodeStructured(raw)));
    }
    return found;
}

/**
 * Every problem line, credentials first, without the schema's lines that would repeat a
 * credential (`splitplane:costCenter must be at most 64 characters long (got "<the key>")`):
 * a line about a flagged key path, or one that contains a flagged value.
 */
export function problemLines(credentials: readonly CredentialFinding[], file: string, others: readonly string[]): string[] {
    const echoes = (line: string) =>
        credentials.some((c) => line.startsWith(`${file}: ${c.at} `) || line.startsWith(`${file}: ${c.at}.`) || line.startsWith(`${file}: ${c.at}[`) || (c.value.length >= 6 && line.includes(JSON.stringify(c.value).slice(1, -1).slice(0, 24))));
    return [...credentials.map((c) => c.line), ...others.filter((line) => !echoes(line))];
}

function decodeStructured(raw: string): unknown {
    if (!/^\s*[[{]/.test(raw)) return raw;
    try {
        return JSON.parse(raw);
    } catch {
        return raw;
    }
}

function problem(file: string, key: string, at: string, kind: string): string {
    const set = at === key ? `pulumi config set --secret ${key}` : `pulumi config set --secret --path '${at}'`;
    return `${file}: ${at} looks like a credential and must not be stored in stack config (got ${kind}, in plain text); keep it in the cloud secret store and reference it, or at least use \`${set}\``;
}
