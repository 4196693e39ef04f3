/**
 * Fully qualified stack names, as `new pulumi.StackReference(name)` takes them. Pure, so a config
 * schema can validate a reference with the same rule the offline engine resolves it by.
 *
 * Pulumi Cloud names a stack `<org>/<project>/<stack>`; a self-managed (DIY) backend takes the
 * literal organization `organization` (`organization/<project>/<stack>`). A short name (`dev`, or
 * `project/stack`) resolves against whichever organization the deployer is logged in to, so a
 * shared reference in stack config is always fully qualified.
 * https://www.pulumi.com/docs/iac/concepts/stacks/#stackreferences
 */

/** A referenced stack, split. */
export interface StackName {
    org: string;
    project: string;
    stack: string;
}

/** Each part: letters, digits, `-`, `_` and `.` (Pulumi's stack name rule), not empty. */
const PART = /^[A-Za-z0-9_.-]+$/;

/** What a stack reference must look like, for messages. */
export const STACK_NAME_EXPECTED = "a fully qualified stack name <org>/<project>/<stack> (organization/<project>/<stack> on a self-managed backend)";

/** Splits a fully qualified stack name, or says why it is not one. */
export function parseStackName(name: string): StackName | { problem: string } {
    const parts = name.split("/");
    if (parts.length !== 3 || !parts.every((p) => PART.test(p))) {
        return { problem: `must be ${STACK_NAME_EXPECTED} (got ${JSON.stringify(name)})` };
    }
    const [org, project, stack] = parts;
    return { org, project, stack };
}

/** True when `name` is a fully qualified stack name (for zod `.refine`). */
export function isStackName(name: string): boolean {
    return !("problem" in parseStackName(name));
}

/**
 * The config key whose value is `name` (`splitplane:controlPlane.stackReference` for a value
 * nested in a structured key), so an error about a reference names the key the user wrote it
 * in. `values` is flat stack config as Pulumi hands it over (objects JSON-encoded).
 */
export function configKeyHolding(values: Readonly<Record<string, string>>, name: string): string | undefined {
    for (const [key, raw] of Object.entries(values)) {
        if (raw === name) return key;
        if (!/^[[{]/.test(raw.trim())) continue;
        let parsed: unknown;
        try {
            parsed = JSON.parse(raw);
        } catch {
            continue;
        }
        const found = pathTo(parsed, name);
        if (found !== undefined) return `${key}${found}`;
    }
    return undefined;
}

function pathTo(value: unknown, needle: string): string | undefined {
    if (value === needle) return "";
    if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
            const p = pathTo(value[i], needle);
            if (p !== undefined) return `[${i}]${p}`;
        }
    } else if (typeof value === "object" && value !== null) {
        for (const [k, v] of Object.entries(value)) {
            const p = pathTo(v, needle);
            if (p !== undefined) return `.${k}${p}`;
        }
    }
    return undefined;
}
