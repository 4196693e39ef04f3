import { type GatewayConfigSet, isUnresolved } from "../config-set";
import { type DocSource, type IssuePath, type IssueSink, didYouMean, show } from "../issues";
import { DEFAULT_MODEL_TYPES, DEFAULT_FALLBACK_STATUS_CODES, DEFAULT_RETRY_DELAY_MS, type LoadBalanceTarget, type RoutingBlock } from "../schema";
import { checkMetadataKey, checkShadowing, checkUniqueIds, checkWhen, sample } from "./helpers";

/** Retrying the same target on these 4xx codes can succeed (timeout, conflict, rate limit). */
const RETRYABLE_4XX = new Set([408, 409, 429]);
/** Failing over on these 4xx codes can succeed: another account has other keys, models and quotas. */
const FAILOVER_4XX = new Set([401, 403, 404, 408, 429]);

/** The codes a target falls back on, with the server's default when the field is omitted. */
export const fallbackCodesOf = (t: LoadBalanceTarget): readonly string[] => t.fallback_status_codes ?? DEFAULT_FALLBACK_STATUS_CODES;

/** Checks one routing block: a rule of the routing config or a virtual model's routing_config. */
export function checkTargets(set: GatewayConfigSet, sink: IssueSink, src: DocSource, path: IssuePath, block: RoutingBlock, requested: ReadonlyArray<{ name: string; types: readonly string[] }>): void {
    const seen = new Map<string, number>();
    block.load_balance_targets.forEach((t, i) => {
        const tp = [...path, "load_balance_targets", i];
        const first = seen.get(t.target);
        if (first !== undefined) sink.report("duplicate-target", src, [...tp, "target"], { message: "the same target twice in one rule", expected: "each target once", actual: `"${t.target}" also at load_balance_targets[${first}]`, fix: "merge the two entries" });
        else seen.set(t.target, i);
        if (checkTargetName(set, sink, src, [...tp, "target"], t.target)) checkOperation(set, sink, src, [...tp, "target"], t.target, requested);
        checkStatusCodes(sink, src, tp, t);
        checkTimeout(set, sink, src, tp, t);
        if (t.metadata_match) for (const k of Object.keys(t.metadata_match)) checkMetadataKey(set, sink, src, [...tp, "metadata_match", k], k);
    });
    if (block.type === "weight-based-routing") checkWeights(sink, src, path, block.load_balance_targets);
    if (block.type === "priority-based-routing") checkPriorities(sink, src, path, block.load_balance_targets);
    checkChainTimeout(set, sink, src, path, block.load_balance_targets);
}

/** True when the target is a known catalog model (so its operations can be compared). */
function checkTargetName(set: GatewayConfigSet, sink: IssueSink, src: DocSource, path: IssuePath, target: string): boolean {
    if (set.virtualModels.has(target) || set.slugs.has(target)) {
        sink.report("virtual-target", src, path, { message: "targets a virtual model; targets must be real catalog models, never other virtual models", expected: "a catalog model <provider-account>/<model>", actual: JSON.stringify(target), fix: "target the catalog models that virtual model routes to" });
        return false;
    }
    if (!/^[^/\s]+\/\S+$/.test(target)) {
        const mean = [...set.models.keys()].find((m) => m.slice(m.indexOf("/") + 1) === target) ?? didYouMean(target, set.models.keys());
        sink.report("unknown-target", src, path, { message: "not of the form <provider-account>/<model>, so every request routed here fails", expected: "<provider-account>/<model>", actual: JSON.stringify(target), fix: "write the account name, a slash and the model name", ...(mean ? { didYouMean: mean } : {}) });
        return false;
    }
    if (set.models.has(target)) return true;
    if (set.catalogIncomplete || isUnresolved(set, target)) return false;
    const mean = didYouMean(target, set.models.keys());
    sink.report("unknown-target", src, path, { message: "not in the model catalog, so every request routed here fails", expected: `one of ${sample([...set.models.keys()])}`, actual: JSON.stringify(target), fix: mean ? `write ${mean}` : "add it to a provider account or target a catalog model", ...(mean ? { didYouMean: mean } : {}) });
    return false;
}

/** A target that cannot serve an operation of the requested model fails those requests. */
function checkOperation(set: GatewayConfigSet, sink: IssueSink, src: DocSource, path: IssuePath, target: string, requested: ReadonlyArray<{ name: string; types: readonly string[] }>): void {
    const serves = set.models.get(target)!.modelTypes;
    for (const r of requested) {
        const missing = r.types.filter((t) => !serves.includes(t));
        if (missing.length === 0) continue;
        sink.report("target-operation", src, path, {
            message: `"${r.name}" serves ${r.types.join(", ")}, but this target cannot serve ${missing.join(", ")}, so those requests fail here`,
            expected: `a model whose model_types include ${missing.join(", ")}`,
            actual: `"${target}" with model_types ${serves.join(", ")}`,
            fix: "target a model of the same kind, or narrow the model_types of the requested model",
        });
        return;
    }
}

