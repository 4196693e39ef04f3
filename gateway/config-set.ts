import { type DocSource, IssueSink, didYouMean, show } from "./issues";
import { parseDocument } from "./parse";
import {
    DEFAULT_MODEL_TYPES,
    DOCUMENT_TYPES,
    type GatewayContractDoc,
    type GatewayManifest,
    type GuardrailGroupDoc,
    type GuardrailIntegration,
    type GuardrailsConfigDoc,
    type BudgetConfigDoc,
    type ProviderAccountDoc,
    type RateLimitConfigDoc,
    type RoutingConfigDoc,
    type VirtualModel,
    type VirtualModelGroupDoc,
    gatewayContract,
    guardrailDefaults,
    schemaForType,
} from "./schema";
import type { RawDocument } from "./source";

/** A parsed document and where it came from. */
export interface Located<T> {
    readonly value: T;
    readonly source: DocSource;
}

/** A catalog model: its account and the operations it serves. */
export interface CatalogModel {
    readonly account: string;
    readonly modelTypes: readonly string[];
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
    readonly models: ReadonlyMap<string, CatalogModel>;
    /** Virtual models by `<group>/<name>`. */
    readonly virtualModels: ReadonlyMap<string, { model: VirtualModel; source: DocSource; path: (string | number)[] }>;
    /** Virtual-model slugs, which clients may call instead of `<group>/<name>`, to that name. */
    readonly slugs: ReadonlyMap<string, string>;
    /** Guardrail integrations by `<group>/<name>`, with the server's defaults applied. */
    readonly guardrailIntegrations: ReadonlyMap<string, GuardrailIntegration>;
    /**
     * Names that exist but whose entry failed its schema (`<account>/<model>`, `<group>/<name>`, and
     * whole accounts or groups as `<name>/`): references to them are not reported again.
     */
    readonly unresolved: ReadonlySet<string>;
    /** A catalog document failed without a readable name: name resolution is skipped altogether. */
    readonly catalogIncomplete: boolean;
    /** Likewise for guardrail config groups. */
    readonly guardrailCatalogIncomplete: boolean;
    /** Types of the documents that failed their schema (their absence is not reported again). */
    readonly failedTypes: ReadonlySet<string>;
    /** Rule configs some of whose rules failed their schema (checks of the whole list are skipped). */
    readonly partialTypes: ReadonlySet<string>;
    /** The contract failed its schema: metadata is not checked against the defaults instead. */
    readonly contractIncomplete: boolean;
}

const SINGLETONS = {
    "gateway-load-balancing-config": "routing",
    "gateway-rate-limiting-config": "rateLimits",
    "gateway-budget-config": "budgets",
    "gateway-guardrails-config": "guardrails",
} as const;

const nameOf = (v: unknown): string | undefined => (v && typeof v === "object" && typeof (v as { name?: unknown }).name === "string" ? (v as { name: string }).name : undefined);

