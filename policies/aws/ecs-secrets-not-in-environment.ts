import { isCredentialName, isLiteralCredential, keyMaterialKind } from "../lib/credentials";
import { resourcePolicy } from "../lib/define";
import { Scan, UNSEEN } from "../lib/scan";
import { AWS } from "../lib/types";

/** Row 17: container secrets go in `secrets` (valueFrom Secrets Manager/SSM), never in `environment`. */
export const { meta, policy } = resourcePolicy(
    {
        name: "aws-ecs-secrets-not-in-environment",
        title: "ECS task secrets use `secrets`, not `environment`",
        theme: "C",
        level: "mandatory",
        severity: "high",
        kind: "resource",
        checks: [17],
        resourceTypes: [AWS.ecsTaskDefinition],
        flags: "A container definition whose `environment` has a credential-like name with a literal value, or a value that looks like key material.",
        anchors: ["AWS-0036"],
        remediation: "Move the value to Secrets Manager or SSM and reference it from the container's `secrets` (`valueFrom`).",
    },
    ({ props }, scan) => {
        const raw = scan.get(props, "containerDefinitions");
        if (raw === UNSEEN || raw === undefined) return;
        const containers = parse(raw);
        if (!containers) return;
        containers.forEach((c, i) => judgeContainer(scan, c, i));
    },
);

/** `containerDefinitions` is a JSON string; an unparseable one is the provider's error to report. */
function parse(raw: unknown): Array<Record<string, unknown>> | undefined {
    let value: unknown = raw;
    if (typeof raw === "string") {
        try {
            value = JSON.parse(raw);
        } catch {
            return undefined;
        }
    }
    return Array.isArray(value) ? (value as Array<Record<string, unknown>>) : undefined;
}

function judgeContainer(scan: Scan, c: Record<string, unknown>, i: number): void {
    const label = `containerDefinitions[${i}]${typeof c.name === "string" ? ` (${c.name})` : ""}`;
    const env = Array.isArray(c.environment) ? c.environment : [];
    for (const entry of env) {
        const name = typeof entry?.name === "string" ? entry.name : undefined;
        const value = entry?.value;
        if (name === undefined || typeof value !== "string") continue;
        if (isCredentialName(name) && isLiteralCredential(value)) {
            scan.flag(`${label} environment ${name} holds a literal credential; use "secrets" with valueFrom`);
            continue;
        }
        const kind = keyMaterialKind(value);
        if (kind) scan.flag(`${label} environment ${name} contains ${kind}`);
    }
}
