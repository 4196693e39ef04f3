import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import type { CompiledManifest } from "../gateway";
import { ConfigError } from "../config/errors";
import type { StackConfig } from "../config/schema";
import { dnsLabel, httpsUrl, ssoConfigSchema } from "../config/split-plane";
import { parseStackName } from "../engine/stack-name";

/**
 * One control plane shared by several environments (phase 3): the stack that hosts it exports
 * `controlPlane` (this shape), and each compute-plane stack reads it through `pulumi.StackReference`
 * with the fully qualified name in `splitplane:controlPlane.stackReference`, so no value is copied
 * from one stack file into another. https://www.pulumi.com/docs/iac/concepts/stacks/#stackreferences
 */

/** The stack output a control plane's host exports; never rename it (other stacks read it by name). */
export const CONTROL_PLANE_OUTPUT = "controlPlane";

export const sharedControlPlaneSchema = z.strictObject({
    /** The URL users and agents reach the control plane at. */
    url: httpsUrl,
    /** The tenant every environment's resources live in. */
    tenantName: dnsLabel,
    /** The hosting stack's name (`pulumi.getStack()` there), for messages and names. */
    stack: z.string().min(1),
    /** The AI gateway beside the control plane, when it has a host name. */
    gatewayUrl: httpsUrl.optional(),
    /** Sign-in through the customer's OIDC issuer (the gateways then validate its tokens); ids only, no secret. */
    sso: ssoConfigSchema.optional(),
    /** What the hosting environment's gateway config defines in the tenant: each object's key and a hash of its content. */
    gatewayObjects: z.record(z.string(), z.string().regex(/^[0-9a-f]{16}$/)).optional(),
});
export type SharedControlPlane = z.infer<typeof sharedControlPlaneSchema>;

/**
 * What a stack exports for others to read: only a stack that hosts the control plane (self-hosted
 * here). A stack that connects to one, by URL or by reference, exports nothing, so a reference to
 * it is refused rather than followed through a chain.
 */
export function controlPlaneExport(cfg: Pick<StackConfig, "controlPlane" | "llmGateway">, stack: string, manifests?: readonly CompiledManifest[]): SharedControlPlane | undefined {
    const cp = cfg.controlPlane;
    if (!cp || cp.mode !== "self-hosted" || cp.stackReference || !cp.url || !cp.tenantName) return undefined;
    return {
        url: cp.url,
        tenantName: cp.tenantName,
        stack,
        ...(cfg.llmGateway.enabled && cfg.llmGateway.host ? { gatewayUrl: `https://${cfg.llmGateway.host}` } : {}),
        ...(cp.sso ? { sso: cp.sso } : {}),
        ...(manifests && manifests.length > 0 ? { gatewayObjects: tenantObjects(manifests) } : {}),
    };
}

/**
 * What a gateway config puts in the tenant, by identity: a provider account, virtual-model or
 * guardrail group by type and name; a gateway-wide config (`gateway-*-config`) by type alone,
 * since a tenant holds one of each. The value hashes the manifest without its generated header.
 */
export function tenantObjects(manifests: readonly Pick<CompiledManifest, "type" | "name" | "content">[]): Record<string, string> {
    const out: Record<string, string> = {};
    for (const m of manifests) {
        const key = m.type.startsWith("gateway-") ? m.type : `${m.type}/${m.name}`;
        const body = m.content.split("\n").filter((l) => !l.startsWith("# ")).join("\n");
        out[key] = createHash("sha256").update(body).digest("hex").slice(0, 16);
    }
    return out;
}

/**
 * Environments share the tenant: an object this environment's gateway config defines that the
 * hosting environment defines differently would overwrite it when CI applies it (and back). The
 * same definition applied twice is harmless. Problems in the config error format.
 */
