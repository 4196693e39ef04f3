import { createHash } from "node:crypto";

/** The account, subscription and tenant every offline plan runs in (documentation placeholders). */
export const MOCK_ACCOUNT_ID = "123456789012";
export const MOCK_SUBSCRIPTION_ID = "00000000-0000-4000-8000-00000000c0de";
export const MOCK_TENANT_ID = "00000000-0000-4000-8000-0000000a11ce";

/**
 * Deterministic hex derived from a resource's identity, so that a plan of the same program
 * yields the same ids run after run and `plan.json` diffs only when the program changes.
 */
export function hex(seed: string, length: number): string {
    let out = "";
    for (let i = 0; out.length < length; i++) out += createHash("sha256").update(`${seed}#${i}`).digest("hex");
    return out.slice(0, length);
}

/** A UUID-shaped deterministic id. */
export function uuid(seed: string): string {
    const h = hex(seed, 32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Pulumi's autonaming: the logical name plus a random 7-character suffix. */
export function autoname(logicalName: string, seed: string): string {
    return `${logicalName}-${hex(seed, 7)}`;
}
