/**
 * Recognising static credentials: by the name of the key that holds a value (`DB_PASSWORD`,
 * `clientSecret`, `apiKey`) and by the shape of the value itself (an AWS access key id, a PEM
 * private key). Every function here returns a verdict or a label, never the value: violation
 * messages name the key and the kind of material, so a secret is never echoed into a report.
 */

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

/** Patterns of key material, each with the label a message uses. */
const KEY_MATERIAL: ReadonlyArray<[RegExp, string]> = [
    [/\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/, "an AWS access key id"],
    [/aws_?secret_?access_?key["']?\s*[:=]\s*["']?[A-Za-z0-9/+=]{40}\b/i, "an AWS secret access key"],
    [/-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/, "a private key"],
    [/\bgh[pousr]_[A-Za-z0-9]{36,}\b|\bgithub_pat_[A-Za-z0-9_]{22,}/, "a GitHub token"],
    [/\bxox[abprs]-[A-Za-z0-9-]{10,}/, "a Slack token"],
    [/\bsk-(?:proj-|ant-(?:api\d+-)?)?[A-Za-z0-9_-]{20,}/, "an LLM provider API key"],
    [/\bhf_[A-Za-z0-9]{30,}\b/, "a Hugging Face token"],
    [/\bAIza[0-9A-Za-z_-]{35}\b/, "a Google API key"],
    [/\b[rs]k_live_[0-9A-Za-z]{20,}/, "a Stripe key"],
    [/AccountKey=[A-Za-z0-9+/=]{40,}/, "an Azure storage account key"],
    [/SharedAccessKey=[A-Za-z0-9+/=]{20,}/, "an Azure shared access key"],
    [/[?&]sig=[A-Za-z0-9%+/=]{20,}/, "a SAS token"],
    [/\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/, "a JSON web token"],
    [/\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@$]+:[^\s/@${}]+@[^\s/]+/i, "a URL with an embedded password"],
];

/** The kind of key material a string contains (e.g. "a private key"), or undefined. */
export function keyMaterialKind(value: string): string | undefined {
    // Cheap guard: all patterns need at least 16 characters.
    if (value.length < 16) return undefined;
    for (const [re, label] of KEY_MATERIAL) if (re.test(value)) return label;
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
