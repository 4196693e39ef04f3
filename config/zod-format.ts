import { z } from "zod";

export interface FormatOptions {
    /** The variant being parsed (e.g. the stack's cloud), named in a key-of-another-variant message. */
    here?: string;
    /** For an unknown key path: the other variant (e.g. cloud) where it is a known key, if any. */
    elsewhere?: (path: readonly PropertyKey[]) => string | undefined;
}

/**
 * Turns zod issues into one line per problem, in the form users see everywhere in splitplane:
 * `<file>: <key path> <what was expected> (got <what was given>)`.
 *
 * `keyPrefix` maps the zod path to the user's key path, e.g. `splitplane:` for stack config
 * (so path ["network", "azCount"] reads `splitplane:network.azCount`).
 */
export function formatZodIssues(
    file: string,
    issues: readonly z.core.$ZodIssue[],
    schema: z.ZodType,
    keyPrefix = "",
    options: FormatOptions = {},
): string[] {
    const lines: string[] = [];
    for (const issue of issues) {
        if (issue.code === "unrecognized_keys") {
            const parent = schemaAt(schema, issue.path);
            const known = parent ? objectKeys(parent) : [];
            for (const key of issue.keys) {
                const hint = closest(key, known);
                const keyPath = joinPath(keyPrefix, [...issue.path, key]);
                const other = options.elsewhere?.([...issue.path, key]);
                if (other && options.here) {
                    lines.push(`${file}: ${keyPath} does not apply to ${options.here} stacks (it is a key of ${other} stacks)${hint ? `; did you mean ${joinPath(keyPrefix, [...issue.path, hint])}?` : ""}; known keys here: ${known.join(", ") || "none"}`);
                    continue;
                }
                lines.push(`${file}: ${keyPath} is not a known key${hint ? ` (did you mean ${joinPath(keyPrefix, [...issue.path, hint])}?)` : ""}; known keys here: ${known.join(", ") || "none"}`);
            }
            continue;
        }
        lines.push(`${file}: ${joinPath(keyPrefix, issue.path)} ${expectation(issue, schema)} (got ${describe(issue.input)})`);
    }
    return lines;
}

function expectation(issue: z.core.$ZodIssue, schema: z.ZodType): string {
    switch (issue.code) {
        case "too_small":
        case "too_big": {
            const target = schemaAt(schema, issue.path) as { minValue?: number | null; maxValue?: number | null } | undefined;
            const min = target?.minValue;
            const max = target?.maxValue;
            if (issue.origin === "number" && typeof min === "number" && typeof max === "number" && Number.isFinite(min) && Number.isFinite(max)) {
                return `must be between ${min} and ${max}`;
            }
            const bound = issue.code === "too_small" ? issue.minimum : issue.maximum;
            const word = issue.code === "too_small" ? "at least" : "at most";
            const unit = issue.origin === "string" ? " characters long" : issue.origin === "array" ? " items" : "";
            return `must be ${word} ${String(bound)}${unit}`;
        }
        case "invalid_type":
            return `must be ${article(issue.expected)}`;
        case "invalid_value":
            return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
        case "invalid_format": {
            if (issue.message && !issue.message.startsWith("Invalid")) return issue.message;
            const i = issue as { format: string; prefix?: string; suffix?: string; includes?: string; pattern?: string };
            if (i.format === "starts_with") return `must start with ${JSON.stringify(i.prefix)}`;
            if (i.format === "ends_with") return `must end with ${JSON.stringify(i.suffix)}`;
            if (i.format === "includes") return `must include ${JSON.stringify(i.includes)}`;
            if (i.format === "regex") return `must match ${i.pattern}`;
            return `must be a valid ${i.format}`;
        }
        default:
            return issue.message;
    }
}

function article(type: string): string {
    if (type === "int") return "an integer";
    return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/** Renders the given value for a message; long values are cut so no large blob lands in a log. */
export function describe(value: unknown): string {
    if (value === undefined) return "nothing";
    let text: string;
    try {
        text = typeof value === "string" ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
    } catch {
        text = String(value);
    }
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function joinPath(prefix: string, path: readonly PropertyKey[]): string {
    let out = prefix;
    for (const part of path) {
        if (typeof part === "number") out += `[${part}]`;
        else out += out === "" || out.endsWith(":") ? String(part) : `.${String(part)}`;
    }
    return out === "" ? "(root)" : out;
}

/** Walks a schema along a data path, looking through optional/default/nullable/pipe wrappers. */
export function schemaAt(schema: z.ZodType, path: readonly PropertyKey[]): z.ZodType | undefined {
    let current: z.ZodType | undefined = unwrap(schema);
    for (const part of path) {
        if (!current) return undefined;
        if (current instanceof z.ZodObject) current = unwrap((current.shape as Record<string, z.ZodType>)[String(part)]);
        else if (current instanceof z.ZodArray) current = unwrap(current.element as z.ZodType);
        else if (current instanceof z.ZodRecord) current = unwrap(current.valueType as z.ZodType);
        else return undefined;
    }
    return current;
}

function unwrap(schema: z.ZodType | undefined): z.ZodType | undefined {
    let s = schema;
    for (let i = 0; i < 10 && s; i++) {
        if (s instanceof z.ZodOptional || s instanceof z.ZodNullable || s instanceof z.ZodDefault || s instanceof z.ZodPrefault) {
            s = s.unwrap() as z.ZodType;
        } else if (s instanceof z.ZodPipe) {
            s = s.in as z.ZodType;
        } else {
            break;
        }
    }
    return s;
}

function objectKeys(schema: z.ZodType): string[] {
    return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

/** The known key closest to a misspelt one, if it is close enough to be a plausible typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
    let best: string | undefined;
    let bestDistance = Infinity;
    for (const candidate of candidates) {
        const d = levenshtein(word.toLowerCase(), candidate.toLowerCase());
        if (d < bestDistance) {
            best = candidate;
            bestDistance = d;
        }
    }
    return best !== undefined && bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function levenshtein(a: string, b: string): number {
    const row = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
        let prev = row[0];
        row[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const tmp = row[j];
            row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
            prev = tmp;
        }
    }
    return row[b.length];
}
