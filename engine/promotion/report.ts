import type { PlanResult } from "../plan";
import type { ProgramRun } from "../resource";
import { ChangedResource, PromotionDiff, diffRuns, isAdditive, replacementLines, show } from "./diff";

/** A promotion of one stack: the plan as it is, the plan at the target phase, and their diff. */
export interface Promotion {
    stack: string;
    from: number;
    to: number;
    diff: PromotionDiff;
}

/** `current`: the stack as it is (its run is enough); `target`: the plan at the target phase. */
export function promotionOf(current: { config: { phase: number }; run: ProgramRun }, target: PlanResult): Promotion {
    return { stack: target.stack, from: current.config.phase, to: target.config.phase, diff: diffRuns(current.run, target.run) };
}

/** `promotion` in `--json` and plan.json: stable field names, values in report form. */
export function promotionJson(p: Promotion): Record<string, unknown> {
    const { diff } = p;
    return {
        stack: p.stack,
        from: p.from,
        to: p.to,
        additive: isAdditive(diff),
        added: diff.added,
        removed: diff.removed,
        changed: diff.changed.map((c) => ({ urn: c.urn, type: c.type, replaces: c.replaces, ...(c.contentAddressed ? { contentAddressed: c.contentAddressed } : {}), changes: c.changes })),
        wouldReplace: diff.changed.filter((c) => c.replaces.length > 0).map((c) => ({ urn: c.urn, type: c.type, inputs: c.replaces, byDesign: c.contentAddressed !== undefined })),
        untabled: diff.untabled,
    };
}

const short = (urn: string) => urn.replace(/^urn:pulumi:[^:]*::[^:]*::/, "");

function verdictLine(p: Promotion): string {
    const replace = replacementLines(p.diff).length;
    if (isAdditive(p.diff)) return `ADDITIVE: phase ${p.from} -> ${p.to} only adds and updates in place`;
    return `NOT ADDITIVE: ${p.diff.removed.length} to delete, ${replace} to replace${p.diff.untabled.length > 0 ? `, ${p.diff.untabled.length} type(s) without a replacing-inputs row (${p.diff.untabled.join(", ")})` : ""}`;
}

/** The terminal section: adds by type, deletions, replacements, then every in-place change with its inputs. */
export function promotionText(p: Promotion): string {
    const { diff } = p;
    const lines = [`== promotion of ${p.stack}: phase ${p.from} -> ${p.to} (same stack name: URNs and physical names compare)`];
    lines.push(`Adds ${diff.added.length}:`);
    for (const [type, n] of countTypes(diff.added)) lines.push(`  + ${String(n).padStart(3)} ${type}`);
    if (diff.removed.length > 0) {
        lines.push(`Deletes ${diff.removed.length}:`);
        for (const r of diff.removed) lines.push(`  - ${short(r.urn)}`);
    }
    const replacing = diff.changed.filter((c) => c.replaces.length > 0);
    if (replacing.length > 0) {
        lines.push(`Would replace ${replacing.length}:`);
        for (const c of replacing) lines.push(`  +- ${short(c.urn)} on ${c.replaces.join(", ")}${c.contentAddressed ? " (by design: content-addressed)" : ""}`);
    }
    const inPlace = diff.changed.filter((c) => c.replaces.length === 0);
    lines.push(`Changes in place ${inPlace.length}:`);
    // The same change on many resources (the enforced splitplane:phase tag) is one line.
    for (const group of sameChanges(inPlace)) {
        const what = group[0].changes.map((x) => `${x.path} ${show(x.before)} -> ${show(x.after)}`).join("; ");
        if (group.length >= 3) lines.push(`  ~ ${group.length} resources: ${what} (${group.slice(0, 3).map((c) => c.urn.split("::").pop()).join(", ")}, ...)`);
        else for (const c of group) lines.push(`  ~ ${short(c.urn)}: ${what}`);
    }
    lines.push(`Promotion: ${verdictLine(p)}`);
    return lines.join("\n");
}

const md = (s: string) => s.replace(/\|/g, "\\|");

/** The `report.md` section. */
export function promotionMarkdown(p: Promotion): string {
    const { diff } = p;
    const out = [`## Promotion: phase ${p.from} -> ${p.to}`, "", `**${verdictLine(p)}**`, ""];
    out.push("| | count |", "|---|---:|", `| adds | ${diff.added.length} |`, `| deletes | ${diff.removed.length} |`, `| would replace | ${diff.changed.filter((c) => c.replaces.length > 0).length} |`, `| changes in place | ${diff.changed.filter((c) => c.replaces.length === 0).length} |`, "");
    if (diff.added.length > 0) out.push("### Adds", "", "| type | count |", "|---|---:|", ...countTypes(diff.added).map(([t, n]) => `| \`${t}\` | ${n} |`), "");
    if (diff.removed.length > 0) out.push("### Deletes", "", ...diff.removed.map((r) => `- \`${md(short(r.urn))}\``), "");
    const replacing = diff.changed.filter((c) => c.replaces.length > 0);
    if (replacing.length > 0) out.push("### Would replace", "", "| resource | inputs | |", "|---|---|---|", ...replacing.map((c) => `| \`${md(short(c.urn))}\` | ${c.replaces.join(", ")} | ${c.contentAddressed ? "by design (content-addressed)" : "**replacement**"} |`), "");
    const inPlace = diff.changed.filter((c) => c.replaces.length === 0);
    if (inPlace.length > 0) {
        out.push("### Changes in place", "", "| resource | input | before | after |", "|---|---|---|---|");
        for (const c of inPlace) for (const x of c.changes) out.push(`| \`${md(short(c.urn))}\` | \`${md(x.path)}\` | ${md(show(x.before))} | ${md(show(x.after))} |`);
        out.push("");
    }
    return out.join("\n");
}

function sameChanges(list: readonly ChangedResource[]): ChangedResource[][] {
    const groups = new Map<string, ChangedResource[]>();
    for (const c of list) {
        const key = JSON.stringify(c.changes);
        groups.set(key, [...(groups.get(key) ?? []), c]);
    }
    return [...groups.values()].sort((a, b) => b.length - a.length);
}

function countTypes(list: ReadonlyArray<{ type: string }>): Array<[string, number]> {
    const counts = new Map<string, number>();
    for (const r of list) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
    return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}
