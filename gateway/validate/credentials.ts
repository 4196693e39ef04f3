import { credentialKind, isHighEntropy, isLiteralCredential } from "../../policies/lib/credentials";
import type { IssuePath, IssueSink } from "../issues";
import type { RawDocument } from "../source";

/**
 * No literal credential anywhere: every string of every document (before the schemas, so that a
 * key in a misspelt field is still caught) is judged by the one detector the policy pack and the
 * stack-config validator use (`policies/lib/credentials.ts`, DESIGN.md "Secrets"), so the three
 * never disagree. Messages never repeat the value.
 */

/** The gateway's own reference form to a chart-mounted Secret, beside `tfy-secret://`. */
const K8S_SECRET_REFERENCE = /^\$\{k8s-secret\/[^}]+\}$/;

/**
 * The label of the credential a gateway config value is, or undefined. On top of the shared
 * verdict, a gateway config has no legitimate place for a long random token under any key (ids
 * and model names are words, paths and URLs), so one is refused whatever field holds it.
 */
export function describeCredential(key: string | undefined, value: string): string | undefined {
    if (K8S_SECRET_REFERENCE.test(value)) return undefined;
    const kind = credentialKind(key, value);
    if (kind) return kind === "a literal value under a credential name" && key !== undefined ? `a literal value in the credential field "${key}"` : kind;
    if (isLiteralCredential(value) && value.length >= 32 && isHighEntropy(value) && /[a-z]/.test(value) && /[A-Z]/.test(value)) return "a long random token";
    return undefined;
}

/** Fields of `auth_data` that hold a credential, so the value must be a secret reference whatever it looks like. */
const AUTH_SECRET_FIELDS = /^(api_key|password|bearer_token|secret_access_key|access_key_id|private_key|token|client_secret)$/;

export function checkLiteralCredentials(docs: readonly RawDocument[], sink: IssueSink): void {
    for (const d of docs) {
        walk(d.data, [], undefined, (path, key, value) => {
            const inAuth = path.includes("auth_data") && key !== undefined && AUTH_SECRET_FIELDS.test(key) && path[path.length - 1] === key;
            const what = describeCredential(key, value) ?? (inAuth && isLiteralCredential(value) && !K8S_SECRET_REFERENCE.test(value) ? `a literal value in the credential field "${key}"` : undefined);
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
