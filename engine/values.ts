import * as rpc from "@pulumi/pulumi/runtime/rpc";
// The policy SDK's own deserializer: using it means policies see exactly the values the
// real CrossGuard analyzer would hand them (secrets unwrapped to plaintext, unknowns kept).
// eslint-disable-next-line @typescript-eslint/no-var-requires
const policyDeserialize: { deserializeProperties(struct: { toJavaScript(): unknown }, proxySecrets: boolean): Record<string, any> } = require("@pulumi/policy/deserialize");

/** The wire sentinel for a value that is unknown during preview (the string form all SDKs send). */
export const UNKNOWN = rpc.unknownValue;
const SIG = rpc.specialSigKey;

/** Raw property values as they crossed the (mock) resource monitor, still in wire form. */
export type RawProps = Record<string, unknown>;

export function isUnknown(value: unknown): boolean {
    return value === UNKNOWN;
}

function isSig(value: unknown, sig: string): value is Record<string, any> {
    return typeof value === "object" && value !== null && (value as Record<string, unknown>)[SIG] === sig;
}

/**
 * Resource references become the referenced id (custom resources) or URN (components), which is
 * what an analyzer receives; the policy deserializer does not accept references.
 */
function dropResourceRefs(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(dropResourceRefs);
    if (typeof value !== "object" || value === null) return value;
    if (isSig(value, rpc.specialResourceSig)) return value.id !== undefined && value.id !== "" ? value.id : value.urn;
    if (isSig(value, rpc.specialSecretSig)) return { [SIG]: rpc.specialSecretSig, value: dropResourceRefs(value.value) };
    if ((value as Record<string, unknown>)[SIG] !== undefined) return value;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = dropResourceRefs(v);
    return out;
}

/** Plain JS values for policies and tests: secrets unwrapped to plaintext, unknowns kept as UNKNOWN. */
export function toPolicyProps(raw: RawProps): Record<string, any> {
    const cleaned = dropResourceRefs(raw) as RawProps;
    return policyDeserialize.deserializeProperties({ toJavaScript: () => cleaned }, false);
}

/**
 * JSON for reports and `plan.json`: every secret replaced by "[secret]" and every unknown by
 * "[unknown]", so no output ever carries a secret's plaintext.
 */
export function toReportJson(value: unknown): unknown {
    if (value === UNKNOWN) return "[unknown]";
    if (Array.isArray(value)) return value.map(toReportJson);
    if (typeof value !== "object" || value === null) return value;
    if (isSig(value, rpc.specialSecretSig)) return "[secret]";
    if (isSig(value, rpc.specialResourceSig)) return value.urn;
    if (isSig(value, rpc.specialAssetSig) || isSig(value, rpc.specialArchiveSig)) return "[asset]";
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toReportJson(v);
    return out;
}

/** Wraps a plain value in the wire form of a secret. */
export function secretWire(value: unknown): Record<string, unknown> {
    return { [SIG]: rpc.specialSecretSig, value };
}

/** Whether a raw value is, or contains, a secret. */
export function containsSecret(value: unknown): boolean {
    if (isSig(value, rpc.specialSecretSig)) return true;
    if (Array.isArray(value)) return value.some(containsSecret);
    if (typeof value === "object" && value !== null) return Object.values(value).some(containsSecret);
    return false;
}
