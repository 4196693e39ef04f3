/**
 * Generates policies/lib/credential-inputs.generated.ts: for every resource type of the installed
 * @pulumi/aws, @pulumi/azure-native and @pulumi/kubernetes, the input paths that are candidate
 * credentials. Run `npm run policies:generate` after upgrading a provider SDK; a test fails while
 * the committed table is out of step with the installed SDKs (the pack's own folder has no SDKs,
 * so it reads the table, never the SDKs).
 *
 * Candidates come from two places, both read off the SDKs themselves:
 * - the provider's own marks: @pulumi/aws wraps sensitive inputs in `pulumi.secret(...)` in each
 *   resource class's constructor (azure-native and kubernetes mark none);
 * - the SDK's input types: every property, at any depth of the Args interface and the nested
 *   `inputs.*` types it references, whose name says it holds a credential (`isCredentialName`, the
 *   detector the stack-config validator uses) and whose type can hold a string.
 * A mark is a candidate, not a verdict: marked inputs that are not credentials (a certificate, a
 * login banner, a KMS key id) are listed in EXCLUDED with the reason.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { isCredentialName } from "../lib/credentials";

const ROOT = path.join(__dirname, "..", "..");
const SDK = (pkg: string) => path.join(ROOT, "node_modules", "@pulumi", pkg);
export const OUT = path.join(ROOT, "policies", "lib", "credential-inputs.generated.ts");
export const PACKAGES = ["aws", "azure-native", "kubernetes"] as const;

/** `type path` pairs that are candidates by mark or name but not credentials, and why. */
export const EXCLUDED: Record<string, string> = {
    "aws:appconfig/hostedConfigurationVersion:HostedConfigurationVersion content": "a configuration document; credentials inside it are found by value",
    "aws:bedrock/agentcoreHarness:AgentcoreHarness environmentVariables": "a map of variables; each is judged by its own name and value",
    "aws:cloudcontrol/resource:Resource schema": "a resource schema document",
    "aws:directoryservice/sharedDirectory:SharedDirectory notes": "free text to the consumer account",
    "aws:dms/certificate:Certificate certificatePem": "a certificate (public)",
    "aws:glue/connection:Connection connectionProperties": "a map of properties; each is judged by its own name (PASSWORD) and value",
    "aws:glue/connection:Connection athenaProperties": "a map of properties; each is judged by its own name and value",
    "aws:iot/authorizer:Authorizer tokenSigningPublicKeys": "public keys",
    "aws:iot/caCertificate:CaCertificate caCertificatePem": "a certificate (public)",
    "aws:iot/caCertificate:CaCertificate verificationCertificatePem": "a certificate (public)",
    "aws:iot/certificate:Certificate caPem": "a certificate (public)",
    "aws:iot/certificate:Certificate certificatePem": "a certificate (public)",
    "aws:mwaa/environment:Environment airflowConfigurationOptions": "a map of Airflow options; each is judged by its own name and value",
    "aws:redshiftserverless/namespace:Namespace adminUsername": "a user name",
    "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration token": "a one-time Object Lock enablement token from AWS Support, not a credential",
    "aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2 token": "a one-time Object Lock enablement token from AWS Support, not a credential",
    "aws:s3/bucketReplicationConfig:BucketReplicationConfig token": "a one-time Object Lock token for replication, not a credential",
    "aws:s3/objectCopy:ObjectCopy kmsKeyId": "a KMS key id",
    "aws:s3/objectCopy:ObjectCopy kmsEncryptionContext": "an encryption context (not secret)",
    "aws:sns/platformApplication:PlatformApplication platformPrincipal": "an APNs certificate (public) or unused",
    "aws:ssm/parameter:Parameter value": "configuration unless the type is SecureString; key material in it is found by value",
    "aws:ssm/parameter:Parameter valueWo": "configuration unless the type is SecureString; key material in it is found by value",
    "aws:transfer/certificate:Certificate certificate": "a certificate (public)",
    "aws:transfer/certificate:Certificate certificateChain": "a certificate chain (public)",
    "aws:transfer/server:Server postAuthenticationLoginBanner": "a login banner",
    "aws:transfer/server:Server preAuthenticationLoginBanner": "a login banner",
    ...Object.fromEntries(
        ["aws:pinpoint/apnsChannel:ApnsChannel", "aws:pinpoint/apnsSandboxChannel:ApnsSandboxChannel", "aws:pinpoint/apnsVoipChannel:ApnsVoipChannel", "aws:pinpoint/apnsVoipSandboxChannel:ApnsVoipSandboxChannel"].flatMap((t) => [
            [`${t} bundleId`, "an app identifier"],
            [`${t} teamId`, "an Apple team identifier"],
            [`${t} tokenKeyId`, "the identifier of a signing key, not the key"],
            [`${t} certificate`, "a certificate (public)"],
        ]),
    ),
    "aws:pinpoint/admChannel:AdmChannel clientId": "an OAuth client identifier, not its secret",
};

