import { Scan, UNSEEN } from "./scan";

/**
 * The fields among `fields` that are set. A set value counts whether or not it is known: a key
 * computed from another output during preview is still a static key.
 */
export function setFields(scan: Scan, holder: unknown, fields: readonly string[]): string[] {
    return fields.filter((f) => {
        const v = scan.peek(holder, f);
        return v === UNSEEN || (v !== undefined && v !== null && v !== "");
    });
}
