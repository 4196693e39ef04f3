/**
 * `npm run gateway -- validate|route|compile <path> ...`: the gateway config as code, from a shell.
 * Exit codes: 0 ok (warnings allowed), 1 invalid config, 2 bad usage or unreadable path.
 * With --json, stdout carries exactly one JSON object, whatever happens.
 */
import { promises as fs } from "fs";
import * as path from "path";
import { Command, CommanderError, InvalidArgumentError } from "commander";
import * as YAML from "yaml";
import { z } from "zod";
import { parseOptions } from "./common";
import {
    GATEWAY_VERSION,
    type CheckOptions,
    type GatewayCheckResult,
    type RouteReport,
    compile,
    gatewayHelmValues,
    loadGatewayConfig,
    simulateRoute,
} from "../gateway";

const EXIT_OK = 0;
const EXIT_INVALID = 1;
const EXIT_USAGE = 2;

class UsageError extends Error {}

/** CLI options, validated at the boundary like every user input (a bad flag is a usage error, exit 2). */
const routeOptions = z.strictObject({
    model: z.string().min(1),
    subject: z.array(z.string().regex(/^(user|team|virtualaccount):\S+$/, { error: "must be user:<id>, team:<name> or virtualaccount:<name>" })),
    metadata: z.array(z.string().regex(/^[^=\s]+=.{0,128}$/, { error: "must be key=value with a value of at most 128 characters" })),
    mcpServer: z.string().min(1).optional(),
    stack: z.string().min(1).optional(),
    json: z.boolean().optional(),
});
const compileOptions = z.strictObject({
    out: z.string().min(1),
    controlPlaneUrl: z.string().url().startsWith("https://", { error: "must be an https:// URL" }).optional(),
    gatewayId: z.string().min(1).optional(),
    environmentName: z.string().min(1).optional(),
    apiKeySecret: z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, { error: "must be a Kubernetes secret name" }).optional(),
    stack: z.string().min(1).optional(),
    json: z.boolean().optional(),
});

function options<T extends z.ZodType>(command: string, schema: T, value: unknown): z.infer<T> {
    try {
        return parseOptions(`gateway ${command}`, schema, value);
    } catch (err) {
        throw new UsageError((err as Error).message);
    }
}

const json = process.argv.includes("--json");
function emit(obj: Record<string, unknown>): void {
    process.stdout.write(`${JSON.stringify(obj, null, 2)}\n`);
}

function collect(parse: (v: string) => string) {
    return (value: string, previous: string[]) => [...previous, parse(value)];
}
function keyValue(v: string): string {
    if (!/^[^=\s]+=.*$/.test(v)) throw new InvalidArgumentError(`expected key=value (got "${v}")`);
    return v;
}

/**
 * How to judge: with `--stack`, the stack's `splitplane:gateway.governance`, phase and environment
 * tier; without, governance findings are errors and guardrails by phase are not judged.
 */
async function checkOptions(stack: string | undefined): Promise<CheckOptions> {
    if (stack === undefined) return {};
    // Loaded only when asked for, so that the plain commands start fast.
    const { loadStackFile } = await import("../config/load");
    try {
        const { splitplane } = loadStackFile(stack);
        return { governance: splitplane.gateway?.governance ?? "error", phase: splitplane.phase, environment: splitplane.environment };
    } catch (err) {
        const lines = (err as { problems?: string[] }).problems;
        throw new UsageError(`cannot use --stack ${stack}: ${lines ? lines.join("; ") : (err as Error).message}`);
    }
}

/** Loads and checks; prints the problems; returns the result, or the exit code to stop with. */
async function check(target: string, stack?: string): Promise<GatewayCheckResult | number> {
    const result = await loadGatewayConfig(target, await checkOptions(stack));
    if (result.unreadable) {
        if (json) emit({ ok: false, path: target, usageError: result.unreadable });
        else process.stderr.write(`${result.unreadable}\n`);
        return EXIT_USAGE;
    }
    return result;
}

function printProblems(result: GatewayCheckResult): void {
    for (const line of result.errors) process.stderr.write(`error: ${line}\n`);
    for (const line of result.warnings) process.stderr.write(`warning: ${line}\n`);
}

async function validateCmd(target: string, raw: { stack?: string }): Promise<number> {
    const result = await check(target, raw.stack);
    if (typeof result === "number") return result;
    const ok = result.errors.length === 0;
    if (json) {
        emit({ ok, path: target, gatewayVersion: GATEWAY_VERSION, errors: result.errors, warnings: result.warnings, issues: result.issues });
    } else {
        printProblems(result);
        const docs = result.documentsRead;
        process.stdout.write(`${ok ? "valid" : "invalid"}: ${target} (${docs} document${docs === 1 ? "" : "s"}, gateway ${GATEWAY_VERSION}): ${result.errors.length} error(s), ${result.warnings.length} warning(s)\n`);
    }
    return ok ? EXIT_OK : EXIT_INVALID;
}

