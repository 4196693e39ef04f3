import type { IssuePath, IssueSink } from "../issues";
import type { RawDocument } from "../source";

/**
 * No literal credential anywhere: every string of every document (before the schemas, so that a
 * key in a misspelt field is still caught) is checked against known key formats, against
 * credential-named fields, and for long high-entropy tokens. Messages never repeat the value.
 */

const KNOWN_FORMATS: ReadonlyArray<readonly [RegExp, string]> = [
    [/\bsk-(?:ant-|proj-)?[A-Za-z0-9_-]{20,}/, "an OpenAI/Anthropic-style API key (sk-…)"],
    [/\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/, "an AWS access key id"],
    [/\bAIza[0-9A-Za-z_-]{35}\b/, "a Google API key"],
    [/\bgh[pousr]_[A-Za-z0-9]{36}\b|\bgithub_pat_[A-Za-z0-9_]{20,}/, "a GitHub token"],
    [/\bxox[abposr]-[A-Za-z0-9-]{10,}/, "a Slack token"],
    [/https:\/\/hooks\.slack\.com\/services\/\S+/, "a Slack webhook URL (it is a credential)"],
    [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, "a private key"],
    [/\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/, "a JSON Web Token"],
    [/^Bearer\s+\S{8,}/i, "a bearer token"],
    [/[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i, "a URL with an embedded password"],
];

/** Field names that hold credentials; their values must be references. */
const SENSITIVE_KEY = /(api[_-]?key|secret|token|passw(or)?d|credential|authorization|private[_-]?key|access[_-]?key)/i;

/** Fields that name or point at a secret (`apiKeySecretName`, `imagePullSecrets`) rather than hold one. */
const REFERENCE_KEY = /(name|names|ref|refs|fqn|secrets)$/i;

/** Secret references: TrueFoundry's store and the chart's Kubernetes-secret form. */
const REFERENCE = /^(tfy-secret:\/\/|\$\{k8s-secret\/)/;

export function describeCredential(key: string | undefined, value: string): string | undefined {
    if (REFERENCE.test(value)) return undefined;
    for (const [re, what] of KNOWN_FORMATS) if (re.test(value)) return what;
    if (key !== undefined && SENSITIVE_KEY.test(key) && !REFERENCE_KEY.test(key) && value.length >= 8 && !/\s/.test(value)) return `a literal value in the credential field "${key}"`;
    if (value.length >= 32 && /^[A-Za-z0-9+/=_-]+$/.test(value) && /[a-z]/.test(value) && /[A-Z]/.test(value) && /\d/.test(value) && entropy(value) >= 4) {
        return "a long random token";
    }
    return undefined;
}

/** Shannon entropy in bits per character. */
function entropy(s: string): number {
    const counts = new Map<string, number>();
    for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
    let h = 0;
    for (const n of counts.values()) h -= (n / s.length) * Math.log2(n / s.length);
    return h;
}

/** Fields of `auth_data` that hold a credential, so the value must be a secret reference whatever it looks like. */
const AUTH_SECRET_FIELDS = /^(api_key|password|bearer_token|secret_access_key|access_key_id|private_key|token|client_secret)$/;

export function checkLiteralCredentials(docs: readonly RawDocument[], sink: IssueSink): void {
    for (const d of docs) {
        walk(d.data, [], undefined, (path, key, value) => {
            const inAuth = path.includes("auth_data") && key !== undefined && AUTH_SECRET_FIELDS.test(key) && path[path.length - 1] === key;
            const what = describeCredential(key, value) ?? (inAuth && !REFERENCE.test(value) ? `a literal value in the credential field "${key}"` : undefined);
            if (what) {
                sink.report("literal-credential", d.source, path, {
                    message: `looks like ${what} (starts ${JSON.stringify(value.slice(0, 4))}…): no static credential in config, whatever the governance level`,
                    expected: "a secret reference tfy-secret://<tenant>:<secret-group>:<key>",
                    actual: "a literal value",
                    fix: "store it in the secret store and write a reference; then rotate it, since it has been in a file",
                });
            }
        });
    }
}

/** Calls `visit` for every string, with its path and the name of the field holding it. */
export function walk(node: unknown, path: IssuePath, key: string | undefined, visit: (path: IssuePath, key: string | undefined, value: string) => void): void {
    if (typeof node === "string") visit(path, key, node);
    else if (Array.isArray(node)) node.forEach((v, i) => walk(v, [...path, i], key, visit));
    else if (node && typeof node === "object") {
        for (const [k, v] of Object.entries(node)) {
            // A credential used as a map key (e.g. a header name holding a token) is a value too.
            visit([...path, k], undefined, k);
            walk(v, [...path, k], k, visit);
        }
    }
}
