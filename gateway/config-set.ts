import { type DocSource, IssueSink, show } from "./issues";
import {
    type BudgetConfigDoc,
    DOCUMENT_TYPES,
    type GatewayContractDoc,
    type GatewayManifest,
    type GuardrailGroupDoc,
    type GuardrailIntegration,
    type GuardrailsConfigDoc,
    type ProviderAccountDoc,
    type RateLimitConfigDoc,
    type RoutingConfigDoc,
    type VirtualModel,
    type VirtualModelGroupDoc,
    gatewayContract,
    schemaForType,
} from "./schema";
import { reportSchemaIssues } from "./schema-issues";
import type { RawDocument } from "./source";

/** A parsed document and where it came from. */
export interface Located<T> {
    readonly value: T;
    readonly source: DocSource;
}

/**
 * A whole environment's gateway config after the schemas: the documents, grouped by kind, plus the
 * indexes the validation rules and the simulator resolve names against.
 */
export interface GatewayConfigSet {
    /** The path (or `<inline>`) the config was read from. */
    readonly label: string;
    readonly documents: ReadonlyArray<Located<GatewayManifest>>;
    readonly providerAccounts: ReadonlyArray<Located<ProviderAccountDoc>>;
    readonly virtualModelGroups: ReadonlyArray<Located<VirtualModelGroupDoc>>;
    readonly guardrailGroups: ReadonlyArray<Located<GuardrailGroupDoc>>;
    readonly routing?: Located<RoutingConfigDoc>;
    readonly rateLimits?: Located<RateLimitConfigDoc>;
    readonly budgets?: Located<BudgetConfigDoc>;
    readonly guardrails?: Located<GuardrailsConfigDoc>;
    /** The contract, with its defaults when no contract document was given. */
    readonly contract: GatewayContractDoc;
    readonly contractSource?: DocSource;
    /** Catalog models by `<account>/<model>`. */
    readonly models: ReadonlyMap<string, { account: string; source: DocSource }>;
    /** Virtual models by `<group>/<name>`. */
    readonly virtualModels: ReadonlyMap<string, { model: VirtualModel; source: DocSource; path: (string | number)[] }>;
    /** Guardrail integrations by `<group>/<name>`. */
    readonly guardrailIntegrations: ReadonlyMap<string, GuardrailIntegration>;
    /**
     * A provider-account document (or one of unknown type) failed its schema: resolving model names
     * would only echo that failure, so those checks are skipped.
     */
    readonly catalogIncomplete: boolean;
    /** Likewise for guardrail config groups and guardrail selectors. */
    readonly guardrailCatalogIncomplete: boolean;
    /** Types of the documents that failed their schema (their absence is not reported again). */
    readonly failedTypes: ReadonlySet<string>;
}

const SINGLETONS = {
    "gateway-load-balancing-config": "routing",
    "gateway-rate-limiting-config": "rateLimits",
    "gateway-budget-config": "budgets",
    "gateway-guardrails-config": "guardrails",
} as const;

