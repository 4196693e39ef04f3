import { existsSync, readFileSync, readdirSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { STACK_REFERENCE, StackReferenceState } from "./mocks";
import { ProgramRun, RecordedResource, StackOutput } from "./resource";
import { STACK_NAME_EXPECTED, configKeyHolding, parseStackName } from "./stack-name";
import { UNKNOWN, secretWire, toPolicyProps } from "./values";

/**
 * `pulumi.StackReference` offline: a reference names another stack of this project, which the
 * engine plans first (as a stack that exists) and whose computed outputs it hands over. These
 * are the pure parts; `StackPlanner` in `./plan` does the ordering, caching and cycle check.
 */

/** A read of another stack, as the plan reports it. */
export interface StackReferenceRead {
    /** The StackReference resource's URN (what depends on the read depends on this). */
    urn: string;
    /** The fully qualified name the program gave (`organization/splitplane/aws-phase3-cp`). */
    name: string;
    /** The referenced stack (its file is `stacks/Pulumi.<stack>.yaml`). */
    stack: string;
    /** The stack config key the name came from, when it came from config. */
    key?: string;
}

/** The project's name from `Pulumi.yaml` (what a reference's `<project>` part must be). */
export function projectName(projectRoot: string): string {
    try {
        const doc = parse(readFileSync(path.join(projectRoot, "Pulumi.yaml"), "utf8")) as { name?: unknown };
        if (typeof doc?.name === "string") return doc.name;
    } catch {
        // No Pulumi.yaml (a test tree): the engine's default project.
    }
    return "splitplane";
}

/** The answer of a StackReference read: the referenced stack's outputs, secrets marked, unknowns unknown. */
export function referenceState(outputs: Readonly<Record<string, StackOutput>>): StackReferenceState {
    const wire: Record<string, unknown> = {};
    for (const [key, o] of Object.entries(outputs)) {
        // The SDK marks a read's whole `outputs` map unknown when any value inside it is (its
        // containsUnknowns), so one output still unknown in the referenced stack's preview would hide
        // every other; a deployed stack's outputs are all known. Such an output is left out (getOutput
        // of it is undefined, requireOutput fails) and the rest read as they are.
        if (!o.known) continue;
        wire[key] = o.secret ? secretWire(o.value) : o.value;
    }
    return { outputs: wire, secretOutputNames: Object.keys(outputs).filter((k) => outputs[k].secret).sort() };
}

/** How a problem with a reference names where it came from: the config key, or the name itself. */
export function referenceLabel(values: Readonly<Record<string, string>>, name: string): { key?: string; label: string } {
    const key = configKeyHolding(values, name);
    return key ? { key, label: `${key} (${JSON.stringify(name)})` } : { label: `pulumi.StackReference ${JSON.stringify(name)}` };
}

/**
 * Where a reference points: the referenced stack's name and file, or the problem (not fully
 * qualified, another project, no such stack file). Another project's stacks are not in this
 * tree, so offline they cannot be planned: that is an error, not an unknown, because a plan
 * that silently guessed them would pass what `pulumi preview` might refuse.
 */
export function referenceTarget(name: string, ctx: { project: string; stacksDir: string; stacksLabel?: string }): { stack: string; file: string } | { problem: string } {
    const dir = ctx.stacksLabel ?? "stacks";
    const parsed = parseStackName(name);
    if ("problem" in parsed) return { problem: `must be ${STACK_NAME_EXPECTED} (got ${JSON.stringify(name)})` };
    if (parsed.project !== ctx.project) {
        return { problem: `references project ${JSON.stringify(parsed.project)}, but this project is ${JSON.stringify(ctx.project)} (Pulumi.yaml): the offline plan resolves only this project's stacks, from ${dir}/Pulumi.<stack>.yaml` };
    }
    const file = path.join(ctx.stacksDir, `Pulumi.${parsed.stack}.yaml`);
    if (!existsSync(file)) return { problem: `references stack ${JSON.stringify(parsed.stack)}, but there is no ${dir}/Pulumi.${parsed.stack}.yaml (stacks here: ${stackNames(ctx.stacksDir).join(", ") || "none"})` };
    return { stack: parsed.stack, file };
}

/** The stacks of a stack folder, by name. */
export function stackNames(stacksDir: string): string[] {
    if (!existsSync(stacksDir)) return [];
    return readdirSync(stacksDir)
        .map((f) => /^Pulumi\.(.+)\.ya?ml$/.exec(f)?.[1])
        .filter((s): s is string => s !== undefined)
        .sort();
}

/**
 * Stacks this stack's config names in fully qualified form: most likely its references, planned
 * first so its own program runs once. Only a hint; the reads during the run decide.
 */
export function hintedReferences(values: Readonly<Record<string, string>>, ctx: { project: string; stacksDir: string }): string[] {
    const found = new Set<string>();
    const visit = (v: unknown) => {
        if (typeof v === "string") {
            const t = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(v) ? referenceTarget(v, ctx) : undefined;
            if (t && "stack" in t) found.add(t.stack);
        } else if (Array.isArray(v)) v.forEach(visit);
        else if (typeof v === "object" && v !== null) Object.values(v).forEach(visit);
    };
    for (const raw of Object.values(values)) {
        if (/^[[{]/.test(raw.trim())) {
            try {
                visit(JSON.parse(raw));
                continue;
            } catch {
                // a plain string that starts with a bracket
            }
        }
        visit(raw);
    }
    return [...found];
}

/** The StackReference reads of a run, with the stack each names. */
export function referencesOf(run: ProgramRun, values: Readonly<Record<string, string>> = {}): StackReferenceRead[] {
    return run.resources
        .filter((r: RecordedResource) => r.type === STACK_REFERENCE)
        .map((r) => {
            const name = String(toPolicyProps(r.rawInputs).name ?? r.id ?? r.name);
            const parsed = parseStackName(name);
            return { urn: r.urn, name, stack: "problem" in parsed ? name : parsed.stack, key: configKeyHolding(values, name) };
        });
}