async function routeCmd(target: string, raw: unknown): Promise<number> {
    const opts = options("route", routeOptions, raw);
    const result = await check(target, opts.stack);
    if (typeof result === "number") return result;
    if (result.errors.length > 0) {
        if (json) emit({ ok: false, path: target, errors: result.errors, warnings: result.warnings });
        else printProblems(result);
        return EXIT_INVALID;
    }
    const { config } = result;
    if (!config.models.has(opts.model) && !config.virtualModels.has(opts.model) && !config.slugs.has(opts.model)) {
        const known = [...config.virtualModels.keys(), ...config.slugs.keys(), ...config.models.keys()];
        throw new UsageError(`unknown model "${opts.model}"; the config defines ${known.join(", ")}`);
    }
    const metadata = Object.fromEntries(opts.metadata.map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]));
    const report = simulateRoute(config, { model: opts.model, subjects: opts.subject, metadata, mcpServer: opts.mcpServer });
    if (json) emit({ ok: true, path: target, gatewayVersion: GATEWAY_VERSION, warnings: result.warnings, ...report });
    else process.stdout.write(renderRoute(report));
    return EXIT_OK;
}

function renderRoute(r: RouteReport): string {
    const out: string[] = [];
    const md = Object.entries(r.request.metadata).map(([k, v]) => `${k}=${v}`).join(", ") || "(none)";
    out.push(`request     ${r.request.model} (${r.modelKind}); subjects: ${r.request.subjects.join(", ") || "(none)"}; metadata: ${md}`);
    const via = r.routing.via === "routing-rule" ? `routing rule "${r.routing.ruleId}"` : r.routing.via === "virtual-model" ? "virtual model" : "direct";
    out.push(`routing     ${via}${r.routing.strategy ? ` (${r.routing.strategy})` : ""}`);
    r.routing.targets.forEach((t, i) => {
        const order = t.weight !== undefined ? `weight ${t.weight}` : t.priority !== undefined ? `priority ${t.priority}` : "";
        const retry = t.retry ? `retry ${t.retry.attempts}x/${t.retry.delay_ms}ms on ${t.retry.on_status_codes.join(",") || "-"}` : "no retry";
        const fb = t.fallback_status_codes.length > 0 ? `fallback on ${t.fallback_status_codes.join(",")}` : "no fallback codes";
        out.push(`  ${i + 1}. ${t.target}  ${order}${order ? "; " : ""}${retry}; ${fb}; ${t.fallback_candidate ? "fallback candidate" : "not a fallback candidate"}`);
    });
    out.push(`            ${r.routing.note.trim()}`);
    out.push(r.rateLimit ? `rate limit  "${r.rateLimit.ruleId}": ${r.rateLimit.limit_to} ${r.rateLimit.unit}${per(r.rateLimit.applies_per)}` : "rate limit  none matches");
    out.push(r.budget
        ? `budget      "${r.budget.ruleId}": $${r.budget.limit_to} ${r.budget.unit}${per(r.budget.applies_per)}${r.budget.audit_mode ? " (audit mode)" : ""}${r.budget.alsoCountedAgainst.length ? `; also counted against ${r.budget.alsoCountedAgainst.join(", ")}` : ""}`
        : "budget      none matches");
    out.push("guardrails");
    for (const [hook, list] of Object.entries(r.guardrails)) {
        if (list.length === 0) continue;
        out.push(`  ${hook}: ${list.map((g) => `${g.selector} (${g.operation}${g.priority !== undefined ? ` #${g.priority}` : ""}, ${g.enforcing_strategy})`).join("; ")}`);
    }
    if (Object.values(r.guardrails).every((l) => l.length === 0)) out.push("  none");
    for (const p of r.metadataProblems) out.push(`metadata    ${p}`);
    return `${out.join("\n")}\n`;
}

function per(dims: readonly string[]): string {
    return dims.length > 0 ? ` per ${dims.join(" and ")}` : "";
}

