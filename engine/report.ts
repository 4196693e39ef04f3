import type { StackConfig } from "../config/schema";
import { criticalPath, criticalPathLine } from "./critical-path";
import { PlanResult, mandatoryCount } from "./plan";
import { Violation } from "./policy";
import { RecordedResource } from "./resource";
import { toReportJson } from "./values";

/**
 * The stable `plan.json` format (documented in docs/plan-format.md):
 * `{ stack, resources: [{urn,type,name,parent,provider,dependencies,options,inputs}], violations: [{policy,enforcementLevel,urn,message}], exemptions, loosened, outputs }`.
 * Secrets are "[secret]" and unknowns "[unknown]" everywhere.
 */
export function planJson(plan: PlanResult): Record<string, unknown> {
    return {
        stack: plan.stack,
        newStack: plan.newStack,
        resources: plan.run.resources.map((r) => ({
            urn: r.urn,
            type: r.type,
            name: r.name,
            ...(r.read ? { read: true } : {}),
            parent: r.parent ?? null,
            provider: r.provider ?? null,
            dependencies: r.dependencies,
            options: r.options,
            inputs: toReportJson(r.rawInputs),
        })),
        violations: plan.violations,
        exemptions: plan.exemptions,
        loosened: plan.loosened,
        outputs: plan.run.outputs,
        stackReferences: plan.references,
        criticalPath: criticalPath(plan.run),
    };
}

/** A secret the program made as an empty container, with the command that fills it (stack output `bootstrapSecrets`). */
export interface SecretToFill {
    secret: string;
    purpose: string;
    command: string;
}

/**
 * The stack output `bootstrapSecrets`: secrets whose values exist only after a human step. Offline
 * the engine cannot see whether one was filled since, so this lists every container the program
 * makes; `kubectl get externalsecrets -A` shows which still fail to sync.
 */
export function secretsToFill(plan: PlanResult): SecretToFill[] {
    const list = plan.run.outputs.bootstrapSecrets;
    if (!Array.isArray(list)) return [];
    return list.filter((s): s is SecretToFill => typeof s === "object" && s !== null && typeof (s as SecretToFill).secret === "string" && typeof (s as SecretToFill).command === "string");
}

/** The stack output `bootstrapSteps`: the human steps left after `pulumi up`, in order (stacks/bootstrap.ts, docs/phases.md). */
export function bootstrapSteps(plan: PlanResult): string[] {
    const list = plan.run.outputs.bootstrapSteps;
    return Array.isArray(list) ? list.filter((p): p is string => typeof p === "string") : [];
}

/**
 * The stack output `prerequisites`: what the cloud account must have before the first
 * `pulumi up` (feature registrations, the deployer's access), which no offline plan can check.
 */
export function prerequisites(plan: PlanResult): string[] {
    const list = plan.run.outputs.prerequisites;
    return Array.isArray(list) ? list.filter((p): p is string => typeof p === "string") : [];
}

/** Resources grouped by the nearest enclosing splitplane component (or "(top level)"). */
export function groupByComponent(resources: readonly RecordedResource[]): Map<string, RecordedResource[]> {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const groups = new Map<string, RecordedResource[]>();
    for (const r of resources) {
        if (!r.custom) continue;
        let p = r.parent ? byUrn.get(r.parent) : undefined;
        while (p && p.type !== "pulumi:pulumi:Stack" && !p.type.startsWith("splitplane:")) p = p.parent ? byUrn.get(p.parent) : undefined;
        const key = p && p.type !== "pulumi:pulumi:Stack" ? `${p.type} ${p.name}` : "(top level)";
        const list = groups.get(key) ?? [];
        list.push(r);
        groups.set(key, list);
    }
    return groups;
}

