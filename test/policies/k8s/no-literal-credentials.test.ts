import { beforeAll, describe, expect, it } from "vitest";
import * as p from "../../../policies/k8s/no-literal-credentials";
import { check, Judged, UNKNOWN } from "../harness";

const b64 = (s: string) => Buffer.from(s).toString("base64");
const PASSWORD = "correct-horse-battery";

describe("k8s-no-literal-credentials", () => {
    let j: Judged;
    beforeAll(async () => {
        j = await check(p, [
            { type: "kubernetes:core/v1:Secret", name: "secret-named", props: { stringData: { "db-password": PASSWORD, host: "db.internal" } } },
            { type: "kubernetes:core/v1:Secret", name: "secret-b64", props: { data: { "id_rsa": b64("-----BEGIN " + "OPENSSH PRIVATE KEY-----\nabc\n") } } },
            { type: "kubernetes:core/v1:ConfigMap", name: "cm-cred", props: { data: { OPENAI_API_KEY: "not-a-real-key-but-literal" } } },
            { type: "kubernetes:core/v1:SecretList", name: "list", props: { items: [{ stringData: { token: "abcdefghijkl" } }] } },
            { type: "kubernetes:core/v1:ConfigMapPatch", name: "cm-clean", props: { data: { LOG_LEVEL: "info", existingSecret: "db-credentials", secretName: "tls" } } },
            { type: "kubernetes:core/v1:Secret", name: "unknown", props: { stringData: { password: UNKNOWN } } },
            {
                type: "kubernetes:core/v1:ConfigMap",
                name: "cm-files",
                props: { data: { "application.yaml": "spring:\n  datasource:\n    url: jdbc:postgresql://db/app\n    password: " + PASSWORD + "\n", "config.json": JSON.stringify({ upstream: { apiKey: "literal-api-key" } }) } },
            },
            {
                type: "kubernetes:core/v1:ConfigMap",
                name: "cm-files-clean",
                props: {
                    data: {
                        "datasources.yaml": "datasources:\n  - name: db\n    secureJsonData:\n      password: $GF_DB_PASSWORD\n",
                        "gateway.yaml": "auth_data:\n  type: openai-api-key\n  api_key: tfy-secret://splitplane:llm-providers:OPENAI_API_KEY\n",
                        "nginx.conf": "server {\n  listen 8080;\n  location / { proxy_pass http://api; }\n}\n",
                        "run.sh": "#!/bin/sh\nexec app --token-file /var/run/token\n",
                    },
                },
            },
            { type: "kubernetes:core/v1:Namespace", name: "ns", props: {} },
        ]);
    });
    it("flags credential-named literals in Secrets and ConfigMaps without echoing them", () => {
        expect(j.messages("secret-named")).toEqual(["stringData.db-password holds a literal credential; reference a secret store instead"]);
        expect(j.messages("cm-cred")).toEqual(["ConfigMap data.OPENAI_API_KEY holds a literal credential; reference a secret store instead"]);
        expect(j.results.map((r) => r.message ?? "").join()).not.toContain(PASSWORD);
    });
    it("decodes Secret data before looking for key material", () => expect(j.messages("secret-b64")).toEqual(["data.id_rsa contains a private key"]));
    it("judges each item of a SecretList", () => expect(j.messages("list")).toEqual(["items[0].stringData.token holds a literal credential; reference a secret store instead"]));
    it("walks YAML and JSON config files held in a ConfigMap, naming the path and never the value", () => {
        expect(j.messages("cm-files")).toEqual([
            "ConfigMap data.application.yaml.spring.datasource.password holds a literal credential; reference a secret store instead",
            "ConfigMap data.config.json.upstream.apiKey holds a literal credential; reference a secret store instead",
        ]);
        expect(j.outcome("cm-files-clean")).toBe("pass");
    });
    it("passes references to secrets and ordinary settings", () => expect(j.outcome("cm-clean")).toBe("pass"));
    it("reports an unknown credential value as unknown", () => expect(j.outcome("unknown")).toBe("unknown"));
    it("is not applicable to namespaces", () => expect(j.outcome("ns")).toBe("not-applicable"));
});
