import { ProgramRun, RecordedResource } from "./resource";

/**
 * The recorded graph as the Pulumi engine orders it. A resource is created after, and deleted
 * before, everything it depends on: its `dependencies` (a dependency on a component stands for
 * everything inside it), its provider (a Kubernetes object goes before the provider made from the
 * cluster's kubeconfig, so before the cluster) and its parent.
 */
export class Graph {
    readonly byUrn: ReadonlyMap<string, RecordedResource>;
    private readonly children = new Map<string, RecordedResource[]>();
    private readonly memo = new Map<string, ReadonlySet<string>>();

    constructor(readonly run: ProgramRun) {
        this.byUrn = new Map(run.resources.map((r) => [r.urn, r]));
        for (const r of run.resources) {
            if (!r.parent) continue;
            const list = this.children.get(r.parent) ?? [];
            list.push(r);
            this.children.set(r.parent, list);
        }
    }

    /** Direct predecessors: what `r` waits for on create (and outlives it on delete). */
    direct(r: RecordedResource): string[] {
        const out = new Set<string>();
        const add = (urn: string) => {
            const dep = this.byUrn.get(urn);
            if (!dep) return;
            out.add(urn);
            if (!dep.custom) for (const c of this.descendants(urn)) out.add(c.urn);
        };
        for (const d of r.dependencies) add(d);
        for (const deps of Object.values(r.propertyDependencies)) for (const d of deps) add(d);
        if (r.provider) add(r.provider.split("::").slice(0, -1).join("::"));
        if (r.parent && this.byUrn.get(r.parent)?.custom) add(r.parent);
        return [...out];
    }

    /** Everything `r` transitively waits for. */
    ancestors(r: RecordedResource): ReadonlySet<string> {
        const known = this.memo.get(r.urn);
        if (known) return known;
        const seen = new Set<string>();
        const stack = this.direct(r);
        while (stack.length > 0) {
            const urn = stack.pop() as string;
            if (seen.has(urn)) continue;
            seen.add(urn);
            const dep = this.byUrn.get(urn);
            if (!dep) continue;
            const memo = this.memo.get(urn);
            if (memo) for (const u of memo) seen.add(u);
            else stack.push(...this.direct(dep));
        }
        this.memo.set(r.urn, seen);
        return seen;
    }

    /** Whether `a` is created after (and deleted before) `b`. */
    waitsFor(a: RecordedResource, b: RecordedResource): boolean {
        return this.ancestors(a).has(b.urn);
    }

    descendants(urn: string): RecordedResource[] {
        const out: RecordedResource[] = [];
        const frontier = [urn];
        while (frontier.length > 0) {
            for (const c of this.children.get(frontier.pop() as string) ?? []) {
                out.push(c);
                frontier.push(c.urn);
            }
        }
        return out;
    }

    /** The nearest enclosing component's URN (or the stack's). */
    componentOf(r: RecordedResource): string | undefined {
        let p = r.parent ? this.byUrn.get(r.parent) : undefined;
        while (p && p.custom) p = p.parent ? this.byUrn.get(p.parent) : undefined;
        return p?.urn;
    }
}