function checkWeights(sink: IssueSink, src: DocSource, path: IssuePath, targets: readonly LoadBalanceTarget[]): void {
    let sum = 0;
    let ok = true;
    targets.forEach((t, i) => {
        const w = t.weight ?? 0;
        if (w < 0) {
            ok = false;
            sink.report("weights", src, [...path, "load_balance_targets", i, "weight"], { message: "a negative weight has no meaning as a share of traffic", expected: "an integer ≥ 0", actual: String(w), fix: "use whole percentages" });
        } else sum += w;
    });
    if (!ok) return;
    const lp = [...path, "load_balance_targets"];
    if (sum === 0) sink.report("weights", src, lp, { message: "every weight is 0, so no target can be drawn (a division by zero in other gateways)", expected: "weights summing to 100", actual: "all 0", fix: "give at least one target a weight above 0" });
    // The model calls weights relative, TrueFoundry's docs percentages: a sum other than 100 still routes by share.
    else if (sum !== 100) sink.report("weights", src, lp, { severity: "warning", message: `weights are shares of ${sum}, so ${targets.map((t) => `${t.target} gets ${Math.round(((t.weight ?? 0) * 1000) / sum) / 10} %`).join(", ")}`, expected: "weights summing to 100 (percentages, as TrueFoundry documents them)", actual: `a sum of ${sum}`, fix: "write the weights as percentages that add up to 100" });
}

function checkPriorities(sink: IssueSink, src: DocSource, path: IssuePath, targets: readonly LoadBalanceTarget[]): void {
    const seen = new Map<number, number>();
    let ok = true;
    targets.forEach((t, i) => {
        const p = t.priority ?? 0; // the server's default
        const first = seen.get(p);
        if (first !== undefined) {
            ok = false;
            sink.report("priorities", src, [...path, "load_balance_targets", i, "priority"], { message: `load_balance_targets[${first}] has the same priority${t.priority === undefined ? " (0, the default)" : ""}, so the order between them is undefined`, expected: "a priority no other target of the rule has", actual: String(p), fix: "give each target its own priority (0 is tried first)" });
        } else seen.set(p, i);
    });
    if (!ok) return;
    const lp = [...path, "load_balance_targets"];
    const ordered = [...targets].sort((a, b) => (a.priority ?? 0) - (b.priority ?? 0));
    if (ordered.length < 2) {
        sink.report("priorities", src, lp, { severity: "warning", message: "priority-based routing with a single target has nothing to fall back to", expected: "two or more targets", actual: "one", fix: "add a fallback target, or use weight-based-routing with weight 100" });
    } else if (ordered.slice(1).every((t) => t.fallback_candidate === false)) {
        sink.report("priorities", src, lp, { message: "no target after the first is a fallback candidate, so the lower priorities are never used", expected: "a lower-priority target with fallback_candidate true (the default)", actual: "fallback_candidate: false on all of them", fix: "set fallback_candidate: true on at least one lower-priority target" });
    }
}

function checkStatusCodes(sink: IssueSink, src: DocSource, path: IssuePath, t: LoadBalanceTarget): void {
    const lists: Array<[IssuePath, readonly string[] | undefined, "retry" | "fallback"]> = [
        [[...path, "retry_config", "on_status_codes"], t.retry_config?.on_status_codes, "retry"],
        [[...path, "fallback_status_codes"], t.fallback_status_codes, "fallback"],
    ];
    for (const [lp, codes, kind] of lists) {
        codes?.forEach((code, i) => {
            const n = /^\d{3}$/.test(code) ? Number(code) : NaN;
            if (!(n >= 400 && n <= 599)) {
                sink.report("status-code", src, [...lp, i], {
                    message: n >= 100 && n < 400 ? `${n} is not a failure, so a ${kind} on it never happens (or retries a success)` : "not an HTTP status code",
                    expected: 'an HTTP error status from 400 to 599, e.g. "429"',
                    actual: show(code),
                    fix: kind === "retry" ? "retry on 408, 429 and 5xx" : "fall back on 401, 403, 404, 408, 429 and 5xx",
                });
            } else if (n < 500 && kind === "retry" && !RETRYABLE_4XX.has(n)) {
                sink.report("retry-4xx", src, [...lp, i], { message: `retrying on ${n}: a client error repeats on the same target, so the retries only add latency`, expected: "408, 409, 429 or 5xx", actual: String(n), fix: "retry on 408, 429 and 5xx only" });
            } else if (n < 500 && kind === "fallback" && !FAILOVER_4XX.has(n)) {
                sink.report("fallback-4xx", src, [...lp, i], { message: `failing over on ${n}: a malformed request fails on every target`, expected: "401, 403, 404, 408, 429 or 5xx", actual: String(n), fix: "keep 400 only for deliberate context-window fallbacks" });
            }
        });
    }
}

