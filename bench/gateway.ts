import { spawnSync } from "child_process";
import * as path from "path";
import { performance } from "perf_hooks";
import { type GatewayManifestInput, checkGatewayObjects, simulateRoute } from "../gateway";

/**
 * Issue 5's budget: validating and simulating a 500-rule gateway config takes ≤ 200 ms.
 * The synthetic config has 500 routing rules, 500 rate-limit rules, 500 budget rules and 100
 * guardrail rules over a 40-model catalog, all valid, so every check runs its full course
 * (shadowing is pairwise: 3 × 125k comparisons). Validation starts from in-memory documents, so
 * file I/O and YAML parsing are not in the figure.
 */

const MODELS = 40;

export function syntheticGatewayConfig(rules = 500): GatewayManifestInput[] {
    const model = (i: number) => `acct-${i % 4}/model-${i % MODELS}`;
    const project = (i: number) => `project-${i}`;
    const accounts = [0, 1, 2, 3].map((a) => ({
        type: "provider-account/openai" as const,
        name: `acct-${a}`,
        auth_data: { type: "api-key" as const, api_key: `tfy-secret://bench:llm:KEY_${a}` },
        integrations: Array.from({ length: MODELS }, (_, m) => ({ type: "integration/model/openai" as const, name: `model-${m}`, model_id: `model-${m}` })).filter((_, m) => m % 4 === a),
    }));
    return [
        {
            type: "splitplane/gateway-contract" as const,
            name: "bench",
            metadata: [{ key: "project_id", required: true, pattern: "^project-[0-9]+$" }, { key: "environment", values: ["dev", "prod"] }],
        },
        ...accounts,
        {
            type: "provider-account/guardrail-config-group" as const,
            name: "safety",
            integrations: [
                { type: "integration/guardrail-config/tfy-pii" as const, name: "pii", operation: "mutate" as const, priority: 1, enforcing_strategy: "enforce" as const, config: {} },
                { type: "integration/guardrail-config/tfy-prompt-injection" as const, name: "injection", operation: "validate" as const, enforcing_strategy: "audit" as const },
            ],
        },
        {
            type: "gateway-load-balancing-config" as const,
            name: "routing",
            rules: Array.from({ length: rules }, (_, i) => ({
                id: `route-${i}`,
                type: "priority-based-routing" as const,
                when: { metadata: { project_id: project(i) }, subjects: [`team:t-${i % 20}`] },
                load_balance_targets: [
                    { target: model(i), priority: 0, fallback_status_codes: ["429", "500", "503"] },
                    { target: model(i + 1), priority: 1, retry_config: { attempts: 2, delay: 100, on_status_codes: ["429", "503"] } },
                ],
            })),
        },
        {
            type: "gateway-rate-limiting-config" as const,
            name: "rate-limits",
            rules: [
                ...Array.from({ length: rules - 1 }, (_, i) => ({ id: `rl-${i}`, when: { metadata: { project_id: project(i) } }, limit_to: 1000 + i, unit: "tokens_per_minute" as const, rate_limit_applies_per: ["user"] })),
                { id: "rl-catch-all", when: {}, limit_to: 10, unit: "requests_per_minute" as const },
            ],
        },
        {
            type: "gateway-budget-config" as const,
            name: "budgets",
            rules: [
                ...Array.from({ length: rules - 1 }, (_, i) => ({
                    id: `b-${i}`,
                    when: { metadata: { project_id: project(i) } },
                    limit_to: 100 + i,
                    unit: "cost_per_month" as const,
                    alerts: { thresholds: [50, 90, 100], notification_target: [{ type: "email" as const, notification_channel: "bench:email:finops:notification-channel:finops", to_emails: ["finops@example.com"] }] },
                })),
                { id: "b-catch-all", when: {}, limit_to: 5, unit: "cost_per_day" as const, budget_applies_per: ["user"] },
            ],
        },
        {
            type: "gateway-guardrails-config" as const,
            name: "guardrails",
            rules: Array.from({ length: 100 }, (_, i) => ({
                id: `g-${i}`,
                when: { target: { operator: "or" as const, conditions: { model: { condition: "in" as const, values: [model(i)] } } }, metadata: { environment: i % 2 ? "prod" : "dev" } },
                llm_input_guardrails: ["safety/pii", "safety/injection"],
                llm_output_guardrails: [],
                mcp_tool_pre_invoke_guardrails: [],
                mcp_tool_post_invoke_guardrails: [],
            })),
        },
    ];
}

function medianOf(values: readonly number[]): number {
    const s = [...values].sort((a, b) => a - b);
    const mid = Math.floor(s.length / 2);
    return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export async function benchGateway(): Promise<Array<{ name: string; value: number; unit: string; budget?: number; runs?: number }>> {
    const runs = 7;
    const docs = syntheticGatewayConfig(500);
    const validateMs: number[] = [];
    const simulateMs: number[] = [];
    const totalMs: number[] = [];
    // One warm-up run: the first pays for JIT compilation and module initialisation.
    for (let i = -1; i < runs; i += 1) {
        const t0 = performance.now();
        const result = checkGatewayObjects(structuredClone(docs), "bench");
        const t1 = performance.now();
        // The last routing rule, so the simulator scans every rule before it.
        simulateRoute(result.config, { model: "acct-3/model-3", subjects: ["user:bench@example.com", "team:t-19"], metadata: { project_id: "project-499", environment: "prod" } });
        const t2 = performance.now();
        if (result.errors.length > 0) throw new Error(`synthetic gateway config is invalid:\n${result.errors.slice(0, 5).join("\n")}`);
        if (i < 0) continue;
        validateMs.push(t1 - t0);
        simulateMs.push(t2 - t1);
        totalMs.push(t2 - t0);
    }
    const round = (n: number) => Math.round(n * 10) / 10;
    // Issue 15's budget: the CLI from process start to verdict on the phase-3 example, as a user runs it.
    const cliMs: number[] = [];
    for (let i = 0; i < 3; i += 1) {
        const t0 = performance.now();
        const run = spawnSync(process.execPath, ["--import", "tsx", "cli/gateway.ts", "validate", "gateway/examples/phase3"], { cwd: path.resolve(__dirname, ".."), encoding: "utf8" });
        cliMs.push(performance.now() - t0);
        if (run.status !== 0) throw new Error(`gateway validate gateway/examples/phase3 exited ${run.status}:\n${run.stderr}`);
    }
    return [
        { name: "gateway: CLI start to verdict on the phase-3 example", value: Math.round(medianOf(cliMs)), unit: "ms", budget: 1000, runs: 3 },
        { name: "gateway: validate + simulate a 500-rule config", value: round(medianOf(totalMs)), unit: "ms", budget: 200, runs },
        { name: "gateway: validate only (schemas, credential scan, every rule)", value: round(medianOf(validateMs)), unit: "ms", runs },
        { name: "gateway: simulate one request", value: round(medianOf(simulateMs)), unit: "ms", runs },
    ];
}

if (require.main === module) {
    benchGateway().then((figures) => {
        for (const f of figures) console.log(`${f.name}: ${f.value} ${f.unit}${f.budget !== undefined ? ` (budget ${f.budget})` : ""}`);
    });
}
