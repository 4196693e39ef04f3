import { resourcePolicy } from "../lib/define";
import { judgeTree } from "../lib/literals";
import { UNSEEN } from "../lib/scan";
import { HELM } from "../lib/types";

/**
 * Row 42: Helm values carry references to secrets (`existingSecret`, ExternalSecret names), never
 * the credentials themselves; values land in the release record and in Pulumi state.
 */
export const { meta, policy } = resourcePolicy(
    {
        name: "k8s-helm-values-no-literal-credentials",
        title: "Helm values hold no literal credentials",
        theme: "C",
        level: "mandatory",
        severity: "critical",
        kind: "resource",
        checks: [42],
        resourceTypes: [HELM.release, HELM.chartV4],
        flags: "A `values` key named like a credential (`password`, `apiKey`, `clientSecret`, `token`…) holding a literal string, at any depth (including `{name, value}` env lists), or any value that looks like key material.",
        anchors: ["splitplane rule"],
        remediation: "Point the chart at an existing Secret synced from the cloud secret store (`existingSecret`-style keys).",
    },
    ({ props }, scan) => {
        const values = scan.get(props, "values");
        if (values === UNSEEN) return;
        judgeTree(scan, "values", values);
    },
);