/** Applies the schemas to raw documents and indexes the result. Schema problems go to `sink`. */
export function buildConfigSet(label: string, docs: readonly RawDocument[], sink: IssueSink): GatewayConfigSet {
    const documents: Located<GatewayManifest>[] = [];
    const failedTypes = new Set<string>();
    for (const raw of docs) {
        const type = raw.data && typeof raw.data === "object" ? (raw.data as Record<string, unknown>).type : undefined;
        const schema = schemaForType(type);
        if (!schema) {
            failedTypes.add("<unknown>");
            sink.error("schema", raw.source, ["type"], type === undefined ? "document has no type" : `unknown document type ${show(type)}`,
                `set type to one of ${DOCUMENT_TYPES.join(", ")}`);
            continue;
        }
        const parsed = schema.safeParse(raw.data);
        if (!parsed.success) {
            failedTypes.add(String(type));
            reportSchemaIssues(sink, raw.source, raw.data, parsed.error.issues);
            continue;
        }
        documents.push({ value: parsed.data as GatewayManifest, source: raw.source });
    }

    const providerAccounts: Located<ProviderAccountDoc>[] = [];
    const virtualModelGroups: Located<VirtualModelGroupDoc>[] = [];
    const guardrailGroups: Located<GuardrailGroupDoc>[] = [];
    const singles: Partial<Record<(typeof SINGLETONS)[keyof typeof SINGLETONS], Located<GatewayManifest>>> = {};
    let contract: Located<GatewayContractDoc> | undefined;
    const accountNames = new Map<string, DocSource>();

    for (const d of documents) {
        const type = d.value.type;
        if (type === "splitplane/gateway-contract") {
            if (contract) duplicateDoc(sink, d.source, type, contract.source);
            else contract = d as Located<GatewayContractDoc>;
        } else if (type in SINGLETONS) {
            const slot = SINGLETONS[type as keyof typeof SINGLETONS];
            const first = singles[slot];
            if (first) duplicateDoc(sink, d.source, type, first.source);
            else singles[slot] = d;
        } else {
            // Provider accounts of every kind share one namespace in the control plane.
            const name = (d.value as { name: string }).name;
            const first = accountNames.get(name);
            if (first) {
                sink.error("duplicate-id", d.source, ["name"], `provider account name "${name}" is already used by ${where(first)}`,
                    "give each provider account, virtual-model group and guardrail group its own name");
                continue;
            }
            accountNames.set(name, d.source);
            if (type === "provider-account/virtual-model") virtualModelGroups.push(d as Located<VirtualModelGroupDoc>);
            else if (type === "provider-account/guardrail-config-group") guardrailGroups.push(d as Located<GuardrailGroupDoc>);
            else providerAccounts.push(d as Located<ProviderAccountDoc>);
        }
    }

    const models = new Map<string, { account: string; source: DocSource }>();
    for (const a of providerAccounts) {
        a.value.integrations.forEach((m, i) => {
            const id = `${a.value.name}/${m.name}`;
            if (models.has(id)) dupMember(sink, a.source, ["integrations", i, "name"], "model", id);
            else models.set(id, { account: a.value.name, source: a.source });
        });
    }
    const virtualModels = new Map<string, { model: VirtualModel; source: DocSource; path: (string | number)[] }>();
    for (const g of virtualModelGroups) {
        g.value.integrations.forEach((vm, i) => {
            const id = `${g.value.name}/${vm.name}`;
            if (virtualModels.has(id)) dupMember(sink, g.source, ["integrations", i, "name"], "virtual model", id);
            else virtualModels.set(id, { model: vm, source: g.source, path: ["integrations", i] });
        });
    }
    const guardrailIntegrations = new Map<string, GuardrailIntegration>();
    for (const g of guardrailGroups) {
        g.value.integrations.forEach((gi, i) => {
            const id = `${g.value.name}/${gi.name}`;
            if (guardrailIntegrations.has(id)) dupMember(sink, g.source, ["integrations", i, "name"], "guardrail", id);
            else guardrailIntegrations.set(id, gi);
        });
    }

    return {
        label,
        documents,
        providerAccounts,
        virtualModelGroups,
        guardrailGroups,
        routing: singles.routing as Located<RoutingConfigDoc> | undefined,
        rateLimits: singles.rateLimits as Located<RateLimitConfigDoc> | undefined,
        budgets: singles.budgets as Located<BudgetConfigDoc> | undefined,
        guardrails: singles.guardrails as Located<GuardrailsConfigDoc> | undefined,
        contract: contract?.value ?? gatewayContract.parse({ type: "splitplane/gateway-contract", name: "default" }),
        contractSource: contract?.source,
        models,
        virtualModels,
        guardrailIntegrations,
        catalogIncomplete: [...failedTypes].some((t) => t === "<unknown>" || (t.startsWith("provider-account/") && t !== "provider-account/guardrail-config-group")),
        guardrailCatalogIncomplete: failedTypes.has("<unknown>") || failedTypes.has("provider-account/guardrail-config-group"),
        failedTypes,
    };
}

export function where(src: DocSource): string {
    return `${src.file} (doc ${src.doc})`;
}

function duplicateDoc(sink: IssueSink, src: DocSource, type: string, first: DocSource): void {
    sink.error("duplicate-id", src, ["type"], `a second ${type} (the first is ${where(first)}); the control plane keeps one per tenant, so one would silently replace the other`,
        "merge the rules into one document");
}

function dupMember(sink: IssueSink, src: DocSource, path: (string | number)[], what: string, id: string): void {
    sink.error("duplicate-id", src, path, `${what} "${id}" is defined twice`, `rename one ${what} or remove the duplicate`);
}
