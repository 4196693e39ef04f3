import { resourcePolicy } from "../lib/define";
import { setFields } from "../lib/presence";
import { UNSEEN } from "../lib/scan";
import { PROVIDERS } from "../lib/types";

/**
 * Row 12: AWS providers authenticate from the environment (OIDC in CI, SSO or instance roles),
 * never from keys in the program or in stack config. Default providers count: the engine builds
 * them from `aws:accessKey` / `aws:secretKey` / `aws:token` in the stack file.
 */
export const { meta, policy } = resourcePolicy(
    {
        name: "provider-aws-no-static-credentials",
        title: "AWS providers carry no static credentials",
        theme: "C",
        level: "mandatory",
        severity: "critical",
        kind: "resource",
        checks: [12],
        resourceTypes: [PROVIDERS.aws],
        flags: "An explicit or default `aws` provider with `accessKey`, `secretKey` or `token` (stack config `aws:accessKey`…), or a literal `assumeRoleWithWebIdentity.webIdentityToken`.",
        anchors: ["CKV_AWS_41"],
        remediation: "Remove the keys; use `pulumi/actions` with OIDC (`aws-actions/configure-aws-credentials`), AWS SSO profiles or instance roles.",
    },
    ({ name, props }, scan) => {
        const keys = setFields(scan, props, ["accessKey", "secretKey", "token"]);
        const which = name.startsWith("default_") ? "the default provider (from stack config aws:*)" : "the provider";
        if (keys.length > 0) scan.flag(`${which} carries static credentials in ${keys.join(", ")}`);
        const web = scan.get(props, "assumeRoleWithWebIdentity");
        if (web !== UNSEEN && setFields(scan, jsonObject(web), ["webIdentityToken"]).length > 0) scan.flag(`${which} has a literal assumeRoleWithWebIdentity.webIdentityToken; use webIdentityTokenFile`);
    },
);

/**
 * The SDK sends the provider's object-typed inputs as JSON strings
 * (`pulumi.output(args.assumeRoleWithWebIdentity).apply(JSON.stringify)`), and stack config
 * holds them as JSON too; an object is taken as is.
 */
function jsonObject(value: unknown): unknown {
    if (typeof value !== "string") return value;
    try {
        return JSON.parse(value) as unknown;
    } catch {
        return undefined;
    }
}
