import { parse as parseYaml } from "yaml";
import { credentialValueKind, isCredentialName, isHighEntropy, isLiteralCredential, isSecretSoundingName } from "./credentials";
import { Scan, UNSEEN } from "./scan";

/**
 * Judging named values (environment variables, Secret entries, Helm values) for literal
 * credentials. A value under a credential-like name is read strictly (unknown means "can't tell
 * yet", reported as such); a value under any other name is only peeked at for key material,
 * because an unknown `TABLE_NAME` must not make every function "unjudgeable".
 */

/** Flags `holder[key]` when it is a literal credential under a credential-like `name`, or contains key material. */
export function judgeNamedValue(scan: Scan, where: string, name: string, holder: unknown, key: string | number, decode?: (v: string) => string): void {
    if (isCredentialName(name)) {
        const value = scan.get(holder, key);
        if (value === UNSEEN) return;
        // YAML turns `password: 123456` into a number; it is no less a literal password.
        if (isLiteralCredential(value) || (typeof value === "number" && Number.isFinite(value))) {
            scan.flag(`${where} holds a literal credential; reference a secret store instead`);
            return;
        }
    }
    const value = scan.peek(holder, key);
    if (typeof value !== "string") return;
    const text = decode ? decode(value) : value;
    const kind = credentialValueKind(text);
    if (kind) scan.flag(`${where} contains ${kind}`);
    else if (isSecretSoundingName(name) && isLiteralCredential(text) && isHighEntropy(text)) scan.flag(`${where} holds a random-looking value under a secret-sounding name; reference a secret store instead`);
}

export interface MapOptions {
    /** Turns a stored value into its text (Secret `data` is base64). */
    decode?: (v: string) => string;
    /**
     * Also judge values that are whole config files (`application.yaml`, `config.json` in a
     * ConfigMap): a YAML or JSON mapping is walked like Helm values, key by key.
     */
    files?: boolean;
}

/** Every entry of a string map (`environment.variables`, `data`, `stringData`). */
export function judgeMap(scan: Scan, where: string, map: unknown, options: MapOptions = {}): void {
    if (map === UNSEEN || map === null || typeof map !== "object") return;
    for (const name of Object.keys(map)) {
        judgeNamedValue(scan, `${where}.${name}`, name, map, name, options.decode);
        if (!options.files) continue;
        const value = scan.peek(map, name);
        if (typeof value !== "string") continue;
        const doc = configFile(options.decode ? options.decode(value) : value);
        if (doc) judgeTree(scan, `${where}.${name}`, doc);
    }
}

/**
 * A config file's mapping, when a value is one: multi-line YAML or a JSON object. Anything else
 * (a single line, a script, a file YAML cannot read) is not a file to walk.
 */
export function configFile(text: string): object | undefined {
    const t = text.trim();
    if (!t.includes("\n") && !t.startsWith("{")) return undefined;
    try {
        const doc: unknown = parseYaml(t);
        return doc !== null && typeof doc === "object" && !Array.isArray(doc) ? doc : undefined;
    } catch {
        // Not YAML (nginx.conf, a shell script, several documents): judged as text only.
        return undefined;
    }
}

/** Base64 to text for Secret `data`; the input unchanged when it is not base64. */
export function fromBase64(value: string): string {
    if (!/^[A-Za-z0-9+/=\s]+$/.test(value)) return value;
    return Buffer.from(value, "base64").toString("utf8");
}

/** Nesting beyond this is not configuration a person wrote; stop rather than walk forever. */
const MAX_DEPTH = 32;

/**
 * Walks a values tree (Helm values) key by key, never serialising it (a JSON.stringify would
 * throw on the first unknown): a credential-like key holding a literal string is flagged by path.
 */
export function judgeTree(scan: Scan, where: string, node: unknown, depth = 0, name?: string): void {
    if (depth > MAX_DEPTH || node === null || typeof node !== "object") return;
    if (Array.isArray(node)) {
        // A list's items are named by the list's key: `passwords: [...]` holds passwords.
        for (let i = 0; i < node.length; i++) visit(scan, `${where}[${i}]`, name ?? String(i), node, i, depth);
        return;
    }
    // `{ name: API_KEY, value: ... }` pairs (extraEnv lists) are named by their `name`; a literal
    // value under a name not known yet may be a credential, so the unknown name is reported.
    const pairName = scan.peek(node, "name");
    if (pairName === UNSEEN && scan.peek(node, "value") !== undefined) scan.get(node, "name");
    for (const key of Object.keys(node)) {
        const path = where ? `${where}.${key}` : key;
        if (key === "value" && typeof pairName === "string") judgeNamedValue(scan, path, pairName, node, key);
        else visit(scan, path, key, node, key, depth);
    }
}

function visit(scan: Scan, where: string, name: string, holder: unknown, key: string | number, depth: number): void {
    const peeked = scan.peek(holder, key);
    if (peeked !== null && typeof peeked === "object") {
        judgeTree(scan, where, peeked, depth + 1, name);
        return;
    }
    judgeNamedValue(scan, where, name, holder, key);
}
