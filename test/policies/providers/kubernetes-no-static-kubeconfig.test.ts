import { beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import * as p from "../../../policies/providers/kubernetes-no-static-kubeconfig";
import { check, Judged, UNKNOWN } from "../harness";

const kubeconfig = (user: Record<string, unknown>) =>
    stringify({ apiVersion: "v1", kind: "Config", clusters: [{ name: "c", cluster: { server: "https://k" } }], users: [{ name: "admin", user }], contexts: [{ name: "c", context: { cluster: "c", user: "admin" } }], "current-context": "c" });
const TOKEN = "static-bearer-token-value";

describe("provider-kubernetes-no-static-kubeconfig", () => {
    let j: Judged;
    let fromConfig: Judged;
    beforeAll(async () => {
        j = await check(p, [
            { type: "pulumi:providers:kubernetes", name: "token", props: { kubeconfig: kubeconfig({ token: TOKEN }) } },
            { type: "pulumi:providers:kubernetes", name: "client-key-json", props: { kubeconfig: JSON.stringify({ users: [{ name: "admin", user: { "client-certificate-data": "x", "client-key-data": "y" } }] }) } },
            { type: "pulumi:providers:kubernetes", name: "exec", props: { kubeconfig: kubeconfig({ exec: { apiVersion: "client.authentication.k8s.io/v1beta1", command: "aws", args: ["eks", "get-token", "--cluster-name", "c"] } }) } },
            { type: "pulumi:providers:kubernetes", name: "path", props: { kubeconfig: "~/.kube/config" } },
            { type: "pulumi:providers:kubernetes", name: "unknown", props: { kubeconfig: UNKNOWN } },
            { type: "pulumi:providers:aws", name: "aws", props: {} },
        ]);
        fromConfig = await check(p, [{ type: "kubernetes:core/v1:Namespace", name: "ns", props: {} }], { config: { "kubernetes:kubeconfig": kubeconfig({ username: "admin", password: "pw" }) } });
    });
    it("flags tokens and client keys in inline kubeconfigs (YAML or JSON), never echoing them", () => {
        expect(j.messages("token")).toEqual(["kubeconfig users[0] (admin) carries static credentials in token; use an exec user"]);
        expect(j.messages("client-key-json")).toEqual(["kubeconfig users[0] (admin) carries static credentials in client-key-data; use an exec user"]);
        expect(j.results.map((r) => r.message ?? "").join()).not.toContain(TOKEN);
    });
    it("flags a password in kubernetes:kubeconfig through the default provider", () => {
        expect(fromConfig.results.find((r) => /pulumi:providers:kubernetes::default_/.test(r.urn ?? ""))?.message).toBe("kubeconfig users[0] (admin) carries static credentials in password; use an exec user");
    });
    it("passes exec users and (unreadable) kubeconfig paths", () => {
        expect(j.outcome("exec")).toBe("pass");
        expect(j.outcome("path")).toBe("pass");
    });
    it("reports a kubeconfig built from unknown outputs as unknown", () => expect(j.outcome("unknown")).toBe("unknown"));
    it("is not applicable to other providers", () => expect(j.outcome("aws")).toBe("not-applicable"));
});
