import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { catalog } from "./catalog";
import type { PolicyMeta, Theme } from "./lib/define";
import { EXEMPTION_ANNOTATION, EXEMPTION_TAG } from "./lib/exemptions";

/**
 * Generates docs/policies.md from the policies' own metadata, so the catalog cannot drift from
 * the code: `npx tsx policies/docs.ts` writes it; a test fails when the committed file is stale.
 */

const THEMES: Record<Theme, string> = {
    I: "no inbound ports open to the internet",
    C: "no static credentials",
    H: "hardening",
};

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
const code = (s: string) => `\`${s}\``;

function levelText(m: PolicyMeta): string {
    if (m.name === "stack-prod-stateful-protected") return "mandatory (prod only)";
    return m.level === "advisory" ? "advisory (mandatory if enforced)" : m.level;
}

function summary(): string[] {
    const lines = ["| policy | theme | level | rows | resource types | anchors |", "|---|---|---|---|---|---|"];
    for (const m of catalog) {
        const rows = m.checks.length > 0 ? m.checks.join(", ") : m.kind === "stack" ? "stack" : "none";
        lines.push(`| [${code(m.name)}](#${m.name}) | ${m.theme} | ${levelText(m)} | ${rows} | ${cell(m.resourceTypes.map(code).join("<br>"))} | ${cell(m.anchors.join(", "))} |`);
    }
    return lines;
}

function coverage(): string[] {
    const rows = new Map<number, PolicyMeta[]>();
    for (const m of catalog) for (const r of m.checks) rows.set(r, [...(rows.get(r) ?? []), m]);
    const lines = ["| row | theme | policies |", "|---|---|---|"];
    for (const r of [...rows.keys()].sort((a, b) => a - b)) {
        const ms = rows.get(r) ?? [];
        lines.push(`| ${r} | ${[...new Set(ms.map((m) => m.theme))].join(", ")} | ${ms.map((m) => code(m.name)).join(", ")} |`);
    }
    return lines;
}

function section(m: PolicyMeta): string[] {
    return [
        `### ${m.name}`,
        "",
        `**${m.title}**: theme ${m.theme} (${THEMES[m.theme]}), ${levelText(m)}, severity ${m.severity}, ${m.kind} policy.`,
        "",
        `- Flags: ${m.flags}`,
        `- Resource types: ${m.resourceTypes.map(code).join(", ")}`,
        `- Rows of the coverage reference: ${m.checks.length > 0 ? m.checks.join(", ") : m.kind === "stack" ? "none (stack relationship)" : "none (splitplane rule)"}`,
        `- Anchors: ${m.anchors.join(", ")}`,
        `- Fix: ${m.remediation}`,
        "",
    ];
}

/** The full text of docs/policies.md. */
export function renderPolicyDocs(): string {
    const counts = (t: Theme) => catalog.filter((m) => m.theme === t).length;
    const lines = [
        "<!-- Generated from the policies' metadata by `npx tsx policies/docs.ts`. Do not edit by hand; a test fails when this file is stale. -->",
        "",
        "# Policy catalog",
        "",
        `splitplane's CrossGuard pack (\`policies/\`, pack name \`splitplane-policies\`) has ${catalog.length} policies: ${counts("I")} for theme I (${THEMES.I}), ${counts("C")} for theme C (${THEMES.C}) and ${counts("H")} for theme H (${THEMES.H}). The same policies run in three places:`,
        "",
        "- `npm run plan` and `npm run check -- <program.ts>`: the offline engine (no cloud credentials), with each stack's `splitplane:policy` config;",
        "- `pulumi preview --policy-pack policies --policy-pack-config <file>`: a real preview (see `.github/workflows/`);",
        "- the tests under `test/policies/`, one per policy, and the one-defect programs in `test/fixtures/policy-programs/`.",
        "",
        "## Levels, enforcement and exemptions",
        "",
        "- Themes I and C are **mandatory**: a violation fails the plan (exit code 1) and blocks `pulumi up`.",
        "- Theme H is **advisory** until a stack lists the policy in `splitplane:policy.enforce`, which makes it mandatory for that stack.",
        "- `stack-prod-stateful-protected` applies only where the stack is known to be prod: its `splitplane:environment` (passed in the policy config by `npm run policy-config`, `plan` and `check --config`), or, with no config, a `splitplane:environment` or `environment` stack tag of `prod`/`production`, or a stack named `prod`/`production` as a whole word (`prod`, `aws-prod`, `prod-eu`). Elsewhere it is not applicable unless `enforce` lists it, so a program checked on its own (`npm run check -- my-program.ts`) is not blocked for unprotected resources.",
        "- `stack-cluster-oidc-issuer` flags an EKS cluster without an IAM OIDC provider only where something relies on IRSA (a role trusting its issuer, an `eks.amazonaws.com/role-arn` annotation, an add-on's `serviceAccountRoleArn`): a cluster whose pods use EKS Pod Identity needs none.",
        `- Exemptions are explicit and each shows in the plan report: by URN in \`splitplane:policy.exemptions\` (\`{ policy, urn, reason }\`), or by a \`${EXEMPTION_TAG}\` tag (Kubernetes: the \`${EXEMPTION_ANNOTATION}\` annotation) whose value is \`<policy>[ <policy>...]: <reason>\` (a reason of at least 10 characters). Tags count only when the policy config sets \`tagExemptions: true\`, which \`packConfigFor\` does for every configured stack.`,
        "- With no policy config at all (e.g. `pulumi preview --policy-pack policies` without `--policy-pack-config`), nothing is exempt: the pack is at its strictest (prod-only rules still apply only to stacks known to be prod, as above).",
        "",
        "## Unknown values",
        "",
        "During a preview, values computed from resources that do not exist yet are unknown. Every policy judges the known values first and reports what it finds, then re-reads the first unknown value it met, so the analyzer reports \"can't run policy during preview\" (advisory) rather than a pass. Violation messages name keys and kinds of material, never values that may be secrets.",
        "",
        "## Summary",
        "",
        ...summary(),
        "",
        "## Coverage of the reference checks",
        "",
        "Rows of `policy-checks.md` (themes I and C must all be covered at mandatory level).",
        "",
        ...coverage(),
        "",
        "## Policies",
        "",
        ...catalog.flatMap(section),
    ];
    return `${lines.join("\n").trimEnd()}\n`;
}

export const DOCS_PATH = path.join(__dirname, "..", "docs", "policies.md");

if (require.main === module) {
    writeFileSync(DOCS_PATH, renderPolicyDocs());
    process.stdout.write(`wrote ${path.relative(process.cwd(), DOCS_PATH)} (${catalog.length} policies)\n`);
}
