import { beforeAll, describe, expect, it } from "vitest";
import * as p from "../../../policies/k8s/service-no-node-port";
import { check, Judged, UNKNOWN } from "../harness";

describe("k8s-service-no-node-port", () => {
    let j: Judged;
    beforeAll(async () => {
        j = await check(p, [
            { type: "kubernetes:core/v1:Service", name: "nodeport", props: { spec: { type: "NodePort", ports: [{ port: 80, nodePort: 30080 }] } } },
            { type: "kubernetes:core/v1:ServiceList", name: "list", props: { items: [{ spec: { type: "ClusterIP" } }, { spec: { type: "NodePort" } }] } },
            { type: "kubernetes:core/v1:Service", name: "clusterip", props: { spec: { type: "ClusterIP" } } },
            { type: "kubernetes:core/v1:ServicePatch", name: "unknown", props: { spec: { type: UNKNOWN } } },
            { type: "kubernetes:apps/v1:Deployment", name: "deploy", props: { spec: {} } },
        ]);
    });
    it("flags NodePort Services, also inside Lists", () => {
        expect(j.messages("nodeport")).toEqual(["spec.type is NodePort: every node listens on the port"]);
        expect(j.messages("list")).toEqual(["items[1].spec.type is NodePort: every node listens on the port"]);
    });
    it("passes ClusterIP", () => expect(j.outcome("clusterip")).toBe("pass"));
    it("reports an unknown type as unknown", () => expect(j.outcome("unknown")).toBe("unknown"));
    it("is not applicable to Deployments", () => expect(j.outcome("deploy")).toBe("not-applicable"));
});
