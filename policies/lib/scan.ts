/**
 * Reading resource properties the way CrossGuard needs them read.
 *
 * During `pulumi preview` a value computed from another resource's output is unknown, and the
 * analyzer's proxy throws `UnknownValueError` on the first read of one; the analyzer then reports
 * the policy as "can't run during preview" (advisory). A policy that reads an unknown value early
 * hides every violation it would have found after it. So a policy built on `Scan`:
 *
 * 1. peeks at each value through its property descriptor (the proxy has no trap for that), so an
 *    unknown value is seen without throwing and the read is remembered;
 * 2. judges every known value and records findings;
 * 3. calls `settle()` last, which replays the first remembered read through the proxy: the
 *    analyzer's own error, with the value's path, after the findings are reported.
 *
 * No try/catch anywhere: an unknown value is never silently a pass.
 */

// The policy SDK's sentinels for unknown values (one per type); internal to the SDK but part of
// the wire protocol, so they cannot drift from what the analyzer hands policies.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const proxyModule = require("@pulumi/policy/proxy") as Record<string, unknown>;
const SENTINEL_EXPORTS = ["unknownBooleanValue", "unknownNumberValue", "unknownStringValue", "unknownArrayValue", "unknownAssetValue", "unknownArchiveValue", "unknownObjectValue"];
const SENTINELS = new Set<unknown>(
    SENTINEL_EXPORTS.map((name) => {
        const value = proxyModule[name];
        if (typeof value !== "string") throw new Error(`@pulumi/policy/proxy no longer exports ${name}; update policies/lib/scan.ts`);
        return value;
    }),
);

/** Whether a raw value is the analyzer's "unknown during preview" sentinel. */
export function isUnknownValue(value: unknown): boolean {
    return typeof value === "string" && SENTINELS.has(value);
}

/** Returned in place of a value that is unknown during preview. */
export const UNSEEN: unique symbol = Symbol("unknown during preview");
export type Unseen = typeof UNSEEN;

type Key = string | number;

/** Documents nested deeper than this are not configuration a person wrote. */
const MAX_COPY_DEPTH = 32;

export class Scan {
    readonly findings: string[] = [];
    private replay?: () => unknown;

    /** Records a violation message (it must never contain a value that may be a secret). */
    flag(message: string): void {
        this.findings.push(message);
    }

    /** Whether any read met an unknown value. */
    get sawUnknown(): boolean {
        return this.replay !== undefined;
    }

    /**
     * `obj[key]` if known (read through the proxy, so nested objects stay proxied); `UNSEEN` if
     * unknown; `undefined` if missing or `obj` is not an object.
     */
    get(obj: unknown, key: Key): unknown {
        if (obj === null || typeof obj !== "object") return undefined;
        const d = Object.getOwnPropertyDescriptor(obj, String(key));
        if (d === undefined) return undefined;
        if (isUnknownValue(d.value)) {
            this.replay ??= () => (obj as Record<string, unknown>)[key as string];
            return UNSEEN;
        }
        return (obj as Record<string, unknown>)[key as string];
    }

    /** Like `get`, for values used only in messages: an unknown value is `UNSEEN` but not remembered. */
    peek(obj: unknown, key: Key): unknown {
        if (obj === null || typeof obj !== "object") return undefined;
        const d = Object.getOwnPropertyDescriptor(obj, String(key));
        if (d === undefined) return undefined;
        return isUnknownValue(d.value) ? UNSEEN : (obj as Record<string, unknown>)[key as string];
    }

    /** Follows a path of keys; stops at the first missing (`undefined`) or unknown (`UNSEEN`) step. */
    at(obj: unknown, ...path: Key[]): unknown {
        let cur: unknown = obj;
        for (const key of path) {
            cur = this.get(cur, key);
            if (cur === undefined || cur === UNSEEN) return cur;
        }
        return cur;
    }

    /** The known elements of the array at `path` (none when missing, not an array or unknown). */
    list(obj: unknown, ...path: Key[]): unknown[] {
        const arr = this.at(obj, ...path);
        if (!Array.isArray(arr)) return [];
        const out: unknown[] = [];
        for (let i = 0; i < arr.length; i++) {
            const v = this.get(arr, i);
            if (v !== UNSEEN) out.push(v);
        }
        return out;
    }

    /** Like `list`, with each element's index (for messages that point at the element). */
    indexed(obj: unknown, ...path: Key[]): Array<[number, unknown]> {
        const arr = this.at(obj, ...path);
        if (!Array.isArray(arr)) return [];
        const out: Array<[number, unknown]> = [];
        for (let i = 0; i < arr.length; i++) {
            const v = this.get(arr, i);
            if (v !== UNSEEN) out.push([i, v]);
        }
        return out;
    }

    /** The own keys of the object at `path` (keys are always known; their values may not be). */
    keys(obj: unknown, ...path: Key[]): string[] {
        const o = this.at(obj, ...path);
        return o !== null && typeof o === "object" && !Array.isArray(o) ? Object.keys(o) : [];
    }

    /**
     * A plain copy of a value's known parts, for pure functions that walk whole documents (a
     * trust policy given as an object): each unknown part becomes `UNSEEN` and is remembered.
     */
    known(value: unknown, depth = 0): unknown {
        if (value === null || typeof value !== "object" || depth > MAX_COPY_DEPTH) return value;
        const at = (key: Key) => {
            const v = this.get(value, key);
            return v === UNSEEN ? UNSEEN : this.known(v, depth + 1);
        };
        if (Array.isArray(value)) return Array.from({ length: value.length }, (_, i) => at(i));
        return Object.fromEntries(Object.keys(value).map((k) => [k, at(k)]));
    }

    /**
     * Ends the scan: if any value was unknown, re-reads the first one through the analyzer's proxy,
     * which throws its `UnknownValueError` ("string value at .x.y can't be known during preview").
     */
    settle(): void {
        if (this.replay === undefined) return;
        this.replay();
        // Only reachable when props were not wrapped in the analyzer's proxy (never under CrossGuard
        // or the offline engine); still refuse to turn an unknown value into a pass.
        throw new Error("a value is unknown during preview");
    }
}

/** A string value, or undefined for anything else (numbers are not coerced). */
export function asString(v: unknown): string | undefined {
    return typeof v === "string" ? v : undefined;
}