export function sharedTenantProblems(manifests: readonly Pick<CompiledManifest, "type" | "name" | "content">[], shared: SharedControlPlane, file: string, source: string): string[] {
    const theirs = shared.gatewayObjects ?? {};
    const problems: string[] = [];
    for (const [key, hash] of Object.entries(tenantObjects(manifests))) {
        if (theirs[key] === undefined || theirs[key] === hash) continue;
        const fix = key.startsWith("gateway-") ? "keep one such config for the tenant (its rules scoped by metadata environment), applied from one place" : `name it for this environment (${key.split("/").pop()}-<environment>) or share one definition`;
        problems.push(`${file}: splitplane:gateway.config defines ${key}, which stack ${shared.stack} defines differently in the shared tenant ${shared.tenantName}: applying one would overwrite the other; ${fix} (got ${JSON.stringify(source)})`);
    }
    return problems;
}

const KEY = "splitplane:controlPlane.stackReference";

/**
 * Problems with a reference that need no read: it names this very stack (a cycle of one). The
 * name's form is the schema's; a cycle through other stacks, or a stack that does not exist, is
 * reported by the read (`pulumi preview`, and the offline engine, both refuse them).
 */
export function referenceProblems(reference: string, self: { project: string; stack: string }, file: string): string[] {
    const parsed = parseStackName(reference);
    if ("problem" in parsed) return [`${file}: ${KEY} ${parsed.problem}`];
    if (parsed.project === self.project && parsed.stack === self.stack) {
        return [`${file}: ${KEY} must name the stack that hosts the control plane, not this stack itself (got ${JSON.stringify(reference)}: a cycle of stack references ${self.stack} -> ${self.stack})`];
    }
    return [];
}

/**
 * The shared control plane, read from the hosting stack before anything else is registered (the
 * read itself is a `pulumi:pulumi:StackReference`, which creates nothing). A stack that does not
 * export `controlPlane`, or exports something else under that name, is a config error naming both
 * stacks and the key.
 */
export async function readSharedControlPlane(reference: string, file: string): Promise<SharedControlPlane> {
    const problems = referenceProblems(reference, { project: pulumi.getProject(), stack: pulumi.getStack() }, file);
    if (problems.length > 0) throw new ConfigError(problems);
    // Never rename "control-plane": it is the read's identity in the stack's state.
    const ref = new pulumi.StackReference("control-plane", { name: reference });
    let details: pulumi.StackReferenceOutputDetails;
    try {
        details = await ref.getOutputDetails(CONTROL_PLANE_OUTPUT);
    } catch (err) {
        if (ConfigError.is(err)) throw err;
        throw new ConfigError([`${file}: ${KEY} names ${reference}, which could not be read (deploy that stack first, and check the deployer may read it): ${err instanceof Error ? err.message : String(err)}`]);
    }
    const value = details.value ?? details.secretValue;
    if (value === undefined) {
        const target = parseStackName(reference);
        throw new ConfigError([
            `${file}: ${KEY} must name a stack that hosts the control plane (a self-hosted splitplane:controlPlane, which exports ${CONTROL_PLANE_OUTPUT}), but stack ${"stack" in target ? target.stack : reference} (${reference}) exports no ${CONTROL_PLANE_OUTPUT} (got a stack without a control plane of its own)`,
        ]);
    }
    const parsed = sharedControlPlaneSchema.safeParse(value);
    if (!parsed.success) {
        throw new ConfigError([`${file}: ${KEY} names ${reference}, whose ${CONTROL_PLANE_OUTPUT} output is not a splitplane control plane (${parsed.error.issues.map((i) => `${i.path.join(".") || "value"}: ${i.message}`).join("; ")})`]);
    }
    return parsed.data;
}

/** The stack config with the shared control plane's values in place of the reference (mode `hosted`: nothing of it runs here). */
export function withSharedControlPlane<C extends StackConfig>(cfg: C, shared: SharedControlPlane): C {
    const cp = cfg.controlPlane;
    if (!cp) return cfg;
    return { ...cfg, controlPlane: { ...cp, mode: "hosted", url: shared.url, tenantName: shared.tenantName, ...(shared.sso ? { sso: shared.sso } : {}) } };
}
