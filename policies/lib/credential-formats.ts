/**
 * Formats of credentials that are recognisable by their value alone: issuer prefixes, PEM
 * armour, JWT structure, connection strings that carry a password. Each entry has the label a
 * message uses, never the value. The shapes are the issuers' documented token formats, as
 * secret scanners (gitleaks' default rules, GitHub secret scanning's partner patterns) detect
 * them; the expressions are written for this project and deliberately anchored on prefixes so
 * that an ordinary value (an ARN, a digest, a URL without userinfo) never matches.
 */

/** Patterns found anywhere inside a text (env values, user data, Helm values, stack config). */
export const EMBEDDED_FORMATS: ReadonlyArray<readonly [RegExp, string]> = [
    // AWS: long-term (AKIA), temporary (ASIA), and the A3T/ABIA/ACCA forms; AIDA/AROA are ids, not keys.
    [/\b(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}\b/, "an AWS access key id"],
    [/aws_?secret_?access_?key["']?\s*[:=]\s*["']?[A-Za-z0-9/+=]{40}\b/i, "an AWS secret access key"],
    [/\bABSK[A-Za-z0-9+/]{109,269}={0,2}|bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t/, "an Amazon Bedrock API key"],
    [/-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----|PuTTY-User-Key-File-\d/, "a private key"],
    [/\bAGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}\b/, "an age secret key"],
    [/\bgh[pousr]_[A-Za-z0-9]{36,}\b|\bgithub_pat_\w{22,}/, "a GitHub token"],
    [/\bgl(?:pat|dt|rt|ptt|soat|ffct|ft|imt|oas|agent|cbt)-[\w-]{20,}|\bGR1348941[\w-]{20}/, "a GitLab token"],
    [/\bxox[abposre]-[A-Za-z0-9-]{10,}|\bxapp-\d-[A-Za-z0-9]+-\d+-[a-z0-9]+/i, "a Slack token"],
    [/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9+/]{20,}/, "a Slack webhook URL"],
    // OpenAI (sk-, sk-proj-, sk-svcacct-, sk-admin-), Anthropic (sk-ant-api03-, sk-ant-admin01-),
    // and the many gateways that copy the `sk-` form (DeepSeek, OpenRouter `sk-or-v1-`).
    [/\bsk-(?:proj-|svcacct-|admin-|or-v1-|ant-(?:api|admin)\d+-)?[A-Za-z0-9_-]{20,}/, "an LLM provider API key"],
    [/\bgsk_[A-Za-z0-9]{48,}|\bxai-[A-Za-z0-9]{60,}|\bpplx-[A-Za-z0-9]{40,}|\br8_[A-Za-z0-9]{36,}/, "an LLM provider API key"],
    [/\bhf_[A-Za-z]{34}\b|\bapi_org_[A-Za-z]{34}\b/, "a Hugging Face token"],
    [/\bAIza[\w-]{35}(?![\w-])/, "a Google API key"],
    [/\bGOCSPX-[\w-]{28}/, "a Google OAuth client secret"],
    [/\b[rs]k_(?:live|test|prod)_[0-9A-Za-z]{10,}/, "a Stripe key"],
    // Entra ID (Azure AD) application client secrets carry `<3 chars><digit>Q~`.
    [/(?:^|[^A-Za-z0-9_~.-])[A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])/, "an Entra ID client secret"],
    [/AccountKey=[A-Za-z0-9+/=]{40,}/, "an Azure storage account key"],
    [/SharedAccessKey=[A-Za-z0-9+/=]{20,}/, "an Azure shared access key"],
    [/[?&]sig=[A-Za-z0-9%+/=]{20,}/, "a SAS token"],
    [/\bnpm_[A-Za-z0-9]{36}\b/, "an npm token"],
    [/\bpypi-AgEIcHlwaS5vcmc[\w-]{50,}/, "a PyPI token"],
    [/\bpul-[a-f0-9]{40}\b/, "a Pulumi access token"],
    [/\bhv[sb]\.[\w-]{90,}|\b[a-z0-9]{14}\.atlasv1\.[\w=-]{60,}/i, "a HashiCorp Vault or Terraform token"],
    [/\bdckr_pat_[\w-]{27,}/, "a Docker Hub token"],
    [/\bdo[opr]_v1_[a-f0-9]{64}\b/, "a DigitalOcean token"],
    [/\bdapi[a-f0-9]{32}(?:-\d)?\b/, "a Databricks token"],
    [/\bSG\.[\w-]{22}\.[\w-]{43}\b/, "a SendGrid API key"],
    [/\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}\b/, "a Shopify token"],
    [/\bSK[0-9a-fA-F]{32}\b/, "a Twilio API key"],
    [/\blin_api_[A-Za-z0-9]{40}\b/, "a Linear API key"],
    [/\bPMAK-[a-f0-9]{24}-[a-f0-9]{34}\b/i, "a Postman API key"],
    [/\bsntry[su]_[A-Za-z0-9+/=_]{40,}/, "a Sentry token"],
    [/\bgl(?:sa|c)_[A-Za-z0-9+/_]{32,}/, "a Grafana token"],
    [/\bdp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9]{40,}/, "a Doppler token"],
    [/\bATATT3[A-Za-z0-9_=-]{180,}/, "an Atlassian API token"],
    [/\bHRKU-AA[\w-]{58}/, "a Heroku API key"],
    [/\bNRAK-[A-Z0-9]{27}\b/i, "a New Relic API key"],
    // JWTs: a JSON header and payload (both base64url of `{"`), signed or not.
    [/\bey[A-Za-z0-9_-]{15,}\.ey[A-Za-z0-9_-]{15,}\.[A-Za-z0-9_-]*/, "a JSON web token"],
    // postgres://app:pw@db, redis://:pw@cache, mongodb+srv://u:pw@cluster; not ${VAR} placeholders.
    [/\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@$]*:[^\s/@${}<>]+@[^\s/]+/i, "a URL with an embedded password"],
    // ADO.NET / ODBC / JDBC: `Server=db;User Id=app;Password=pw`, `jdbc:...?user=a&password=pw`.
    [/(?:^|[;?&])\s*(?:password|pwd)\s*=\s*(?![\s;&]|\$\{|\{\{|<|\$\()[^;&\s]+/i, "a connection string with a password"],
];

/**
 * The base64 of `-----BEGIN` (kubeconfig `client-key-data`, Secret `data`, a pasted service
 * account key): decoded and judged as PEM.
 */
export const BASE64_PEM = /LS0tLS1CRUdJTi[A-Za-z0-9+/]+={0,2}/;

/**
 * Shapes that only a whole value can be judged by (inside free text they would match ordinary
 * words): AWS secret access keys are exactly 40 characters of base64 with mixed case and digits.
 */
export const WHOLE_VALUE_FORMATS: ReadonlyArray<readonly [(value: string) => boolean, string]> = [
    [(v) => /^[A-Za-z0-9/+]{40}$/.test(v) && /[a-z]/.test(v) && /[A-Z]/.test(v) && /[0-9]/.test(v) && shannonEntropy(v) >= 4, "an AWS secret access key"],
    // An Authorization header's value (`Bearer ${TOKEN}` is a reference: `$`, `{` are not token characters).
    [(v) => /^Bearer\s+[A-Za-z0-9._~+/=-]{8,}$/i.test(v), "a bearer token"],
];

/** Shannon entropy in bits per character: about 4.5-5.3 for random base64 of 20-40 characters, 2-3.5 for words. */
export function shannonEntropy(value: string): number {
    if (value.length === 0) return 0;
    const counts = new Map<string, number>();
    for (const c of value) counts.set(c, (counts.get(c) ?? 0) + 1);
    let bits = 0;
    for (const n of counts.values()) {
        const p = n / value.length;
        bits -= p * Math.log2(p);
    }
    return bits;
}
