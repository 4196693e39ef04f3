import * as path from "node:path";
import { ConfigError } from "../config/errors";
import { StackConfig } from "../config/schema";
import { resolveEnvironmentDefaults } from "../config/defaults";
import { CompiledGateway, compile, loadGatewayConfig } from "../gateway";
import type { GatewayConfigSet } from "../gateway/config-set";

/** The project root: the program lives in `stacks/`. */
const ROOT = path.resolve(__dirname, "..");

/**
 * Loads, validates and compiles this environment's gateway config (`splitplane:gateway.config`).
 * Runs before any resource is registered: an invalid gateway config is a config error (exit 2),
 * listing every problem with its file, document, key path and fix.
 */
export async function compileStackGateway(cfg: StackConfig, stackFile: string): Promise<CompiledGateway | undefined> {
    if (!cfg.gateway) return undefined;
    // Guardrails by phase are judged with the stack's phase and environment tier.
    const result = await loadGatewayConfig(cfg.gateway.config, { root: ROOT, governance: cfg.gateway.governance, phase: cfg.phase, environment: cfg.environment });
    if (result.unreadable || result.documentsRead === 0) {
        throw new ConfigError([`${stackFile}: splitplane:gateway.config must name a readable gateway config file or folder (got ${JSON.stringify(cfg.gateway.config)})`, ...result.errors]);
    }
    if (result.errors.length > 0) throw new ConfigError(result.errors.map((e) => `${stackFile}: splitplane:gateway.config: ${e}`));
    const gpu = gpuRoutingProblem(cfg, result.config, stackFile);
    if (gpu.error) throw new ConfigError([gpu.error]);
    if (gpu.warning) result.warnings.push(gpu.warning);
    for (const w of result.warnings) process.stderr.write(`warning: ${stackFile}: splitplane:gateway.config: ${w}\n`);
    return compile(result.config);
}

/** Self-hosted models the gateway reaches inside this plane (a cluster-local URL): they run on its GPU pools. */
export function inPlaneModels(set: Pick<GatewayConfigSet, "providerAccounts">): string[] {
    const out: string[] = [];
    for (const a of set.providerAccounts) {
        const account = a.value as { type: string; name: string; integrations?: Array<{ name: string; url?: string }> };
        if (account.type !== "provider-account/self-hosted-model") continue;
        for (const m of account.integrations ?? []) {
            const host = m.url ? new URL(m.url).hostname : "";
            if (host.endsWith(".svc.cluster.local") || host.endsWith(".svc")) out.push(`${account.name}/${m.name} at ${host}`);
        }
    }
    return out;
}

/**
 * Routing to models served in this plane needs the GPU pools it runs them on: a config that
 * routes there while the user turned the pools off is refused, naming both keys, rather than
 * sending requests to a model server that can never be scheduled. Below phase 2 the pools are not
 * built yet (a promotion adds them): that is a warning, not an error.
 */
export function gpuRoutingProblem(cfg: StackConfig, set: Pick<GatewayConfigSet, "providerAccounts">, stackFile: string): { error?: string; warning?: string } {
    const models = inPlaneModels(set);
    if (models.length === 0 || resolveEnvironmentDefaults(cfg).nodePools.gpu.enabled) return {};
    const what = `splitplane:gateway.config routes to self-hosted models in this plane (${models.join(", ")}), which need GPU nodes`;
    if (cfg.nodePools.gpu.enabled === false) {
        return { error: `${stackFile}: ${what}, but splitplane:nodePools.gpu.enabled is false: enable the GPU pools or route to models outside the plane (got ${JSON.stringify(cfg.gateway?.config)})` };
    }
    return { warning: `${what}, and the GPU pools arrive at phase 2 (this stack is at phase ${cfg.phase}): requests routed there fail until then` };
}
