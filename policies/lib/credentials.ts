/**
 * Recognising static credentials: by the name of the key that holds a value (`DB_PASSWORD`,
 * `clientSecret`, `apiKey`) and by the shape of the value itself (an AWS access key id, a PEM
 * private key). Every function here returns a verdict or a label, never the value: violation
 * messages name the key and the kind of material, so a secret is never echoed into a report.
 */

import { BASE64_PEM, EMBEDDED_FORMATS, WHOLE_VALUE_FORMATS, shannonEntropy } from "./credential-formats";

/** Splits `AWS_SECRET_ACCESS_KEY`, `clientSecret`, `x-api-key`, `APIKey` into lower-case words. */
export function nameWords(name: string): string[] {
    return name
        .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
        .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
        .toLowerCase()
        .split(/[^a-z0-9]+/)
        .filter((w) => w.length > 0);
}

/** A last word that names a credential outright. */
const CREDENTIAL_WORDS = new Set([
    "password", "passwords", "passwd", "pwd", "pass", "passphrase", "secret", "token", "credential", "credentials",
    "apikey", "accesskey", "secretkey", "privatekey", "clientsecret", "authtoken", "sastoken", "connectionstring",
]);

/** Words that turn a trailing `key` into a credential (`apiKey`, `AWS_SECRET_ACCESS_KEY`, `accountKey`). */
const KEY_QUALIFIERS = new Set(["api", "access", "secret", "private", "account", "master", "shared", "signing", "auth", "client", "primary", "secondary", "storage", "subscription", "encryption", "hmac", "jwt"]);

/**
 * A last word that makes the key describe or point at a credential rather than hold one:
 * `secretName`, `passwordSecretRef`, `tokenPath`, `apiKeyArn`, `passwordLength`, `tokenAudience`.
 */
const REFERENCE_WORDS = new Set([
    "name", "names", "ref", "reference", "refs", "path", "paths", "file", "files", "arn", "arns", "id", "ids", "uri", "url", "dir", "mount",
    "env", "var", "variable", "length", "policy", "rotation", "enabled", "enable", "type", "version", "provider", "store", "manager",
    "source", "from", "selector", "field", "header", "endpoint", "audience", "audiences", "expiry", "expiration", "ttl", "lifetime",
    "duration", "limit", "count", "size", "format", "kind", "mode", "class", "location", "template", "label", "annotation", "hash",
    "config", "configuration", "settings", "options", "spec", "pattern", "regex", "required", "retention", "interval", "period",
    "issuer", "scope", "scopes", "claim", "claims", "algorithm", "encoding", "namespace", "key", "keys", "create",
]);

/** A first word that makes the key a switch or a reference: `existingSecret`, `createSecret`, `useToken`. */
const LEADING_NON_VALUE = new Set(["existing", "create", "use", "generate", "auto", "automount", "mount", "enable", "disable", "allow", "require", "external", "max", "min", "num", "rotate"]);

/** Words that, before a trailing `secret`, say it is the secret that *holds* one (`passwordSecret`, `tokenSecret`). */
const HELD_BY_SECRET = new Set(["password", "passwd", "token", "key", "apikey", "credential", "credentials", "tls", "cert", "certificate", "pull", "image", "registry", "docker"]);

/**
 * Whether a key name says its value is a credential. Deliberately narrow at the edges so that
 * references (`existingSecret`, `secretName`, `passwordSecretKey`) and LLM settings (`maxTokens`)
 * are not flagged.
 */
