import { ProgramRun, RecordedResource } from "./resource";
import { toPolicyProps } from "./values";

/**
 * Small query helpers over a recorded run, for tests that assert on meaning (the trust
 * condition, the dependency edge) rather than on snapshots.
 */

/** Inputs as plain JS: secrets unwrapped, unknowns as the UNKNOWN sentinel. */
export function inputsOf(r: RecordedResource): Record<string, any> {
    return toPolicyProps(r.rawInputs);
}

/** Outputs as plain JS (mocked provider state). */
export function outputsOf(r: RecordedResource): Record<string, any> {
    return toPolicyProps(r.rawOutputs);
}

export function byType(run: ProgramRun, type: string): RecordedResource[] {
    return run.resources.filter((r) => r.type === type);
}

/** The single resource of a type (optionally by logical name); throws with the candidates otherwise. */
export function one(run: ProgramRun, type: string, name?: string): RecordedResource {
    const found = byType(run, type).filter((r) => name === undefined || r.name === name);
    if (found.length !== 1) {
        const names = byType(run, type).map((r) => r.name);
        throw new Error(`expected one ${type}${name ? ` named ${name}` : ""}, found ${found.length} (names: ${names.join(", ") || "none"})`);
    }
    return found[0];
}

/** Direct and indirect children of a resource (by parent chain). */
export function childrenOf(run: ProgramRun, urn: string): RecordedResource[] {
    const out: RecordedResource[] = [];
    const frontier = [urn];
    while (frontier.length > 0) {
        const parent = frontier.pop();
        for (const r of run.resources) {
            if (r.parent === parent) {
                out.push(r);
                frontier.push(r.urn);
            }
        }
    }
    return out;
}

/**
 * Whether `a` waits for `b` on create (and so is deleted before it): `b`, or a component that
 * contains `b`, is among `a`'s dependencies, directly or through a dependency chain.
 */
export function dependsOn(run: ProgramRun, a: RecordedResource, b: RecordedResource): boolean {
    const byUrn = new Map(run.resources.map((r) => [r.urn, r]));
    const seen = new Set<string>();
    const stack = [...a.dependencies];
    while (stack.length > 0) {
        const urn = stack.pop() as string;
        if (seen.has(urn)) continue;
        seen.add(urn);
        if (urn === b.urn) return true;
        const dep = byUrn.get(urn);
        if (!dep) continue;
        // A dependency on a component means a dependency on everything inside it.
        if (!dep.custom) for (const child of childrenOf(run, dep.urn)) stack.push(child.urn);
        stack.push(...dep.dependencies);
    }
    return false;
}