/**
 * Names that the credential-name test takes for credentials but that an SDK uses for something
 * else, with the reason: checked on the last segment of every path, for every provider.
 */
export const NOT_CREDENTIAL_NAMES: Record<string, string> = {
    creationToken: "an idempotency token (EFS, NetApp)",
    clientToken: "an idempotency token",
    updateToken: "a concurrency token",
    viewVersionToken: "a concurrency token",
    offerToken: "a Marketplace offer identifier",
    encryptionKey: "the ARN or id of a KMS key, not key material",
    kmsEncryptionKey: "the ARN or id of a KMS key",
    defaultEncryptionKey: "the ARN or id of a KMS key",
    keyEncryptionKey: "a reference to a Key Vault key",
    continueToken: "a pagination token (StorageVersionMigration)",
};

/**
 * A property typed as one of these is a reference to a credential, not the credential (the issue's
 * "the name of a Secret, or of a key inside one"): Kubernetes' `volumes[].secret`
 * (SecretVolumeSource), `serviceAccountToken` (a projection), `…SecretRef`, `…KeySelector`.
 */
const REFERENCE_TYPE = /inputs\.[\w.]*(VolumeSource|Projection|Reference|Ref|Selector)(Args|Patch)*\b/;
/** Path segments below which nothing is a credential, with the reason. */
export const NOT_CREDENTIAL_PARENTS: Record<string, string> = { tokenValidityUnits: "the units of token lifetimes" };

/** Whether a property's type text can hold a string (not only booleans, numbers or enums of settings). */
function holdsString(typeText: string): boolean {
    // An enum-typed property is a setting (`syncKerberosPasswords: Enabled`), never a secret.
    if (/\benums\./.test(typeText)) return false;
    return /\bstring\b|inputs\.|\bany\b/.test(typeText) && !/^pulumi\.Input<(boolean|number)( \| undefined)?>$/.test(typeText.trim());
}

interface Prop {
    name: string;
    type: string;
}