/** Applies the schemas to raw documents and indexes the result. Schema problems go to `sink`. */
export function buildConfigSet(label: string, docs: readonly RawDocument[], sink: IssueSink, unreadableDocuments = false): GatewayConfigSet {
    const documents: Located<GatewayManifest>[] = [];
    // A document that could not be read may have been any type: its absence is not reported again.
    const failedTypes = new Set<string>(unreadableDocuments ? ["<unknown>"] : []);
    const partialTypes = new Set<string>();
    const unresolved = new Set<string>();
    let catalogIncomplete = unreadableDocuments;
    let guardrailCatalogIncomplete = unreadableDocuments;
    let contractIncomplete = unreadableDocuments;

    for (const raw of docs) {
        const type = raw.data && typeof raw.data === "object" ? (raw.data as Record<string, unknown>).type : undefined;
        const found = schemaForType(type);
        const name = nameOf(raw.data);
        if (!found) {
            const mean = typeof type === "string" ? didYouMean(type, DOCUMENT_TYPES) : undefined;
            sink.report("unknown-type", raw.source, ["type"], {
                message: type === undefined ? "document has no type" : "not a gateway manifest type splitplane knows",
                expected: "a gateway manifest type (provider-account/<provider>, gateway-*-config, splitplane/gateway-contract; docs/gateway.md)",
                actual: show(type),
                fix: mean ? `set type to ${mean}` : "set type to the manifest's type",
                ...(mean ? { didYouMean: mean } : {}),
            });
            failedTypes.add("<unknown>");
            // It may be a misspelt catalog document: what it names is not reported again.
            if (name) unresolved.add(`${name}/`);
            else catalogIncomplete = guardrailCatalogIncomplete = true;
            continue;
        }
        if (!found.checked) {
            sink.report("unchecked-type", raw.source, ["type"], {
                message: `splitplane has not derived the full schema of ${String(type)}: only its name and models are checked`,
                expected: "a type checked in full (docs/gateway.md)",
                actual: show(type),
                fix: "check this document with `tfy apply --dry-run`",
            });
        }
        const parsed = parseDocument(found.schema, raw.data, raw.source, sink);
        const t = String(type);
        if (parsed.value === undefined) {
            failedTypes.add(t);
            if (t === "splitplane/gateway-contract") contractIncomplete = true;
            else if (t.startsWith("provider-account/")) {
                if (name) unresolved.add(`${name}/`);
                else if (t === "provider-account/guardrail-config-group") guardrailCatalogIncomplete = true;
                else catalogIncomplete = true;
            }
            continue;
        }
        const source: DocSource = { ...raw.source, remap: parsed.remap };
        for (const [list, elements] of parsed.dropped) {
            if (list === "rules") partialTypes.add(t);
            if (list === "metadata") contractIncomplete = true;
            if (list !== "integrations") continue;
            for (const el of elements) {
                const n = nameOf(el);
                if (n && name) unresolved.add(`${name}/${n}`);
                else if (name) unresolved.add(`${name}/`);
                else if (t === "provider-account/guardrail-config-group") guardrailCatalogIncomplete = true;
                else catalogIncomplete = true;
            }
        }
        documents.push({ value: parsed.value as GatewayManifest, source });
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
        } else if (type.startsWith("mcp-server/") || type === "provider-account/mcp-server-group") {
            continue; // compiled as given; nothing in them is a name the rules resolve
        } else {
            // Provider accounts of every kind share one namespace in the control plane.
            const name = (d.value as { name: string }).name;
            const first = accountNames.get(name);
            if (first) {
                sink.report("duplicate-id", d.source, ["name"], {
                    message: `provider account name "${name}" is already used by ${where(first)}; one would replace the other`,
                    expected: "a name no other provider account, virtual-model group or guardrail group has",
                    actual: JSON.stringify(name),
                    fix: "give each provider account, virtual-model group and guardrail group its own name",
                });
                continue;
            }
            accountNames.set(name, d.source);
            if (type === "provider-account/virtual-model") virtualModelGroups.push(d as Located<VirtualModelGroupDoc>);
            else if (type === "provider-account/guardrail-config-group") guardrailGroups.push(d as Located<GuardrailGroupDoc>);
            else providerAccounts.push(d as Located<ProviderAccountDoc>);
        }
    }

    const models = new Map<string, CatalogModel>();
    for (const a of providerAccounts) {
        (a.value.integrations ?? []).forEach((m, i) => {
            const id = `${a.value.name}/${m.name}`;
            if (models.has(id)) dupMember(sink, a.source, ["integrations", i, "name"], "model", id);
            else models.set(id, { account: a.value.name, modelTypes: m.model_types ?? DEFAULT_MODEL_TYPES, source: a.source });
        });
    }
    const virtualModels = new Map<string, { model: VirtualModel; source: DocSource; path: (string | number)[] }>();
    const slugs = new Map<string, string>();
    for (const g of virtualModelGroups) {
        g.value.integrations.forEach((vm, i) => {
            const id = `${g.value.name}/${vm.name}`;
            if (virtualModels.has(id)) dupMember(sink, g.source, ["integrations", i, "name"], "virtual model", id);
            else virtualModels.set(id, { model: vm, source: g.source, path: ["integrations", i] });
            if (vm.slug !== undefined) {
                if (slugs.has(vm.slug)) dupMember(sink, g.source, ["integrations", i, "slug"], "virtual-model slug", vm.slug);
                else slugs.set(vm.slug, id);
            }
        });
    }
    const guardrailIntegrations = new Map<string, GuardrailIntegration>();
    for (const g of guardrailGroups) {
        g.value.integrations.forEach((gi, i) => {
            const id = `${g.value.name}/${gi.name}`;
            if (guardrailIntegrations.has(id)) dupMember(sink, g.source, ["integrations", i, "name"], "guardrail", id);
            else guardrailIntegrations.set(id, guardrailDefaults(gi));
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
        slugs,
        guardrailIntegrations,
        unresolved,
        catalogIncomplete,
        guardrailCatalogIncomplete,
        failedTypes,
        partialTypes,
        contractIncomplete,
    };
}

/** True when `name` (`<account>/<model>`) names something whose entry failed its schema. */
export function isUnresolved(set: GatewayConfigSet, name: string): boolean {
    if (set.unresolved.has(name)) return true;
    const slash = name.indexOf("/");
    return slash > 0 && set.unresolved.has(name.slice(0, slash + 1));
}

export function where(src: DocSource): string {
    return `${src.file} (doc ${src.doc})`;
}

function duplicateDoc(sink: IssueSink, src: DocSource, type: string, first: DocSource): void {
    sink.report("duplicate-id", src, ["type"], {
        message: `a second ${type} (the first is ${where(first)}); the control plane keeps one per tenant, so one would silently replace the other`,
        expected: `one ${type} document`,
        actual: "two",
        fix: "merge the rules into one document",
    });
}

function dupMember(sink: IssueSink, src: DocSource, path: (string | number)[], what: string, id: string): void {
    sink.report("duplicate-id", src, path, { message: `${what} "${id}" is defined twice`, expected: `each ${what} once`, actual: "twice", fix: `rename one ${what} or remove the duplicate` });
}
