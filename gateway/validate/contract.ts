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
            sink.error("gateway-version", src, ["gateway_version"], `written for gateway ${c.gateway_version}, but splitplane pins ${GATEWAY_VERSION}`,
                `re-check the config against the ${GATEWAY_VERSION} docs and set gateway_version: "${GATEWAY_VERSION}"`);
        }
        const seen = new Set<string>();
        c.metadata.forEach((m, i) => {
            const path = ["metadata", i];
            if (seen.has(m.key)) sink.error("duplicate-id", src, [...path, "key"], `metadata key "${m.key}" is declared twice`, "merge the two declarations");
            seen.add(m.key);
            if (m.values && m.pattern) sink.error("contract", src, path, `"${m.key}" has both values and pattern`, "keep one: a list of allowed values or a pattern");
            if (m.pattern !== undefined && compilePattern(m.pattern) === null) sink.error("contract", src, [...path, "pattern"], `"${m.pattern}" is not a valid regular expression`, "correct the pattern");
        });
    }
    for (const d of [...set.providerAccounts, ...set.virtualModelGroups, ...set.guardrailGroups]) {
        d.value.collaborators?.forEach((c, i) => checkSubject(sink, d.source, ["collaborators", i, "subject"], c.subject));
    }
}
