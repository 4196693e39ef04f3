import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { catalog } from "./catalog";
import type { PolicyMeta, Theme } from "./lib/define";
import { CREDENTIAL_INPUTS } from "./lib/credential-inputs.generated";
import { EXEMPTION_ANNOTATION, EXEMPTION_TAG } from "./lib/exemptions";

/**
 * Generates docs/policies.md from the policies' own metadata, so the catalog cannot drift from
 * the code: `npx tsx policies/docs.ts` writes it; a test fails when the committed file is stale.
 */

const THEMES: Record<Theme, string> = {
    I: "no inbound ports open to the internet",
    C: "no static credentials",
    H: "hardening",
};

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
const code = (s: string) => `\`${s}\``;

function levelText(m: PolicyMeta): string {
    if (m.name === "stack-prod-stateful-protected") return "mandatory (prod only)";
    return m.level === "advisory" ? "advisory (mandatory if enforced)" : m.level;
}

function summary(): string[] {
    const lines = ["| policy | theme | level | rows | resource types | anchors |", "|---|---|---|---|---|---|"];
    for (const m of catalog) {
        const rows = m.checks.length > 0 ? m.checks.join(", ") : m.kind === "stack" ? "stack" : "none";
        lines.push(`| [${code(m.name)}](#${m.name}) | ${m.theme} | ${levelText(m)} | ${rows} | ${cell(m.resourceTypes.map(code).join("<br>"))} | ${cell(m.anchors.join(", "))} |`);
    }
    return lines;
}

function coverage(): string[] {
    const rows = new Map<number, PolicyMeta[]>();
    for (const m of catalog) for (const r of m.checks) rows.set(r, [...(rows.get(r) ?? []), m]);
    const lines = ["| row | theme | policies |", "|---|---|---|"];
    for (const r of [...rows.keys()].sort((a, b) => a - b)) {
        const ms = rows.get(r) ?? [];
        lines.push(`| ${r} | ${[...new Set(ms.map((m) => m.theme))].join(", ")} | ${ms.map((m) => code(m.name)).join(", ")} |`);
    }
    return lines;
}

function section(m: PolicyMeta): string[] {
    return [
        `### ${m.name}`,
        "",
        `**${m.title}**: theme ${m.theme} (${THEMES[m.theme]}), ${levelText(m)}, severity ${m.severity}, ${m.kind} policy.`,
        "",
        `- Flags: ${m.flags}`,
        `- Resource types: ${m.resourceTypes.map(code).join(", ")}`,
        `- Rows of the coverage reference: ${m.checks.length > 0 ? m.checks.join(", ") : m.kind === "stack" ? "none (stack relationship)" : "none (splitplane rule)"}`,
        `- Anchors: ${m.anchors.join(", ")}`,
        `- Fix: ${m.remediation}`,
        "",
        ...cases(m),
    ];
}

/** A table-driven policy's checks, one row each (its identity in the catalog). */
function cases(m: PolicyMeta): string[] {
    if (!m.cases || m.cases.length === 0) return [];
    const lines = ["| check | resource types | flags | anchors |", "|---|---|---|---|"];
    for (const c of m.cases) lines.push(`| ${code(c.id)} | ${cell(c.resourceTypes.map(code).join("<br>"))} | ${cell(c.flags)} | ${cell(c.anchors.join(", "))} |`);
    return [...lines, ""];
}

