import type { GatewayConfigSet } from "../config-set";
import type { IssueSink } from "../issues";
import { GATEWAY_VERSION } from "../version";
import { checkSubject, compilePattern } from "./helpers";

/** The splitplane contract document and catalog-wide details (collaborators). */
export function checkContract(set: GatewayConfigSet, sink: IssueSink): void {
    const src = set.contractSource;
    if (src) {
        const c = set.contract;
        if (c.gateway_version !== GATEWAY_VERSION) {
            sink.report("gateway-version", src, ["gateway_version"], {
                message: "the config was written for another gateway version than splitplane pins",
                expected: JSON.stringify(GATEWAY_VERSION),
                actual: JSON.stringify(c.gateway_version),
                fix: `re-check the config against the ${GATEWAY_VERSION} docs and set gateway_version: "${GATEWAY_VERSION}"`,
            });
        }
        const seen = new Set<string>();
        c.metadata.forEach((m, i) => {
            const path = ["metadata", i];
            if (seen.has(m.key)) sink.report("duplicate-id", src, [...path, "key"], { message: `metadata key "${m.key}" is declared twice`, expected: "each key once", actual: "twice", fix: "merge the two declarations" });
            seen.add(m.key);
            if (m.values && m.pattern) sink.report("contract", src, path, { message: `"${m.key}" has both values and pattern`, expected: "values or pattern", actual: "both", fix: "keep one: a list of allowed values or a pattern" });
            if (m.pattern !== undefined && compilePattern(m.pattern) === null) sink.report("contract", src, [...path, "pattern"], { message: "not a valid regular expression", expected: "a JavaScript regular expression", actual: JSON.stringify(m.pattern), fix: "correct the pattern" });
        });
    }
    for (const d of [...set.providerAccounts, ...set.virtualModelGroups, ...set.guardrailGroups]) {
        d.value.collaborators?.forEach((c, i) => checkSubject(sink, d.source, ["collaborators", i, "subject"], c.subject));
    }
}