export function isCredentialName(name: string): boolean {
    const words = nameWords(name);
    if (words.length === 0) return false;
    const last = words[words.length - 1];
    const prev = words.length > 1 ? words[words.length - 2] : undefined;
    if (LEADING_NON_VALUE.has(words[0]) && words.length > 1) return false;
    if (last === "key" && prev !== undefined && KEY_QUALIFIERS.has(prev)) {
        // `passwordSecretKey`: the name of the entry, inside a Secret, that holds the password.
        return !(prev === "secret" && words.slice(0, -2).some((w) => HELD_BY_SECRET.has(w)));
    }
    if (last === "string" && prev === "connection") return true;
    if (REFERENCE_WORDS.has(last)) return false;
    // Run-together names: `PGPASSWORD`, `dbpassword`, `MYSQLPASSWD`.
    if (/.(password|passwd)$/.test(last)) return true;
    if (!CREDENTIAL_WORDS.has(last)) return false;
    if (last === "secret" && words.slice(0, -1).some((w) => HELD_BY_SECRET.has(w))) return false;
    return true;
}

/**
 * The kind of key material a text contains (e.g. "a private key"), or undefined: a known issuer
 * format anywhere in it (`credential-formats.ts`), or a base64-encoded PEM private key.
 */
export function keyMaterialKind(value: string): string | undefined {
    // Cheap guard: every format needs at least 16 characters.
    if (value.length < 16) return undefined;
    for (const [re, label] of EMBEDDED_FORMATS) if (re.test(value)) return label;
    const b64 = BASE64_PEM.exec(value);
    if (b64 && /PRIVATE KEY/.test(Buffer.from(b64[0], "base64").toString("latin1"))) return "a base64-encoded private key";
    return undefined;
}

/**
 * The kind of credential a whole scalar value is: key material anywhere in it, or a shape that
 * only a whole value can be judged by (a 40-character AWS secret access key). For values that
 * are one setting each (stack config, a Helm value); free text goes through `keyMaterialKind`.
 */
export function credentialValueKind(value: string): string | undefined {
    const kind = keyMaterialKind(value);
    if (kind) return kind;
    const v = value.trim();
    for (const [test, label] of WHOLE_VALUE_FORMATS) if (test(v)) return label;
    return undefined;
}

/**
 * Words that make a key sound secret without naming a credential outright: `auth`, `signingKey`,
 * `sessionCookie`, `creds`, `webhookKey`. Under such a key only a random-looking value is refused
 * (`auth: iam` is a setting, `auth: 9f8Kq...` is not).
 */
const SECRET_SOUNDING_WORDS = new Set([
    ...CREDENTIAL_WORDS, "key", "auth", "creds", "cred", "signing", "signature", "sig", "hmac", "bearer", "cookie", "session",
    "salt", "pepper", "nonce", "webhook", "dsn", "license", "licence", "otp", "totp", "seed", "cipher", "encryption",
]);

/** Qualifiers that make a key public or a pointer whatever else it says: `publicKey`, `keyPairName`. */
const NOT_SECRET_WORDS = new Set(["public", "pub", "cert", "certificate", "fingerprint", "thumbprint", "pair", "vault", "kms", "cmk"]);

/** Whether a key name sounds like it may hold a secret (broader than `isCredentialName`). */
export function isSecretSoundingName(name: string): boolean {
    if (isCredentialName(name)) return true;
    const words = nameWords(name);
    if (words.length === 0) return false;
    const last = words[words.length - 1];
    if ((REFERENCE_WORDS.has(last) && last !== "key" && last !== "keys") || (LEADING_NON_VALUE.has(words[0]) && words.length > 1)) return false;
    if (words.some((w) => NOT_SECRET_WORDS.has(w))) return false;
    // Run-together names: `apitoken`, `authkey`, `secretkey` in one word.
    // A bare `key` is a label's or a map's key (`matchExpressions[].key`), not a secret.
    if (words.length === 1 && (last === "key" || last === "keys")) return false;
    return words.some((w) => SECRET_SOUNDING_WORDS.has(w) || /(?:secret|token|passw(?:or)?d|apikey|authkey|privatekey)/.test(w));
}

/**
 * Whether a value looks randomly generated, as keys and tokens are: one word of 16+ characters
 * from the base64/hex/token alphabets, letters and digits mixed, high Shannon entropy. A word, a
 * path, a URL, an ARN or a version string is not.
 */
