import { readFileSync, readdirSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import * as YAML from "yaml";
import type { z } from "zod";
import * as S from "../../gateway/schema";
import { RULES, checkGatewayObjects } from "../../gateway";
import { reference } from "../aws/reference";
import { type PyField, readPydantic } from "./pydantic";

/**
 * The derived schemas against TrueFoundry's own model and pages (../shared/reference/gateway, see its
 * SOURCES.md): every field name, optionality, enum, pattern and bound of each model splitplane
 * derives, so that they cannot drift silently; and the manifests the control plane returns are
 * accepted. Skips visibly where the reference folder is absent.
 */

const model = reference("gateway/manifest_schemas.py");
const pages = reference("gateway");

type Obj = z.ZodObject;

/** Each derived schema, the model class it follows, and the differences chosen on purpose (with why, in the schema). */
const DERIVED: Array<{ schema: Obj; model: string; added?: string[]; optionalHere?: string[]; literalsDiffer?: boolean }> = [
    { schema: S.ruleWhen, model: "RateLimitWhen" },
    { schema: S.ruleWhen, model: "BudgetWhen" },
    { schema: S.ruleWhen, model: "LoadBalancingWhen" },
    { schema: S.collaborator, model: "Collaborator" },
    { schema: S.ownedBy, model: "OwnedBy" },
    { schema: S.retryConfig, model: "RetryConfig" },
    { schema: S.slaCutoff, model: "SLACutoff" },
    { schema: S.headersOverride, model: "HeadersOverride" },
    { schema: S.weightTarget, model: "LoadBalanceTarget" },
    { schema: S.latencyTarget, model: "LatencyBasedLoadBalanceTarget" },
    { schema: S.priorityTarget, model: "PriorityBasedLoadBalanceTarget" },
    { schema: S.stickySessionIdentifier, model: "StickySessionIdentifier" },
    { schema: S.stickyRouting, model: "StickyRouting" },
    { schema: S.weightRouting, model: "WeightBasedLoadBalancing" },
    { schema: S.latencyRouting, model: "LatencyBasedLoadBalancing" },
    { schema: S.priorityRouting, model: "PriorityBasedLoadBalancing" },
    // A rule's type: the strategy, as the control plane returns it, not the generated class name.
    ...S.routingRule.options.map((o, i) => ({ schema: o as unknown as Obj, model: ["WeightBasedLoadBalancingRule", "LatencyBasedLoadBalancingRule", "PriorityBasedLoadBalancingRule"][i]!, literalsDiffer: true })),
    { schema: S.routingConfig, model: "LoadBalancingConfig", added: ["name"] },
    { schema: S.rateLimitRule, model: "RateLimitRule" },
    { schema: S.rateLimitConfig, model: "RateLimitConfig", added: ["name"] },
    { schema: S.emailTarget, model: "Email" },
    { schema: S.slackWebhookTarget, model: "SlackWebhook" },
    { schema: S.slackBotTarget, model: "SlackBot" },
    { schema: S.pagerDutyTarget, model: "PagerDuty" },
    { schema: S.budgetAlert, model: "BudgetAlert" },
    { schema: S.budgetRule, model: "BudgetRule" },
    { schema: S.budgetConfig, model: "BudgetConfig", added: ["name"] },
    { schema: S.inNotIn, model: "InNotInOperator" },
    { schema: S.mcpToolTarget, model: "MCPToolTarget" },
    { schema: S.mcpToolsOperator, model: "MCPToolsOperator" },
    { schema: S.targetClause, model: "TargetClause" },
    { schema: S.targetConditionGroup, model: "TargetConditionGroup" },
    { schema: S.subjectClause, model: "SubjectClause" },
    { schema: S.subjectConditionGroup, model: "SubjectConditionGroup" },
    { schema: S.guardrailsWhen, model: "GuardrailsWhen" },
    { schema: S.guardrailRule, model: "GuardrailsRule" },
    { schema: S.guardrailsConfig, model: "GuardrailsConfig", added: ["name"] },
    { schema: S.openaiModel, model: "OpenAIModel" },
    { schema: S.openaiAccount, model: "OpenaiProviderAccount", optionalHere: ["auth_data"] },
    { schema: S.anthropicModel, model: "AnthropicModel" },
    { schema: S.anthropicAccount, model: "AnthropicProviderAccount", optionalHere: ["auth_data"] },
    { schema: S.azureOpenaiModel, model: "AzureOpenAIModel" },
    { schema: S.azureOpenaiAccount, model: "AzureOpenAIProviderAccount", optionalHere: ["auth_data"] },
    { schema: S.selfHostedModel, model: "SelfHostedModel" },
    { schema: S.bedrockModel, model: "BedrockModel" },
    { schema: S.bedrockAccount, model: "AwsBedrockProviderAccount" },
    { schema: (S.bedrockAccount.shape.auth_data.unwrap() as unknown as z.ZodDiscriminatedUnion).options[0] as unknown as Obj, model: "AwsAccessKeyBasedAuth" },
    { schema: (S.bedrockAccount.shape.auth_data.unwrap() as unknown as z.ZodDiscriminatedUnion).options[1] as unknown as Obj, model: "AwsBedrockAssumedRoleBasedAuth", literalsDiffer: true },
    { schema: (S.bedrockAccount.shape.auth_data.unwrap() as unknown as z.ZodDiscriminatedUnion).options[2] as unknown as Obj, model: "AwsBedrockApiKeyAuth" },
    { schema: S.selfHostedAccount, model: "SelfHostedModelProviderAccount" },
    // The manifest the program compiles for provider credentials synced from the store (gateway/provider-account.ts).
    { schema: S.awsProviderAccount, model: "AwsProviderAccount" },
    { schema: S.awsSecretsManagerIntegration, model: "AwsSecretsManager" },
    { schema: S.awsAssumedRoleAuth, model: "AwsAssumedRoleBasedAuth" },
    { schema: S.virtualModel, model: "VirtualModel" },
    { schema: S.virtualModelGroup, model: "VirtualModelProviderAccount" },
    { schema: S.guardrailGroup, model: "GuardrailConfigGroup" },
    { schema: S.tfyPiiGuardrail, model: "TfyPIIGuardrailConfig" },
    { schema: S.tfyPromptInjectionGuardrail, model: "TfyPromptInjectionGuardrailConfig" },
    { schema: S.tfyContentModerationGuardrail, model: "TfyContentModerationGuardrailConfig" },
    { schema: S.secretDetectionGuardrail, model: "SecretDetectionGuardrailConfig" },
    { schema: S.regexGuardrail, model: "RegexGuardrailConfig" },
];

const ENUMS: Array<[z.ZodEnum, string]> = [
    [S.rateLimitUnit, "RateLimitUnit"],
    [S.budgetUnit, "BudgetLimitUnit"],
    [S.modelType, "ModelType"],
    [S.enforcingStrategy, "EnforcingStrategy"],
    [S.guardrailOperation, "Operation"],
    [S.stickySource, "Source"],
    [S.condition, "Condition"],
    [S.subjectOperator, "Operator"],
    [S.modelServer, "ModelServer"],
    [S.deploymentType, "DeploymentType"],
    [S.contentSafetyCategory, "AzureContentSafetyCategory"],
    [S.awsRegion, "AWSRegion"],
];

type Def = { type: string; innerType?: Def; element?: Def; in?: Def; checks?: Array<{ _zod: { def: Record<string, unknown> } }>; values?: unknown[]; options?: unknown[]; _zod?: { def: Def } };
const defOf = (s: unknown): Def => (s as { _zod: { def: Def } })._zod.def;

/** The field's schema without optional/default wrappers (and, with `element`, without lists). */
function core(s: unknown, element = false): unknown {
    for (;;) {
        const d = defOf(s);
        if (d.type === "optional" || d.type === "default" || d.type === "nullable") s = d.innerType;
        else if (element && d.type === "array") s = d.element;
        else return s;
    }
}

function regexSources(s: unknown): string[] {
    const c = core(s, true);
    return (defOf(c).checks ?? []).map((k) => k._zod.def.pattern).filter((p): p is RegExp => p instanceof RegExp).map((p) => p.source);
}

const norm = (re: string) => re.replace(/\\'/g, "'").replace(/\\\//g, "/");

describe.skipIf(!model.exists)("derived schemas against TrueFoundry's manifest model", () => {
    const py = readPydantic(model.exists ? readFileSync(model.path, "utf8") : "");

    describe.each(DERIVED.map((d) => ({ ...d, name: d.model })))("$name", ({ schema, model: cls, added = [], optionalHere = [], literalsDiffer }) => {
        const fieldsOf = () => {
            const f = py.classes.get(cls);
            if (!f) throw new Error(`${cls} is not in manifest_schemas.py`);
            return f;
        };

        it("has exactly the model's fields (and the named additions)", () => {
            expect(Object.keys(schema.shape).sort()).toEqual([...fieldsOf().map((f) => f.name), ...added].sort());
        });

        it("makes the same fields required", () => {
            const required = (name: string) => !(schema.shape[name] as z.ZodType).safeParse(undefined).success;
            for (const f of fieldsOf()) expect([f.name, required(f.name)]).toEqual([f.name, f.required && !optionalHere.includes(f.name)]);
            for (const a of added) expect([a, required(a)]).toEqual([a, true]);
        });

        it("uses the model's patterns", () => {
            for (const f of fieldsOf().filter((x) => x.patterns.length > 0)) {
                expect([f.name, regexSources(schema.shape[f.name]).map(norm)]).toEqual([f.name, f.patterns.map(norm)]);
            }
        });

        it("enforces the model's numeric bounds", () => {
            for (const f of fieldsOf().filter((x: PyField) => Object.keys(x.bounds).length > 0)) {
                const s = core(schema.shape[f.name], true) as z.ZodType;
                const { ge, le, gt } = f.bounds;
                if (ge !== undefined) expect([f.name, s.safeParse(ge).success, s.safeParse(ge - 1).success]).toEqual([f.name, true, false]);
                if (le !== undefined) expect([f.name, s.safeParse(le).success, s.safeParse(le + 1).success]).toEqual([f.name, true, false]);
                if (gt !== undefined) expect([f.name, s.safeParse(gt).success, s.safeParse(gt + 1).success]).toEqual([f.name, false, true]);
            }
        });

        it.skipIf(literalsDiffer)("has the model's literal values", () => {
            for (const f of fieldsOf().filter((x) => x.literals.length > 0 && !x.annotation.includes("|"))) {
                const values = defOf(core(schema.shape[f.name])).values ?? [];
                expect([f.name, [...values].map(String).sort()]).toEqual([f.name, [...f.literals].sort()]);
            }
        });
    });

    it.each(ENUMS.map(([e, name]) => ({ e, name })))("enum $name has the model's values", ({ e, name }) => {
        expect([...e.options].sort()).toEqual([...(py.enums.get(name) ?? ["<missing>"])].sort());
    });

    it("knows every guardrail type of GuardrailConfigGroup: derived in full or accepted with a warning", () => {
        const inModel = [...py.text.matchAll(/Literal\["(integration\/guardrail-config\/[a-z0-9-]+)"\]/g)].map((m) => m[1]!);
        const derived = [S.tfyPiiGuardrail, S.tfyPromptInjectionGuardrail, S.tfyContentModerationGuardrail, S.secretDetectionGuardrail, S.regexGuardrail].map((g) => String(defOf(g.shape.type).values![0]));
        expect([...derived, ...S.UNCHECKED_GUARDRAIL_TYPES].sort()).toEqual([...new Set(inModel)].sort());
    });

    it("names only provider types the model has", () => {
        const inModel = new Set([...py.text.matchAll(/Literal\["(provider-account\/[a-z0-9-]+)"\]/g)].map((m) => m[1]!));
        for (const t of [...Object.keys(S.PROVIDER_ACCOUNTS), ...S.UNCHECKED_PROVIDER_TYPES]) expect([t, inModel.has(t)]).toEqual([t, true]);
    });
});

/**
 * The YAML blocks of the reference pages that hold a manifest as the control plane returns it
 * (`manifest:` of `get_gateway_config`, `data[].manifest` of `list_provider_accounts`). The pages
 * elide with comments, which the test undoes: `- # more rules` items (null), `...` placeholders, and
 * type-specific guardrail fields marked "Fields specific to …" (tfy-pii's `config`).
 */
function returnedManifests(dir: string): Array<{ page: string; manifest: Record<string, unknown> }> {
    const out: Array<{ page: string; manifest: Record<string, unknown> }> = [];
    for (const page of readdirSync(dir).filter((f) => f.endsWith(".md")).sort()) {
        const text = readFileSync(path.join(dir, page), "utf8");
        for (const block of text.matchAll(/```yaml\n([\s\S]*?)```/g)) {
            let data: any;
            try {
                data = YAML.parse(block[1]!);
            } catch {
                continue; // a template with <placeholders>, not a returned manifest
            }
            const found = data?.manifest ? [data.manifest] : Array.isArray(data?.data) ? data.data.map((d: any) => d.manifest) : [];
            for (const m of found.filter(Boolean)) out.push({ page, manifest: undoElisions(m) });
        }
    }
    return out;
}

function undoElisions(node: any, key?: string): any {
    if (Array.isArray(node)) return node.filter((x) => x !== null && x !== "...").map((x) => undoElisions(x));
    if (node && typeof node === "object") {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(node)) out[k] = v === "..." && k === "id" ? "elided-rule" : undoElisions(v, k);
        if (out.type === "integration/guardrail-config/tfy-pii" && out.config === undefined) out.config = {};
        return out;
    }
    return key === undefined ? node : node;
}

describe.skipIf(!pages.exists)("the manifests TrueFoundry's pages show the control plane returning", () => {
    const manifests = pages.exists ? returnedManifests(pages.path) : [];

    it("are found on the pages (so this test cannot pass empty)", () => {
        expect(new Set(manifests.map((m) => m.manifest.type))).toEqual(new Set([
            "gateway-rate-limiting-config", "gateway-budget-config", "gateway-load-balancing-config", "gateway-guardrails-config",
            "provider-account/guardrail-config-group", "provider-account/virtual-model", "provider-account/openai", "mcp-server/remote",
        ]));
    });

    it.each(manifests.map((m) => ({ ...m, type: String(m.manifest.type) })))("$page: $type is accepted (no format error)", ({ manifest }) => {
        const r = checkGatewayObjects([manifest], "reference");
        expect(r.issues.filter((i) => i.kind === "format" && i.severity === "error")).toEqual([]);
    });

    it("keeps the alert's notification_channel and the guardrail rule's four hooks as returned", () => {
        const budget = manifests.find((m) => m.manifest.type === "gateway-budget-config")!.manifest as any;
        const r = checkGatewayObjects([budget], "reference");
        expect((r.config.budgets!.value.rules[0]!.alerts!.notification_target[0] as { notification_channel: string }).notification_channel).toMatch(/notification-channel/);
    });
});

describe("docs/gateway.md", () => {
    const doc = readFileSync(path.resolve("docs/gateway.md"), "utf8");
    it.each(Object.entries(RULES).map(([code, r]) => ({ code, kind: r.kind })))("lists $code with its kind ($kind)", ({ code, kind }) => {
        expect(doc).toMatch(new RegExp(`\\| \`${code}\`( \\(warning\\))? \\| ${kind}`));
    });
});
