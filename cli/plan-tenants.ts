import { appendFileSync } from "node:fs";
import { StackProblems, TenantEntry, siblingTenantProblems } from "../stacks/shared-tenant";

/**
 * The plan CLI's check across the stacks it planned: stacks of one control plane whose gateway
 * configs define a tenant object differently (`siblingTenantProblems`). Each clash is an error of
 * the stack planned later, in the shape of `--json`'s `errors` (`{stack, file, problems}`), and is
 * appended to that stack's report.md when one was written (`reports`: stack file to report path).
 * `summary` is the line printed after the problems, when there are any.
 */
export function tenantClashes(tenants: readonly TenantEntry[], reports: ReadonlyMap<string, string> = new Map()): { errors: StackProblems[]; summary?: string } {
    const errors = siblingTenantProblems(tenants);
    for (const clash of errors) {
        const report = reports.get(clash.file);
        if (report) appendFileSync(report, `\n## Shared tenant\n\n${clash.problems.map((p) => `- ${p}`).join("\n")}\n`);
    }
    if (errors.length === 0) return { errors };
    return { errors, summary: `plan: ${errors.map((c) => c.stack).join(", ")}: gateway config defines objects that another stack of the same control plane defines differently (see above)` };
}