/** Worst case for one target: every attempt times out, with the delay between attempts. */
export function targetWorstCaseMs(t: LoadBalanceTarget, attemptTimeoutMs: number | undefined): number | undefined {
    if (attemptTimeoutMs === undefined) return undefined;
    const retries = t.retry_config?.attempts ?? 0;
    return (1 + retries) * attemptTimeoutMs + retries * (t.retry_config?.delay ?? DEFAULT_RETRY_DELAY_MS);
}

function checkTimeout(set: GatewayConfigSet, sink: IssueSink, src: DocSource, path: IssuePath, t: LoadBalanceTarget): void {
    const worst = targetWorstCaseMs(t, set.contract.attempt_timeout_ms);
    if (worst === undefined || worst <= set.contract.request_timeout_ms) return;
    sink.report("timeout-budget", src, path, {
        message: `(1 + ${t.retry_config?.attempts ?? 0} retries) × ${set.contract.attempt_timeout_ms} ms per attempt = ${worst} ms, so the caller gives up before the retries finish`,
        expected: `at most the request timeout of ${set.contract.request_timeout_ms} ms`,
        actual: `${worst} ms`,
        fix: "lower retry_config.attempts, or the contract's attempt_timeout_ms (with the clients' x-tfy-request-timeout), or raise request_timeout_ms",
    });
}

/** Fallback steps inside one target list: every candidate except the first one tried. */
export function fallbackSteps(targets: readonly LoadBalanceTarget[]): number {
    const candidates = targets.filter((t) => t.fallback_candidate !== false).length;
    return Math.min(targets.length - 1, candidates);
}

function checkChainTimeout(set: GatewayConfigSet, sink: IssueSink, src: DocSource, path: IssuePath, targets: readonly LoadBalanceTarget[]): void {
    const costs = targets.map((t) => targetWorstCaseMs(t, set.contract.attempt_timeout_ms));
    if (costs.some((c) => c === undefined || c > set.contract.request_timeout_ms)) return; // unknown, or already reported per target
    const worst = (costs as number[]).sort((a, b) => b - a).slice(0, fallbackSteps(targets) + 1).reduce((a, b) => a + b, 0);
    if (worst <= set.contract.request_timeout_ms) return;
    sink.report("timeout-budget", src, [...path, "load_balance_targets"], {
        severity: "warning",
        message: "if every target times out, retries plus fallbacks outlast the request timeout; the last fallbacks would never run",
        expected: `at most ${set.contract.request_timeout_ms} ms`,
        actual: `up to ${worst} ms`,
        fix: "lower the retries or the attempt timeout, or raise request_timeout_ms",
    });
}

/** The operations a requested model serves (catalog or virtual), when it is known. */
function typesOf(set: GatewayConfigSet, name: string): readonly string[] | undefined {
    const vm = set.virtualModels.get(set.slugs.get(name) ?? name);
    if (vm) return vm.model.model_types ?? DEFAULT_MODEL_TYPES;
    return set.models.get(name)?.modelTypes;
}

/** The routing config (`gateway-load-balancing-config`) and every virtual model's routing_config. */
export function checkRouting(set: GatewayConfigSet, sink: IssueSink): void {
    for (const [id, vm] of set.virtualModels) {
        const rc = vm.model.routing_config;
        checkTargets(set, sink, vm.source, [...vm.path, "routing_config"], rc, [{ name: id, types: vm.model.model_types ?? DEFAULT_MODEL_TYPES }]);
        if (rc.type === "weight-based-routing") checkSticky(set, sink, vm.source, [...vm.path, "routing_config", "sticky_routing"], rc.sticky_routing);
    }
    const routing = set.routing;
    if (!routing) return;
    const { rules } = routing.value;
    checkUniqueIds(sink, routing.source, rules, "routing");
    rules.forEach((rule, i) => {
        checkWhen(set, sink, routing.source, ["rules", i, "when"], rule.when);
        const requested: Array<{ name: string; types: readonly string[] }> = [];
        rule.when.models?.forEach((m, k) => {
            const types = typesOf(set, m);
            if (types) requested.push({ name: m, types });
            if (set.virtualModels.has(m) || set.slugs.has(m)) {
                sink.report("ambiguous-route", routing.source, ["rules", i, "when", "models", k], { message: "a virtual model has its own routing_config; which of the two routes it is not documented", expected: "a catalog model", actual: JSON.stringify(m), fix: "route virtual models in their routing_config only" });
            }
        });
        checkTargets(set, sink, routing.source, ["rules", i], rule, requested);
        if (rule.type === "weight-based-routing") checkSticky(set, sink, routing.source, ["rules", i, "sticky_routing"], rule.sticky_routing);
    });
    checkShadowing(sink, routing.source, rules, "routing", "error", false);
}

function checkSticky(set: GatewayConfigSet, sink: IssueSink, src: DocSource, path: IssuePath, sticky: { session_identifiers: Array<{ source: string; key: string }> } | undefined): void {
    sticky?.session_identifiers.forEach((s, i) => {
        if (s.source === "metadata") checkMetadataKey(set, sink, src, [...path, "session_identifiers", i, "key"], s.key);
    });
}