export function isHighEntropy(value: string): boolean {
    const v = value.trim();
    if (v.length < 16 || v.length > 4096 || !/^[A-Za-z0-9+/=_.~-]+$/.test(v)) return false;
    if (!/[0-9]/.test(v) || !/[A-Za-z]/.test(v) || v.startsWith("/")) return false;
    // `karpenter.k8s.aws/instance-family`, `registry.example.com/team/image`: a name with a path.
    if (/\./.test(v) && /\//.test(v)) return false;
    // `splitplane/aws-phase1/team-x/token`: a path of lower-case words (a secret's name). Random
    // base64 split at `/` has capitals inside its segments, so it still counts.
    if (v.includes("/") && v.split("/").every((seg) => /^[A-Za-z0-9][a-z0-9]*(?:[-_.][a-z0-9]+)*$/.test(seg))) return false;
    // Hex keys have a 16-symbol alphabet, so their entropy tops out near 4: a lower bar for them.
    return shannonEntropy(v) >= (/^[0-9a-f]+$/i.test(v) ? 3 : 3.5);
}

/**
 * The one verdict on a named plain value, shared by the stack-config validator and the policy
 * pack: the label of the credential it is (never the value), or undefined.
 *
 * - key material anywhere in it, under any name (an AWS key id in `costCenter` too);
 * - a 40-character AWS secret key, whole, under any name;
 * - any literal under a credential name (`password`, `AWS_SECRET_ACCESS_KEY`, `api-key`);
 * - a random-looking literal under a secret-sounding name (`auth`, `signing_key`, `creds`).
 *
 * References (`${VAR}`, `tfy-secret://…`, secret-store ARNs) are never credentials.
 */
export function credentialKind(name: string | undefined, value: unknown): string | undefined {
    if (typeof value === "number") return name !== undefined && isCredentialName(name) && Number.isFinite(value) ? "a literal value under a credential name" : undefined;
    if (typeof value !== "string" || !isLiteralCredential(value)) return undefined;
    const kind = credentialValueKind(value);
    if (kind) return kind;
    if (name === undefined) return undefined;
    if (isCredentialName(name)) return "a literal value under a credential name";
    if (isSecretSoundingName(name) && isHighEntropy(value)) return "a random-looking value under a secret-sounding name";
    return undefined;
}

/**
 * Placeholders and references that are not the secret itself: `${DB_PASSWORD}`, `$DB_PASSWORD`
 * (upper case only, as environment variables are named: `$Passw0rd` is a password), `$(TOKEN)`,
 * `{{ .Values.x }}`, `<to_be_provided>`, LiteLLM's `os.environ/KEY`, TrueFoundry's
 * `tfy-secret://<tenant>:<group>:<key>` (the gateway's own reference form), vals/helmfile
 * `ref+awssecrets://…`, secret-store ARNs and Key Vault references.
 */
const REFERENCE_VALUE = /^\s*(?:<[^<>]*>|\$\{[^}]+\}|\$\([^)]+\)|\{\{.*\}\}|os\.environ\/\S+|tfy-secret:\/\/\S+|ref\+[a-z0-9]+:\/\/\S+|arn:aws[a-z-]*:(?:secretsmanager|ssm|kms):\S+|@Microsoft\.KeyVault\(.*\)|https:\/\/[a-z0-9-]+\.vault\.azure\.net\/\S*)\s*$/i;

/** `$DB_PASSWORD` (envsubst, Grafana): case-sensitive, unlike the forms above. */
const ENV_REFERENCE = /^\s*\$[A-Z_][A-Z0-9_]*\s*$/;

/** Whether a value under a credential-like key is a literal credential (a non-empty, non-reference string). */
export function isLiteralCredential(value: unknown): boolean {
    return typeof value === "string" && value.trim().length > 0 && !REFERENCE_VALUE.test(value) && !ENV_REFERENCE.test(value);
}
