import type { GatewayConfigSet } from "../config-set";
import { type DocSource, type IssuePath, type IssueSink, show } from "../issues";
import type { LoadBalanceTarget, RoutingStrategy } from "../schema";
import { checkMetadataKey, checkShadowing, checkUniqueIds, checkWhen, sample } from "./helpers";

/** Retrying the same target on these 4xx codes can succeed (timeout, conflict, rate limit). */
const RETRYABLE_4XX = new Set([408, 409, 429]);
/** Failing over on these 4xx codes can succeed: another account has other keys, models and quotas. */
const FAILOVER_4XX = new Set([401, 403, 404, 408, 429]);

/** Checks one target list: a rule of the routing config or a virtual model's routing_config. */
export function checkTargets(set: GatewayConfigSet, sink: IssueSink, src: DocSource, path: IssuePath, strategy: RoutingStrategy, targets: readonly LoadBalanceTarget[]): void {
    const seen = new Map<string, number>();
    targets.forEach((t, i) => {
        const tp = [...path, "load_balance_targets", i];
        const first = seen.get(t.target);
        if (first !== undefined) sink.error("duplicate-target", src, [...tp, "target"], `target "${t.target}" is listed twice in this rule (also load_balance_targets[${first}])`, "merge the two entries");
        else seen.set(t.target, i);
        checkTargetName(set, sink, src, [...tp, "target"], t.target);
        checkStrategyFields(sink, src, tp, strategy, t);
        checkStatusCodes(sink, src, tp, t);
        checkTimeout(set, sink, src, tp, t);
    });
    if (strategy === "weight-based-routing") checkWeights(sink, src, path, targets);
    if (strategy === "priority-based-routing") checkPriorities(sink, src, path, targets);
    checkChainTimeout(set, sink, src, path, targets);
}

function checkTargetName(set: GatewayConfigSet, sink: IssueSink, src: DocSource, path: IssuePath, target: string): void {
    if (set.virtualModels.has(target)) {
        sink.error("virtual-target", src, path, `target "${target}" is a virtual model; targets must be real catalog models`, "target the catalog models that virtual model routes to");
    } else if (!/^[^/\s]+\/\S+$/.test(target)) {
        sink.error("unknown-target", src, path, `target ${show(target)} is not of the form <provider-account>/<model>`, "write the account name, a slash and the model name");
    } else if (!set.catalogIncomplete && !set.models.has(target)) {
        sink.error("unknown-target", src, path, `target "${target}" is not in the model catalog, so every request routed here fails`, `add it to a provider account or use one of ${sample([...set.models.keys()])}`);
    }
}

function checkStrategyFields(sink: IssueSink, src: DocSource, path: IssuePath, strategy: RoutingStrategy, t: LoadBalanceTarget): void {
    const misplaced = (field: string, owner: RoutingStrategy) =>
        sink.error("strategy-field", src, [...path, field], `${field} only applies to ${owner}, but this rule is ${strategy}; the gateway ignores it`, `remove ${field} or change the rule's type to ${owner}`);
    if (t.weight !== undefined && strategy !== "weight-based-routing") misplaced("weight", "weight-based-routing");
    if (t.priority !== undefined && strategy !== "priority-based-routing") misplaced("priority", "priority-based-routing");
    if (t.sla_cutoff !== undefined && strategy !== "priority-based-routing") misplaced("sla_cutoff", "priority-based-routing");
}

function checkWeights(sink: IssueSink, src: DocSource, path: IssuePath, targets: readonly LoadBalanceTarget[]): void {
    let sum = 0;
    let ok = true;
    targets.forEach((t, i) => {
        const wp = [...path, "load_balance_targets", i, "weight"];
        if (t.weight === undefined) {
            ok = false;
            sink.error("weights", src, wp, "weight-based target without a weight", "give every target an integer weight; the weights sum to 100");
        } else if (!Number.isInteger(t.weight) || t.weight < 0 || t.weight > 100) {
            ok = false;
            sink.error("weights", src, wp, `weight must be an integer from 0 to 100 (got ${t.weight})`, "use whole percentages");
        } else sum += t.weight;
    });
    if (!ok) return;
    if (sum === 0) sink.error("weights", src, [...path, "load_balance_targets"], "every weight is 0, so no target can be drawn", "give at least one target a weight above 0; the weights sum to 100");
    else if (sum !== 100) sink.error("weights", src, [...path, "load_balance_targets"], `weights sum to ${sum}, not 100`, "adjust the weights so that they add up to exactly 100");
}

