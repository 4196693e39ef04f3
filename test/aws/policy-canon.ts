/**
 * IAM statements in a canonical form for comparison: order-insensitive action, resource and
 * condition-value lists, a single string treated as a one-item list.
 */
export function canonicalStatements(doc: { Statement: unknown[] }): string[] {
    return doc.Statement.map((s) => JSON.stringify(canon(s))).sort();
}

function canon(value: unknown, key = ""): unknown {
    if (Array.isArray(value)) return value.map((v) => canon(v)).sort();
    if (typeof value === "object" && value !== null) {
        return Object.fromEntries(
            Object.entries(value as Record<string, unknown>)
                .sort(([a], [b]) => a.localeCompare(b))
                .map(([k, v]) => [k, canon(v, k)]),
        );
    }
    // Lists of one: IAM reads "x" and ["x"] alike for these keys and every condition value.
    if (typeof value === "string" && key !== "Effect" && key !== "Sid" && key !== "Version") return [value];
    return value;
}
