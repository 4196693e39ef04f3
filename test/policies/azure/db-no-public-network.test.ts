import { beforeAll, describe, expect, it } from "vitest";
import * as p from "../../../policies/azure/db-no-public-network";
import { check, Judged, UNKNOWN } from "../harness";

const PG = "azure-native:dbforpostgresql:Server";

describe("azure-db-no-public-network", () => {
    let j: Judged;
    beforeAll(async () => {
        j = await check(p, [
            { type: PG, name: "absent", props: { resourceGroupName: "rg" } },
            { type: "azure-native:dbformysql:Server", name: "mysql-enabled", props: { resourceGroupName: "rg", network: { publicNetworkAccess: "Enabled" } } },
            { type: PG, name: "disabled", props: { resourceGroupName: "rg", network: { publicNetworkAccess: "Disabled" } } },
            { type: PG, name: "vnet", props: { resourceGroupName: "rg", network: { delegatedSubnetResourceId: "/subscriptions/x/subnets/db", privateDnsZoneArmResourceId: "z" } } },
            // A brand-new stack's preview: the delegated subnet is created in the same run.
            { type: PG, name: "vnet-new-subnet", props: { resourceGroupName: UNKNOWN, network: { delegatedSubnetResourceId: UNKNOWN, privateDnsZoneArmResourceId: UNKNOWN } } },
            { type: PG, name: "unknown", props: { resourceGroupName: "rg", network: { publicNetworkAccess: UNKNOWN } } },
            { type: "azure-native:dbforpostgresql:Database", name: "db", props: { resourceGroupName: "rg" } },
        ]);
    });
    it("treats absent network settings as public access enabled", () => expect(j.messages("absent")).toEqual(["network.publicNetworkAccess is absent (Enabled without a delegated subnet)"]));
    it("flags explicitly enabled public access", () => expect(j.messages("mysql-enabled")).toEqual(["network.publicNetworkAccess is Enabled"]));
    it("passes Disabled and VNet-integrated servers", () => {
        expect(j.outcome("disabled")).toBe("pass");
        expect(j.outcome("vnet")).toBe("pass");
    });
    it("passes a VNet-integrated server whose subnet id is unknown during preview (only its presence counts)", () => expect(j.outcome("vnet-new-subnet")).toBe("pass"));
    it("reports unknown access as unknown", () => expect(j.outcome("unknown")).toBe("unknown"));
    it("is not applicable to databases", () => expect(j.outcome("db")).toBe("not-applicable"));
});
