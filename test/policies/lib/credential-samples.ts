/**
 * One sample per credential format with the label the shared detector must give it, for the
 * policy library's tests and the stack-config validator's. Samples are assembled at run time
 * (prefix + filler) so that no secret scanner mistakes the test tree for a leak.
 */
export const rand = (n: number, alphabet = "Ab3Xk9Qz7LmN2pR5sT8vW4yC6dF1gH0j") => Array.from({ length: n }, (_, i) => alphabet[(i * 7 + 3) % alphabet.length]).join("");
export const hex = (n: number) => rand(n, "0123456789abcdef");
const b64 = (s: string) => Buffer.from(s).toString("base64");

export const CREDENTIAL_SAMPLES: ReadonlyArray<readonly [string, string]> = [
    ["AKIA" + "Q3EGRSTUVWXYZ234", "an AWS access key id"],
    ["ASIA" + "Q3EGRSTUVWXYZ234", "an AWS access key id"],
    ["-----BEGIN " + "RSA PRIVATE KEY-----\nMIIEow", "a private key"],
    ["-----BEGIN " + "OPENSSH PRIVATE KEY-----\nb3Bl", "a private key"],
    [b64("-----BEGIN " + "PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC"), "a base64-encoded private key"],
    ["ey" + rand(30) + ".ey" + rand(40) + "." + rand(43), "a JSON web token"],
    ["ghp_" + rand(36), "a GitHub token"],
    ["github_pat_" + rand(82), "a GitHub token"],
    ["glpat-" + rand(20), "a GitLab token"],
    ["xoxb-" + "1234567890-1234567890-" + rand(24), "a Slack token"],
    ["https://hooks.slack.com/services/T0000/B0000/" + rand(24), "a Slack webhook URL"],
    ["sk_live_" + rand(24), "a Stripe key"],
    ["rk_test_" + rand(24), "a Stripe key"],
    ["sk-proj-" + rand(58) + "T3BlbkFJ" + rand(58), "an LLM provider API key"],
    ["sk-ant-api03-" + rand(93) + "AA", "an LLM provider API key"],
    ["gsk_" + rand(52), "an LLM provider API key"],
    ["hf_" + "AbcdEfghIjklMnopQrstUvwxYzabCdefGh", "a Hugging Face token"],
    ["AIza" + rand(35), "a Google API key"],
    ["abc8Q~" + rand(34).replace(/[0-9]/g, "x"), "an Entra ID client secret"],
    ["npm_" + rand(36), "an npm token"],
    ["pul-" + hex(40), "a Pulumi access token"],
    ["hvs." + rand(95), "a HashiCorp Vault or Terraform token"],
    ["dckr_pat_" + rand(27), "a Docker Hub token"],
    ["SG." + rand(22) + "." + rand(43), "a SendGrid API key"],
    ["DefaultEndpointsProtocol=https;AccountName=a;AccountKey=" + rand(86) + "==", "an Azure storage account key"],
    ["postgres://app:" + "hunter2@db.internal:5432/app", "a URL with an embedded password"],
    ["redis://:" + "s3cretpw@cache:6379/0", "a URL with an embedded password"],
    ["Server=db.internal;Database=app;User Id=app;Password=" + "hunter2;", "a connection string with a password"],
    ["jdbc:postgresql://db/app?user=app&password=" + "hunter2", "a connection string with a password"],
    [rand(20) + "/" + rand(19), "an AWS secret access key"],
];