function checkPriorities(sink: IssueSink, src: DocSource, path: IssuePath, targets: readonly LoadBalanceTarget[]): void {
    const seen = new Map<number, number>();
    let ok = true;
    targets.forEach((t, i) => {
        const pp = [...path, "load_balance_targets", i, "priority"];
        if (t.priority === undefined) {
            ok = false;
            sink.error("priorities", src, pp, "priority-based target without a priority", "give every target an integer priority (0 is tried first)");
        } else if (!Number.isInteger(t.priority) || t.priority < 0) {
            ok = false;
            sink.error("priorities", src, pp, `priority must be a whole number ≥ 0 (got ${t.priority})`, "use 0, 1, 2, …");
        } else if (seen.has(t.priority)) {
            ok = false;
            sink.error("priorities", src, pp, `priority ${t.priority} is also used by load_balance_targets[${seen.get(t.priority)}], so the order between them is undefined`, "give each target its own priority");
        } else seen.set(t.priority, i);
    });
    if (!ok) return;
    const ordered = [...targets].sort((a, b) => a.priority! - b.priority!);
    if (ordered.length < 2) {
        sink.error("priorities", src, [...path, "load_balance_targets"], "priority-based routing with a single target has nothing to fall back to", "add a fallback target, or use weight-based-routing with weight 100");
    } else if (ordered.slice(1).every((t) => t.fallback_candidate === false)) {
        sink.error("priorities", src, [...path, "load_balance_targets"], "no target after the first is a fallback candidate, so the lower priorities are never used", "set fallback_candidate: true on at least one lower-priority target");
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
            if (!(n >= 100 && n <= 599)) {
                sink.error("status-code", src, [...lp, i], `${show(code)} is not an HTTP status code`, "use three-digit codes from 100 to 599, e.g. \"429\"");
            } else if (n >= 400 && n < 500 && kind === "retry" && !RETRYABLE_4XX.has(n)) {
                sink.warn("retry-4xx", src, [...lp, i], `retrying on ${n}: a client error repeats on the same target, so the retries only add latency`, "retry on 408, 429 and 5xx only");
            } else if (n >= 400 && n < 500 && kind === "fallback" && !FAILOVER_4XX.has(n)) {
                sink.warn("fallback-4xx", src, [...lp, i], `failing over on ${n}: a malformed request fails on every target`, "fail over on 401, 403, 404, 408, 429 and 5xx; keep 400 only for deliberate context-window fallbacks");
            }
        });
    }
}

/** Worst case for one target: every attempt times out, with the delay between attempts. */
export function targetWorstCaseMs(t: LoadBalanceTarget, attemptTimeoutMs: number | undefined): number | undefined {
    const perAttempt = t.timeout_ms ?? attemptTimeoutMs;
    if (perAttempt === undefined) return undefined;
    const retries = t.retry_config?.attempts ?? 0;
    return (1 + retries) * perAttempt + retries * (t.retry_config?.delay ?? 0);
}

function checkTimeout(set: GatewayConfigSet, sink: IssueSink, src: DocSource, path: IssuePath, t: LoadBalanceTarget): void {
    const worst = targetWorstCaseMs(t, set.contract.attempt_timeout_ms);
    if (worst === undefined || worst <= set.contract.request_timeout_ms) return;
    sink.error("timeout-budget", src, path, `(1 + ${t.retry_config?.attempts ?? 0} retries) × ${t.timeout_ms ?? set.contract.attempt_timeout_ms} ms per attempt = ${worst} ms exceeds the request timeout of ${set.contract.request_timeout_ms} ms, so the caller gives up before the retries finish`,
        "lower retry_config.attempts or timeout_ms, or raise request_timeout_ms in the contract (and the route timeout with it)");
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
    sink.warn("timeout-budget", src, [...path, "load_balance_targets"], `if every target times out, retries plus fallbacks take up to ${worst} ms, beyond the request timeout of ${set.contract.request_timeout_ms} ms; the last fallbacks would never run`,
        "lower the per-target timeouts or retries, or raise request_timeout_ms");
}

/** The routing config (`gateway-load-balancing-config`) and every virtual model's routing_config. */
export function checkRouting(set: GatewayConfigSet, sink: IssueSink): void {
    for (const vm of set.virtualModels.values()) {
        const rc = vm.model.routing_config;
        checkTargets(set, sink, vm.source, [...vm.path, "routing_config"], rc.type, rc.load_balance_targets);
        checkSticky(set, sink, vm.source, [...vm.path, "routing_config", "sticky_routing"], rc.sticky_routing);
    }
    const routing = set.routing;
    if (!routing) return;
    const { rules } = routing.value;
    checkUniqueIds(sink, routing.source, rules, "routing");
    rules.forEach((rule, i) => {
        checkWhen(set, sink, routing.source, ["rules", i, "when"], rule.when);
        rule.when.models?.forEach((m, k) => {
            if (set.virtualModels.has(m)) {
                sink.warn("ambiguous-route", routing.source, ["rules", i, "when", "models", k], `"${m}" is a virtual model, which has its own routing_config; which of the two routes it is not documented`, "route virtual models in their routing_config only");
            }
        });
        checkTargets(set, sink, routing.source, ["rules", i], rule.type, rule.load_balance_targets);
        checkSticky(set, sink, routing.source, ["rules", i, "sticky_routing"], rule.sticky_routing);
    });
    checkShadowing(sink, routing.source, rules, "routing", "error", false);
}

function checkSticky(set: GatewayConfigSet, sink: IssueSink, src: DocSource, path: IssuePath, sticky: { session_identifiers: Array<{ source: string; key: string }> } | undefined): void {
    sticky?.session_identifiers.forEach((s, i) => {
        if (s.source === "metadata") checkMetadataKey(set, sink, src, [...path, "session_identifiers", i, "key"], s.key);
    });
}