async function compileCmd(target: string, raw: unknown): Promise<number> {
    const opts = options("compile", compileOptions, raw);
    let values: Record<string, unknown>;
    try {
        values = gatewayHelmValues({ controlPlaneURL: opts.controlPlaneUrl, gatewayId: opts.gatewayId, environmentName: opts.environmentName, apiKeySecretName: opts.apiKeySecret });
    } catch (err) {
        throw new UsageError(`invalid chart option: ${(err as Error).message.replace(/\s+/g, " ")}`);
    }
    const result = await check(target, opts.stack);
    if (typeof result === "number") return result;
    if (result.errors.length > 0) {
        if (json) emit({ ok: false, path: target, errors: result.errors, warnings: result.warnings, issues: result.issues });
        else printProblems(result);
        return EXIT_INVALID;
    }
    const compiled = compile(result.config);
    const manifestDir = path.join(opts.out, "manifests");
    const valuesFile = path.join(opts.out, "tfy-llm-gateway.values.yaml");
    try {
        // The manifests folder is ours: clear it so that a removed manifest is not applied again from a stale file.
        await fs.rm(manifestDir, { recursive: true, force: true });
        await fs.mkdir(manifestDir, { recursive: true });
        for (const m of compiled.manifests) await fs.writeFile(path.join(manifestDir, m.file), m.content);
        const header = `# Helm values for tfy-llm-gateway ${GATEWAY_VERSION}, generated by splitplane. No credentials: TFY_API_KEY is read from an existing secret.\n`;
        await fs.writeFile(valuesFile, header + YAML.stringify(values, { lineWidth: 0 }));
    } catch (err) {
        throw new UsageError(`cannot write to ${opts.out}: ${(err as Error).message}`);
    }
    const files = [...compiled.manifests.map((m) => path.join(manifestDir, m.file)), valuesFile];
    if (json) {
        emit({ ok: true, path: target, out: opts.out, gatewayVersion: GATEWAY_VERSION, contentHash: compiled.contentHash, files, warnings: result.warnings });
    } else {
        for (const line of result.warnings) process.stderr.write(`warning: ${line}\n`);
        process.stdout.write(`compiled ${compiled.manifests.length} manifest(s) for gateway ${GATEWAY_VERSION} (sha256 ${compiled.contentHash.slice(0, 12)}):\n${files.map((f) => `  ${f}`).join("\n")}\n`);
        process.stdout.write(`preview: for f in ${manifestDir}/*.yaml; do tfy apply -f "$f" --dry-run --show-diff; done\n`);
    }
    return EXIT_OK;
}

function program(setExit: (code: number) => void): Command {
    const p = new Command("gateway")
        .description(`TrueFoundry AI Gateway ${GATEWAY_VERSION} config: validate, simulate a route, compile`)
        .exitOverride()
        .configureOutput({ writeErr: (s) => (json ? undefined : process.stderr.write(s)) });
    const stackHelp = "judge as this stack does (Pulumi.<stack>.yaml: splitplane:gateway.governance, phase, environment)";
    p.command("validate <path>").description("validate a config file or folder; lists every error")
        .option("--stack <file>", stackHelp)
        .option("--json", "print one JSON object")
        .action(async (target: string, opts) => setExit(await validateCmd(target, opts)));
    p.command("route <path>").description("simulate one request: routing, limits, budget, guardrails")
        .requiredOption("--model <model>", "requested model, e.g. platform/assistant")
        .option("--subject <subject>", "caller subject, repeatable (user:…, team:…, virtualaccount:…)", collect(String), [])
        .option("--metadata <key=value>", "X-TFY-METADATA entry, repeatable", collect(keyValue), [])
        .option("--mcp-server <name>", "simulate an MCP tool call to this server")
        .option("--stack <file>", stackHelp)
        .option("--json", "print one JSON object")
        .action(async (target: string, opts) => setExit(await routeCmd(target, opts)));
    p.command("compile <path>").description("write the manifests for `tfy apply -f` and the chart values")
        .requiredOption("--out <dir>", "output folder (its manifests/ subfolder is replaced)")
        .option("--control-plane-url <url>", "https URL of the control plane")
        .option("--gateway-id <id>", "gateway id registered in the control plane")
        .option("--environment-name <name>", "chart environmentName")
        .option("--api-key-secret <name>", "existing secret holding TFY_API_KEY (default truefoundry-creds)")
        .option("--stack <file>", stackHelp)
        .option("--json", "print one JSON object")
        .action(async (target: string, opts) => setExit(await compileCmd(target, opts)));
    return p;
}

async function main(): Promise<number> {
    let code = EXIT_OK;
    try {
        await program((c) => (code = c)).parseAsync(process.argv);
        return code;
    } catch (err) {
        if (err instanceof CommanderError) {
            if (err.exitCode === 0) return EXIT_OK; // --help, --version
            if (json) emit({ ok: false, usageError: err.message.replace(/^error: /, "") });
            return EXIT_USAGE;
        }
        if (err instanceof UsageError) {
            if (json) emit({ ok: false, usageError: err.message });
            else process.stderr.write(`error: ${err.message}\n`);
            return EXIT_USAGE;
        }
        // Never a stack trace in place of a verdict: whatever went wrong is said, once, with exit 2.
        const message = `unexpected failure: ${(err as Error).message ?? String(err)}`;
        if (json) emit({ ok: false, error: message });
        else process.stderr.write(`error: ${message}\n`);
        return EXIT_USAGE;
    }
}

main().then((code) => {
    process.exitCode = code;
});