/** Interfaces of a .d.ts by qualified name (`mq.BrokerUser`, `core.v1.EnvVar`), each with its properties. */
function interfaces(file: string, prefix = ""): Map<string, Prop[]> {
    const sf = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, false);
    const out = new Map<string, Prop[]>();
    const visit = (node: ts.Node, ns: string) => {
        if (ts.isModuleDeclaration(node) && node.body) {
            const name = ns ? `${ns}.${node.name.getText(sf)}` : node.name.getText(sf);
            ts.forEachChild(node.body, (c) => visit(c, name));
        } else if (ts.isModuleBlock(node)) ts.forEachChild(node, (c) => visit(c, ns));
        else if (ts.isInterfaceDeclaration(node)) {
            const props: Prop[] = [];
            for (const m of node.members) if (ts.isPropertySignature(m) && m.type) props.push({ name: m.name.getText(sf).replace(/^["']|["']$/g, ""), type: m.type.getText(sf) });
            out.set(ns ? `${ns}.${node.name.text}` : node.name.text, props);
        } else ts.forEachChild(node, (c) => visit(c, ns));
    };
    visit(sf, prefix);
    return out;
}

/** Candidate paths of one Args interface, following `inputs.*` references (depth-limited). */
function namedPaths(props: Prop[], inputs: Map<string, Prop[]>, depth = 0, seen = new Set<string>()): string[] {
    const out: string[] = [];
    for (const p of props) {
        if (NOT_CREDENTIAL_PARENTS[p.name] !== undefined) continue;
        if (isCredentialName(p.name) && NOT_CREDENTIAL_NAMES[p.name] === undefined && holdsString(p.type) && !REFERENCE_TYPE.test(p.type)) {
            out.push(p.name);
            continue;
        }
        if (depth >= 4) continue;
        for (const m of p.type.matchAll(/inputs\.([\w.]+)/g)) {
            const ref = m[1];
            if (seen.has(ref)) continue;
            const nested = inputs.get(ref);
            if (!nested) continue;
            const list = p.type.includes(`inputs.${ref}>[]`) || p.type.includes(`inputs.${ref}[]`) ? "[]" : "";
            for (const sub of namedPaths(nested, inputs, depth + 1, new Set([...seen, ref]))) out.push(`${p.name}${list}.${sub}`);
        }
    }
    return out;
}

function resourceFiles(dir: string, depth = 0): string[] {
    const out: string[] = [];
    for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory() && e.name !== "types" && e.name !== "node_modules" && depth < 2) out.push(...resourceFiles(path.join(dir, e.name), depth + 1));
        else if (e.isFile() && e.name.endsWith(".js") && depth > 0) out.push(path.join(dir, e.name));
    }
    return out;
}

export function generate(only?: { packages?: readonly string[]; modules?: readonly string[] }): { table: Record<string, string[]>; versions: Record<string, string> } {
    const table: Record<string, string[]> = {};
    const versions: Record<string, string> = {};
    for (const pkg of PACKAGES.filter((p) => !only?.packages || only.packages.includes(p))) {
        const dir = SDK(pkg);
        versions[`@pulumi/${pkg}`] = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")).version;
        const inputs = interfaces(path.join(dir, "types", "input.d.ts"));
        const roots = only?.modules ? only.modules.map((m) => path.join(dir, m)).filter(existsSync) : [dir];
        for (const js of roots.flatMap((r) => resourceFiles(r, r === dir ? 0 : 1))) {
            const src = readFileSync(js, "utf8");
            const type = /__pulumiType = '([^']+)'/.exec(src)?.[1];
            if (!type || !/^[a-z-]+:[^:]+:[A-Za-z0-9]+$/.test(type)) continue;
            const marked = [...src.matchAll(/resourceInputs\["(\w+)"\] = args\?\.\w+ \? pulumi\.secret\(/g)].map((m) => m[1]);
            const dts = js.replace(/\.js$/, ".d.ts");
            const args = existsSync(dts) ? [...interfaces(dts).entries()].find(([n]) => n.endsWith("Args") && !n.includes("."))?.[1] : undefined;
            const paths = [...new Set([...marked, ...(args ? namedPaths(args, inputs) : [])])].filter((p) => EXCLUDED[`${type} ${p}`] === undefined).sort();
            if (paths.length > 0) table[type] = paths;
        }
    }
    return { table: Object.fromEntries(Object.entries(table).sort(([a], [b]) => a.localeCompare(b))), versions };
}

export function render(g: ReturnType<typeof generate>): string {
    return [
        "// Generated by `npm run policies:generate` (policies/generate/credential-inputs.ts) from the installed SDKs. Do not edit by hand; a test fails when it is out of step.",
        "",
        "/** The SDK versions this table was read from. */",
        `export const SDK_VERSIONS: Readonly<Record<string, string>> = ${JSON.stringify(g.versions)};`,
        "",
        "/** Per resource type, the input paths that are candidate credentials (`users[].password`: every element's `password`). */",
        "export const CREDENTIAL_INPUTS: Readonly<Record<string, readonly string[]>> = {",
        ...Object.entries(g.table).map(([t, ps]) => `    ${JSON.stringify(t)}: ${JSON.stringify(ps)},`),
        "};",
        "",
    ].join("\n");
}

if (require.main === module) {
    const g = generate();
    writeFileSync(OUT, render(g));
    process.stdout.write(`wrote ${path.relative(process.cwd(), OUT)} (${Object.keys(g.table).length} resource types)\n`);
}