/** The full text of docs/policies.md. */
export function renderPolicyDocs(): string {
    const counts = (t: Theme) => catalog.filter((m) => m.theme === t).length;
    const lines = [
        "<!-- Generated from the policies' metadata by `npx tsx policies/docs.ts`. Do not edit by hand; a test fails when this file is stale. -->",
        "",
        "# Policy catalog",
        "",
        `splitplane's CrossGuard pack (\`policies/\`, pack name \`splitplane-policies\`) has ${catalog.length} policies: ${counts("I")} for theme I (${THEMES.I}), ${counts("C")} for theme C (${THEMES.C}) and ${counts("H")} for theme H (${THEMES.H}). The same policies run in three places:`,
        "",
        "- `npm run plan` and `npm run check -- <program.ts>`: the offline engine (no cloud credentials), with each stack's `splitplane:policy` config;",
        "- `pulumi preview --policy-pack policies --policy-pack-config <file>`: a real preview (see `.github/workflows/`);",
        "- the tests under `test/policies/`, one per policy, and the one-defect programs in `test/fixtures/policy-programs/`.",
        "",
        "## Levels, enforcement and exemptions",
        "",
        "- Themes I and C are **mandatory**: a violation fails the plan (exit code 1) and blocks `pulumi up`.",
        "- Theme H is **advisory** until a stack lists the policy in `splitplane:policy.enforce`, which makes it mandatory for that stack, except where the default is the defect: data left in plaintext at rest or on the wire (`aws-storage-encrypted`, `aws-rds-encryption-tls`, `aws-data-services-tls`, `azure-db-tls-required`) is **mandatory**. What a service encrypts by default with its own keys is judged on the key, advisory (`aws-storage-customer-managed-keys`, `azure-customer-managed-keys`); so are pods that reach into their node (`k8s-pod-no-privileged`, `k8s-pod-no-host-access`), which node agents legitimately do, each with a named exemption.",
        "- `stack-prod-stateful-protected` applies only where the stack is known to be prod: its `splitplane:environment` (passed in the policy config by `npm run policy-config`, `plan` and `check --config`), or, with no config, a `splitplane:environment` or `environment` stack tag of `prod`/`production`, or a stack named `prod`/`production` as a whole word (`prod`, `aws-prod`, `prod-eu`). Elsewhere it is not applicable unless `enforce` lists it, so a program checked on its own (`npm run check -- my-program.ts`) is not blocked for unprotected resources.",
        "- `stack-cluster-oidc-issuer` flags an EKS cluster without an IAM OIDC provider only where something relies on IRSA (a role trusting its issuer, an `eks.amazonaws.com/role-arn` annotation, an add-on's `serviceAccountRoleArn`): a cluster whose pods use EKS Pod Identity needs none.",
        `- Exemptions are explicit and each shows in the plan report: by URN in \`splitplane:policy.exemptions\` (\`{ policy, urn, reason }\`), or by a \`${EXEMPTION_TAG}\` tag (Kubernetes: the \`${EXEMPTION_ANNOTATION}\` annotation) whose value is \`<policy>[ <policy>...]: <reason>\` (a reason of at least 10 characters). Tags count only when the policy config sets \`tagExemptions: true\`, which \`packConfigFor\` does for every configured stack.`,
        "- With no policy config at all (e.g. `pulumi preview --policy-pack policies` without `--policy-pack-config`), nothing is exempt: the pack is at its strictest (prod-only rules still apply only to stacks known to be prod, as above).",
        "",
        "## Exemptions: how to ask for one",
        "",
        "An exemption is a reviewed change to the stack file, never a flag on the command line: add `{ policy, urn, reason }` to `splitplane:policy.exemptions` (the URN is printed with the violation by `npm run plan`), or tag the resource `" + EXEMPTION_TAG + ": <policy>: <reason>` (Kubernetes: annotate `" + EXEMPTION_ANNOTATION + "`). The reason says why the risk is accepted and what limits it (\"public inference endpoint behind WAF and allowed CIDRs\"); review it like code. Every exemption in use is listed in the plan report and `plan.json`.",
        "",
        "## What is covered, per provider",
        "",
        `- **Every resource type of every provider**: \`any-resource-no-credentials-by-value\` looks at every string input at any depth (and the base64, YAML and JSON documents strings carry: user data, config files, kubeconfigs) for credentials recognisable by value, with the detector the stack-config validator uses; \`stack-no-literal-credential-inputs\` judges the credential inputs of ${Object.keys(CREDENTIAL_INPUTS).length} resource types, derived from the installed SDKs (\`policies/lib/credential-inputs.generated.ts\`, \`npm run policies:generate\` after an SDK upgrade; a test fails while it is stale). For @pulumi/aws the candidates are the inputs the SDK marks secret plus every input named like a credential at any depth of its types; @pulumi/azure-native marks none, so its candidates are the inputs named like a credential at any depth; @pulumi/kubernetes marks Secret \`data\`/\`stringData\`. Exclusions (a certificate, a login banner, a KMS key id, a reference to a Secret) are listed with their reasons in \`policies/generate/credential-inputs.ts\`.`,
        "- **AWS**: inbound exposure of security groups and rules, NACLs, public IPs (instances, launch templates and configurations, subnets, Elastic IPs), EKS endpoints and node groups, databases, load balancers, S3 public access, and, in `aws-no-public-service-endpoints`, every service that listens on the internet itself (Lambda function URLs, API Gateway REST and HTTP/WebSocket APIs, App Runner, OpenSearch, MSK, MQ, DMS, Neptune, Redshift Serverless, Lightsail, Transfer Family, ECS public IPs, AppSync, CloudFront, Global Accelerator); hardening (IMDSv2, EBS, RDS encryption and TLS, EKS secrets encryption). ElastiCache, MemoryDB, DAX, RDS Proxy and EFS have no public endpoint, so nothing to judge for exposure; a Client VPN endpoint is the authenticated way in, not flagged.",
        "- **Azure**: NSGs and rules, public IPs on NICs and VMs, database firewalls and public network access, storage, AKS, Key Vault, and, in `azure-no-public-service-endpoints`, PaaS public network access (AI services / OpenAI, ACR, Cosmos DB, SQL, Redis, web apps, Service Bus, Event Hubs, AI Search, Machine Learning, App Configuration, Container Apps environments) and public load balancer frontends and Application Gateway listeners (a v2 gateway's required public frontend is not flagged while no listener uses it); shared keys, local accounts, app passwords, provider secrets, Postgres password auth, local auth on ACR/Cosmos/Service Bus/Event Hubs/Cognitive Services; storage TLS and disk encryption.",
        "- **Kubernetes**: Services (LoadBalancer without an internal annotation, NodePort, externalIPs), Ingresses (ALB internet-facing, Application Gateway Ingress Controller without a private IP, GKE `gce`), Gateway API Gateways without an internal annotation (routes are exposed through their Gateway), Helm v3 values that create public load balancers (an explicit public scheme, or a `type: LoadBalancer` / `NodePort` Service without an internal annotation beside it), pods with host networking or privileged containers in every workload kind; literal credentials in Secrets, ConfigMaps, container env and Helm values; static kubeconfigs. What a Helm v3 chart renders from its own defaults is invisible to every policy (`helm.v4.Chart` renders in the program, so every policy sees it).",
        "- **Hardening, per provider**: encryption at rest for every AWS store (mandatory where the default is plaintext: EFS, ElastiCache redis, Kinesis, OpenSearch, SNS, SQS with SSE off, DocumentDB, Neptune, Redshift with encryption off, RDS; advisory on the key where AWS encrypts by default: S3, DynamoDB, CloudWatch Logs, ECR, Backup, Secrets Manager, MSK; EBS advisory, because an account's encryption-by-default setting may encrypt volumes), TLS on every managed database and data service including parameters that turn it off (RDS/Aurora `rds.force_ssl`, `require_secure_transport`, DocumentDB `tls`, Redshift `require_ssl`, ElastiCache, MSK, OpenSearch, RDS Proxy; Azure flexible-server `require_secure_transport` / `ssl_min_protocol_version` / `tls_version`, SQL `minimalTlsVersion`, Redis's non-TLS port, Cosmos DB), customer-managed keys on Azure stores (advisory: Azure encrypts them with platform keys), and pods that reach into their node (host namespaces, hostPath volumes other than the kubelet's device-plugin directory, privileged containers, privilege escalation, capabilities beyond the Pod Security Standards' baseline) in every workload kind including Argo Rollouts, and in Helm v3 values.",
        "- **What the pack cannot see**: the pods a Helm v3 chart renders from its own defaults (Karpenter, External Secrets, Istio, the NVIDIA device plugin's hostPath to the kubelet, Argo CD): only the values the program passes are judged; `helm.v4.Chart` renders in the program, so its pods are judged like any other. An S3 bucket with no encryption configuration is encrypted by S3 with its own keys and not flagged.",
        "- **Limits of the real path**: CrossGuard hands policies secrets as plaintext and the AWS SDK marks its credential inputs secret whatever their source, so a `secure:` stack config value cannot be told from a `pulumi.secret(\"literal\")`; both count as literals. The credential-input rule is a stack policy because only stack policies see property dependencies (what tells an output of another resource from a literal): it fails a preview, and during `up` it reports after registration; the named resource policies block at creation.",
        "",
        "## Unknown values",
        "",
        "During a preview, values computed from resources that do not exist yet are unknown. Every policy judges the known values first and reports what it finds, then re-reads the first unknown value it met, so the analyzer reports \"can't run policy during preview\" (advisory) rather than a pass. Violation messages name keys and kinds of material, never values that may be secrets.",
        "",
        "## Summary",
        "",
        ...summary(),
        "",
        "## Coverage of the reference checks",
        "",
        "Rows of `policy-checks.md` (themes I and C must all be covered at mandatory level).",
        "",
        ...coverage(),
        "",
        "## Policies",
        "",
        ...catalog.flatMap(section),
    ];
    return `${lines.join("\n").trimEnd()}\n`;
}

export const DOCS_PATH = path.join(__dirname, "..", "docs", "policies.md");

if (require.main === module) {
    writeFileSync(DOCS_PATH, renderPolicyDocs());
    process.stdout.write(`wrote ${path.relative(process.cwd(), DOCS_PATH)} (${catalog.length} policies)\n`);
}
