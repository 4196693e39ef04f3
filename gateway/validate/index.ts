import { ALWAYS_ERROR, type GovernanceLevel } from "../codes";
import { type GatewayConfigSet, buildConfigSet } from "../config-set";
import { type Issue, IssueSink, formatIssue } from "../issues";
import { type SourceResult, fromObjects, readGatewaySources } from "../source";
import { checkContract } from "./contract";
import { checkLiteralCredentials } from "./credentials";
import { checkFallbackGraph } from "./fallback";
import { type GuardrailPolicy, checkGuardrails } from "./guardrails";
import { checkBudgets, checkRateLimits } from "./limits";
import { checkRouting } from "./routing";

/** How strictly one environment is judged. */
export interface CheckOptions extends GuardrailPolicy {
    /**
     * The level of governance findings: `splitplane:gateway.governance` of the stack. `literal-credential`
     * stays an error whatever it is. @default "error"
     */
    readonly governance?: GovernanceLevel;
}

/** Semantic and governance rules on a parsed config set (the rules listed in docs/gateway.md). */
export function validate(set: GatewayConfigSet, options: CheckOptions = {}): Issue[] {
    const sink = new IssueSink();
    runRules(set, sink, options);
    return applyLevel(sink.issues, options.governance ?? "error");
}

function runRules(set: GatewayConfigSet, sink: IssueSink, options: CheckOptions): void {
    checkContract(set, sink);
    checkRouting(set, sink);
    checkFallbackGraph(set, sink);
    checkRateLimits(set, sink);
    checkBudgets(set, sink);
    checkGuardrails(set, sink, options);
}

/** Governance errors become warnings where the environment has chosen that level. */
function applyLevel(issues: readonly Issue[], level: GovernanceLevel): Issue[] {
    if (level === "error") return [...issues];
    return issues.map((i) => (i.kind === "governance" && i.severity === "error" && !ALWAYS_ERROR.has(i.code) ? { ...i, severity: "warning" } : i));
}

export interface GatewayCheckResult {
    /** The parsed config; documents that failed their schema are left out. */
    readonly config: GatewayConfigSet;
    readonly issues: readonly Issue[];
    /** Documents read (including those that failed their schema and are not in `config`). */
    readonly documentsRead: number;
    /** One line per error: file, document, key path, what is wrong, the fix. */
    readonly errors: string[];
    readonly warnings: string[];
    /** Set when the path could not be read (a usage error: the CLI exits 2). */
    readonly unreadable?: string;
}

/** Schemas, the literal-credential scan and every semantic rule, on already-read documents. */
export function checkSources(source: SourceResult, options: CheckOptions = {}): GatewayCheckResult {
    const sink = new IssueSink();
    sink.issues.push(...source.issues);
    if (source.unreadable) {
        const config = buildConfigSet(source.label, [], new IssueSink());
        return { config, issues: [], documentsRead: 0, errors: [source.unreadable], warnings: [], unreadable: source.unreadable };
    }
    checkLiteralCredentials(source.docs, sink);
    const config = buildConfigSet(source.label, source.docs, sink, source.issues.some((i) => i.code === "syntax" || i.code === "alias-limit"));
    runRules(config, sink, options);
    const issues = sortIssues(applyLevel(sink.issues, options.governance ?? "error"));
    return {
        config,
        issues,
        documentsRead: source.docs.length + new Set(source.issues.map((i) => `${i.file}#${i.doc}`)).size,
        errors: issues.filter((i) => i.severity === "error").map(formatIssue),
        warnings: issues.filter((i) => i.severity === "warning").map(formatIssue),
    };
}

/**
 * Reads and checks a gateway config: a YAML/JSON file (multi-document allowed) or a folder of them.
 * `target` is resolved against `root` (default: the working directory; the stack passes the repo
 * root) and messages name files relative to it. Never throws for bad input.
 */
export async function loadGatewayConfig(target: string, options: CheckOptions & { root?: string } = {}): Promise<GatewayCheckResult> {
    return checkSources(await readGatewaySources(target, options.root), options);
}

/** The same checks for documents written as TypeScript objects. */
export function checkGatewayObjects(objects: readonly unknown[], label = "<inline>", options: CheckOptions = {}): GatewayCheckResult {
    return checkSources(fromObjects(objects, label), options);
}

function sortIssues(issues: readonly Issue[]): Issue[] {
    return issues
        .map((issue, order) => ({ issue, order }))
        .sort((a, b) =>
            a.issue.file.localeCompare(b.issue.file) ||
            (a.issue.doc ?? 0) - (b.issue.doc ?? 0) ||
            (a.issue.line ?? 0) - (b.issue.line ?? 0) ||
            a.order - b.order)
        .map((x) => x.issue);
}