function countByType(resources: readonly RecordedResource[]): Array<[string, number]> {
    const counts = new Map<string, number>();
    for (const r of resources) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
    return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

function groupViolations(violations: readonly Violation[]): Map<string, Violation[]> {
    const out = new Map<string, Violation[]>();
    for (const v of violations) {
        const key = `${v.enforcementLevel}\u0000${v.policy}`;
        out.set(key, [...(out.get(key) ?? []), v]);
    }
    return new Map([...out.entries()].sort(([a], [b]) => a.localeCompare(b) * -1));
}

export function verdict(plan: PlanResult): string {
    const mandatory = mandatoryCount(plan.violations);
    const advisory = plan.violations.length - mandatory;
    const unknown = plan.results.filter((r) => r.outcome === "unknown").length;
    const base = mandatory > 0 ? `FAIL: ${mandatory} mandatory violation(s)` : "PASS: no mandatory violations";
    return `${base}, ${advisory} advisory (${unknown} unknown during preview), ${plan.exemptions.length} exemption(s)`;
}

/**
 * How `plan`, `check` and `bench` count resources, the way `pulumi preview` counts "to create":
 * every registration, the stack and default providers included.
 */
export function resourceCount(all: ReadonlyArray<{ custom?: boolean; type: string; read?: boolean }>): string {
    // A read (StackReference) creates nothing; `pulumi preview` lists it apart, as "read".
    const resources = all.filter((r) => !r.read);
    const reads = all.length - resources.length;
    const components = resources.filter((r) => r.custom === false).length;
    return `${resources.length} resources (${resources.length - components} custom, providers included; ${components} components, the stack included)${reads > 0 ? `, ${reads} read${reads > 1 ? "s" : ""}` : ""}`;
}

/** One line per stack this one reads, for the reports. */
function referenceLines(plan: PlanResult): string[] {
    return plan.references.map((r) => `${r.name} (stack ${r.stack}${r.key ? `, from ${r.key}` : ""})`);
}

/** The human summary printed by `npm run plan`. */
export function textReport(plan: PlanResult): string {
    const lines: string[] = [];
    lines.push(`== ${plan.stack} (${plan.file}): ${plan.config.cloud}, ${plan.config.environment}, phase ${plan.config.phase}${plan.newStack ? " (first preview of a new stack: computed outputs unknown)" : ""}`);
    lines.push(`Capacity: ${idleLine(plan.config)}`);
    lines.push(`Resources: ${resourceCount(plan.run.resources)}`);
    if (plan.references.length > 0) lines.push(`Reads (pulumi.StackReference, planned first as stacks that exist): ${referenceLines(plan).join("; ")}`);
    for (const [component, list] of groupByComponent(plan.run.resources)) {
        lines.push(`  ${component}: ${list.length}`);
        for (const [type, n] of countByType(list)) lines.push(`      ${String(n).padStart(3)} ${type}`);
    }
    if (plan.violations.length > 0) {
        lines.push("Violations:");
        for (const [key, list] of groupViolations(plan.violations)) {
            const [level, policy] = key.split("\u0000");
            lines.push(`  [${level}] ${policy} (${list.length})`);
            for (const v of list) lines.push(`      ${v.urn || "(stack)"}: ${v.message}`);
        }
    }
    if (plan.exemptions.length > 0) {
        lines.push("Exemptions:");
        for (const e of plan.exemptions) lines.push(`  ${e.policy}: ${e.urn} (${e.reason})`);
    }
    if (plan.loosened.length > 0) {
        lines.push("Loosened defaults:");
        for (const l of plan.loosened) lines.push(`  ${l}`);
    }
    const fill = secretsToFill(plan);
    if (fill.length > 0) {
        lines.push("Secrets to fill after the first pulumi up (empty containers; no value is in code, config or state):");
        for (const f of fill) lines.push(`  ${f.secret}: ${f.purpose}`, `      ${f.command}`);
    }
    const steps = bootstrapSteps(plan);
    if (steps.length > 0) lines.push("Bootstrap steps left after pulumi up (docs/phases.md):", ...steps.map((st, n) => `  ${n + 1}. ${st}`));
    const before = prerequisites(plan);
    if (before.length > 0) {
        lines.push("Prerequisites of the first pulumi up (not checkable offline):");
        for (const p of before) lines.push(`  ${p}`);
    }
    if (plan.run.resources.some((r) => r.custom && !r.type.startsWith("pulumi:"))) lines.push(`Apply time: ${criticalPathLine(criticalPath(plan.run))}`);
    if (plan.run.unmockedInvokes.length > 0) lines.push(`Note: data sources with no offline mock (returned {}): ${plan.run.unmockedInvokes.join(", ")}`);
    lines.push(`Verdict: ${verdict(plan)}`);
    return lines.join("\n");
}

/** Whether the environment is paused (splitplane:operations.idle), in words: which pools are at zero and which keep running. */
export function idleLine(config: StackConfig): string {
    const idle = config.operations?.idle;
    if (!idle?.paused) return "running (splitplane:operations.idle.paused is false)";
    return `PAUSED by splitplane:operations.idle: ${idle.pools.join(" and ")} pool${idle.pools.length > 1 ? "s" : ""} at zero (no new nodes; empty ones removed); the on-demand and system pools keep the controllers running`;
}

const mdEscape = (s: string) => s.replace(/\|/g, "\\|");

/** `report.md`: summary tables and a Mermaid diagram of the component tree (renders on GitHub). */
export function markdownReport(plan: PlanResult): string {
    const out: string[] = [];
    out.push(`# Plan: ${plan.stack}`, "");
    out.push(`Stack file \`${plan.file}\`: cloud **${plan.config.cloud}**, environment **${plan.config.environment}**, phase **${plan.config.phase}**${plan.newStack ? ", planned as the first preview of a new stack (computed outputs unknown)" : ""}.`, "");
    out.push(`**Verdict:** ${verdict(plan)}`, "");
    out.push(`**Capacity:** ${idleLine(plan.config)}`, "");
    out.push("## Resources", "", "| component | type | count |", "|---|---|---:|");
    for (const [component, list] of groupByComponent(plan.run.resources)) {
        for (const [type, n] of countByType(list)) out.push(`| ${mdEscape(component)} | \`${type}\` | ${n} |`);
    }
    if (plan.references.length > 0) {
        out.push("", "## Stack references", "", "Stacks this one reads through `pulumi.StackReference`; the offline plan planned each first, as a stack that exists, and handed over its outputs (secret ones stay secret).", "");
        out.push(...referenceLines(plan).map((l) => `- ${mdEscape(l)}`));
    }
    out.push("", "## Component tree", "", "```mermaid", ...mermaid(plan.run.resources, plan.references), "```", "");
    out.push("## Policy violations", "");
    if (plan.violations.length === 0) out.push("None.", "");
    else {
        out.push("| level | policy | resource | message |", "|---|---|---|---|");
        for (const v of plan.violations) out.push(`| ${v.enforcementLevel} | ${v.policy} | \`${mdEscape(v.urn || "(stack)")}\` | ${mdEscape(v.message)} |`);
        out.push("");
    }
    out.push("## Exemptions", "");
    if (plan.exemptions.length === 0) out.push("None.", "");
    else {
        out.push("| policy | resource | reason |", "|---|---|---|");
        for (const e of plan.exemptions) out.push(`| ${e.policy} | \`${mdEscape(e.urn)}\` | ${mdEscape(e.reason)} |`);
        out.push("");
    }
    const fill = secretsToFill(plan);
    if (fill.length > 0) {
        out.push("## Secrets to fill", "", "Empty containers the program made; fill each after the first `pulumi up` (no value is in code, config or state):", "");
        out.push("| secret | what | command |", "|---|---|---|");
        for (const f of fill) out.push(`| \`${f.secret}\` | ${mdEscape(f.purpose)} | \`${mdEscape(f.command)}\` |`);
        out.push("");
    }
    const steps = bootstrapSteps(plan);
    if (steps.length > 0) out.push("## Bootstrap steps", "", "Left to a human after `pulumi up`, in order (`docs/phases.md`):", "", ...steps.map((st, n) => `${n + 1}. ${mdEscape(st)}`), "");
    const before = prerequisites(plan);
    if (before.length > 0) out.push("## Prerequisites", "", "What the account must have before the first `pulumi up` (not checkable offline):", "", ...before.map((p) => `- ${mdEscape(p)}`), "");
    const cp = criticalPath(plan.run);
    if (cp.path.length > 0) {
        out.push("## Apply time", "", `${criticalPathLine(cp)}.`, "", "Estimated from typical create durations (engine/critical-path.ts); the bound keeps only the edges that must exist. The critical chain:", "");
        out.push("| resource | type | create |", "|---|---|---:|", ...cp.path.map((p) => `| \`${mdEscape(p.urn.split("::").pop() ?? p.urn)}\` | \`${p.type}\` | ${p.seconds >= 60 ? `${(p.seconds / 60).toFixed(1)} min` : `${p.seconds} s`} |`), "");
    }
    out.push("## Loosened defaults", "");
    out.push(...(plan.loosened.length === 0 ? ["None: every secure default is in force."] : plan.loosened.map((l) => `- ${l}`)), "");
    return out.join("\n");
}

/** A flowchart of components (with counts of the resources directly inside them). */
function mermaid(resources: readonly RecordedResource[], references: PlanResult["references"] = []): string[] {
    const ids = new Map<string, string>();
    const id = (urn: string) => {
        if (!ids.has(urn)) ids.set(urn, `n${ids.size}`);
        return ids.get(urn) as string;
    };
    const lines = ["flowchart LR"];
    const components = resources.filter((r) => !r.custom);
    for (const c of components) {
        const direct = resources.filter((r) => r.parent === c.urn && r.custom).length;
        const label = c.type === "pulumi:pulumi:Stack" ? `stack ${c.name}` : `${c.type.split(":").pop()} ${c.name}`;
        lines.push(`  ${id(c.urn)}["${label.replace(/"/g, "'")}<br/>${direct} resources"]`);
    }
    for (const c of components) if (c.parent && ids.has(c.parent)) lines.push(`  ${id(c.parent)} --> ${id(c.urn)}`);
    // A read of another stack: a dotted edge from that stack into the component that reads it.
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    references.forEach((ref, i) => {
        const reader = byUrn.get(ref.urn)?.parent;
        lines.push(`  ref${i}[("stack ${ref.stack.replace(/"/g, "'")}")]`);
        if (reader && ids.has(reader)) lines.push(`  ref${i} -. StackReference .-> ${id(reader)}`);
    });
    return lines;
}
