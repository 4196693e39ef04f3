import { resourcePolicy } from "../lib/define";
import { judgeMap } from "../lib/literals";
import { AWS } from "../lib/types";

/** Row 15: Lambda environment variables carry no credentials; functions read them from Secrets Manager at runtime. */
export const { meta, policy } = resourcePolicy(
    {
        name: "aws-lambda-no-literal-secrets",
        title: "Lambda environments hold no credentials",
        theme: "C",
        level: "mandatory",
        severity: "high",
        kind: "resource",
        checks: [15],
        resourceTypes: [AWS.lambdaFunction],
        flags: "An environment variable named like a credential (`*SECRET*`, `*PASSWORD*`, `*TOKEN*`, `*API_KEY*`) with a literal value, or any value that looks like key material (AKIA…, PEM private keys, provider API keys).",
        anchors: ["CKV_AWS_45"],
        remediation: "Put the secret in Secrets Manager and pass its ARN (e.g. `DB_SECRET_ARN`); grant the function `secretsmanager:GetSecretValue` on it.",
    },
    ({ props }, scan) => {
        judgeMap(scan, "environment.variables", scan.at(props, "environment", "variables"));
    },
);
