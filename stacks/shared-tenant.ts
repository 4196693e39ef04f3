import { z } from "zod";
import type { CompiledManifest } from "../gateway";
import type { StackConfig } from "../config/schema";
import { tenantObjects } from "./shared-control-plane";

/**
 * Environments that share a control plane share its tenant, and each applies its own gateway
 * config there. A stack checks itself against the hosting stack at deploy time
 * (`sharedTenantProblems`), but it cannot see the other stacks reading the same host. Each stack
 * therefore exports what it puts in the tenant, and `npm run plan` over several stacks compares
 * them (`siblingTenantProblems`), as CI does on every pull request.
 */

/** The stack output: what this stack's gateway config puts in which tenant. Never rename it (the plan CLI and your tooling read it by name). */
export const GATEWAY_TENANT_OUTPUT = "gatewayTenant";

export const gatewayTenantSchema = z.strictObject({
    /** The control plane the gateway config is applied to (its URL, as in `controlPlane.url` or the hosting stack's output). */
    controlPlaneUrl: z.string().min(1),
    /** Its tenant. */
    tenantName: z.string().min(1),
    /** The stack hosting that control plane, when one of this project's stacks does (this stack itself, or the one it reads by StackReference). */
    controlPlaneStack: z.string().min(1).optional(),
    /** `splitplane:gateway.config` as the stack file gives it. */
    gatewayConfig: z.string(),
    /** Each object's key (`<type>/<name>`, or the type of a `gateway-*-config`) and a hash of its content: `tenantObjects`. */
    objects: z.record(z.string(), z.string()),
});
export type GatewayTenant = z.infer<typeof gatewayTenantSchema>;

/**
 * The `gatewayTenant` output of a stack with a gateway config and a control plane (its own, one at
 * a URL, or the one read by StackReference: `cfg` then holds the URL and tenant read). Without a
 * control plane there is no tenant to name, so nothing is exported.
 */
export function gatewayTenantExport(cfg: Pick<StackConfig, "controlPlane" | "gateway">, manifests: readonly Pick<CompiledManifest, "type" | "name" | "content">[], controlPlaneStack: string | undefined): GatewayTenant | undefined {
    const cp = cfg.controlPlane;
    if (!cfg.gateway || !cp?.url || !cp.tenantName) return undefined;
    return { controlPlaneUrl: cp.url, tenantName: cp.tenantName, ...(controlPlaneStack ? { controlPlaneStack } : {}), gatewayConfig: cfg.gateway.config, objects: tenantObjects(manifests) };
}

/** A planned stack's `gatewayTenant`, as the comparison takes it. */
export interface TenantEntry {
    stack: string;
    /** The stack file, as messages name it (`stacks/Pulumi.<stack>.yaml`). */
    file: string;
    tenant: GatewayTenant;
}

/**
 * A planned stack's entry, from its `gatewayTenant` output (known in both plan modes: it comes from
 * config, the gateway config and the hosting stack's read); undefined for a stack without one.
 */
export function tenantEntryOf(plan: { stack: string; run: { stackOutputs?: Readonly<Record<string, { value: unknown; known: boolean }>> } }, file: string): TenantEntry | undefined {
    const output = plan.run.stackOutputs?.[GATEWAY_TENANT_OUTPUT];
    // An unknown output's value is a placeholder, not what the stack would put in the tenant.
    if (!output?.known) return undefined;
    const parsed = gatewayTenantSchema.safeParse(output.value);
    return parsed.success ? { stack: plan.stack, file, tenant: parsed.data } : undefined;
}

/** Problems attributed to one stack, in the plan CLI's error shape. */
export interface StackProblems {
    stack: string;
    file: string;
    problems: string[];
}

/** One control plane, however a stack names it: the same URL (scheme and host case-insensitive, no trailing slash) and tenant. */
function controlPlaneKey(t: GatewayTenant): string {
    let url = t.controlPlaneUrl;
    try {
        const u = new URL(url);
        url = `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, "")}`;
    } catch {
        // Not a URL: compared as given.
    }
    return `${url}\u0000${t.tenantName}`;
}

/**
 * Stacks sharing one control plane (the host and every stack reading it by StackReference, and
 * stacks naming the same URL and tenant) whose gateway configs define one object differently:
 * whichever CI applies last overwrites the other. The same definition twice is harmless. Stacks
 * are compared in the order given: a problem goes to each stack whose definition differs from an
 * earlier one, naming its file and the first earlier stack that defines the object otherwise.
 */
export function siblingTenantProblems(entries: readonly TenantEntry[]): StackProblems[] {
    const groups = new Map<string, TenantEntry[]>();
    const seen = new Set<string>();
    for (const e of entries) {
        if (seen.has(e.file)) continue;
        seen.add(e.file);
        const key = controlPlaneKey(e.tenant);
        groups.set(key, [...(groups.get(key) ?? []), e]);
    }
    const out: StackProblems[] = [];
    for (const group of groups.values()) {
        // Per object, the first stack to define each distinct content.
        const definitions = new Map<string, Array<{ hash: string; by: TenantEntry }>>();
        for (const e of group) {
            const problems: string[] = [];
            for (const [key, hash] of Object.entries(e.tenant.objects)) {
                const known = definitions.get(key) ?? [];
                // Any other definition clashes, also when an earlier stack shares this one.
                const other = known.find((d) => d.hash !== hash);
                if (other) problems.push(siblingProblem(e, other.by, key));
                if (!known.some((d) => d.hash === hash)) definitions.set(key, [...known, { hash, by: e }]);
            }
            if (problems.length > 0) out.push({ stack: e.stack, file: e.file, problems });
        }
    }
    return out;
}

function siblingProblem(e: TenantEntry, other: TenantEntry, key: string): string {
    const { tenantName, controlPlaneUrl, controlPlaneStack } = e.tenant;
    const where = `the shared tenant ${tenantName} (${controlPlaneUrl}${controlPlaneStack ? `, hosted by stack ${controlPlaneStack}` : ""})`;
    const fix = key.startsWith("gateway-")
        ? "keep one such config for the tenant (its rules scoped by metadata environment), applied from one place"
        : `name it for each environment (${key.split("/").pop()}-<environment>) or share one definition`;
    return `${e.file}: splitplane:gateway.config defines ${key}, which ${other.file} defines differently in ${where}: whichever CI applies last overwrites the other; ${fix} (got ${JSON.stringify(e.tenant.gatewayConfig)} and ${JSON.stringify(other.tenant.gatewayConfig)})`;
}
