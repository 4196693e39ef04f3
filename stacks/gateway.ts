import * as path from "node:path";
import { ConfigError } from "../config/errors";
import { StackConfig } from "../config/schema";
import { CompiledGateway, compile, loadGatewayConfig } from "../gateway";

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
    for (const w of result.warnings) process.stderr.write(`warning: ${stackFile}: splitplane:gateway.config: ${w}\n`);
    return compile(result.config);
}
