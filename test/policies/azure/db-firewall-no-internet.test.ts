import { beforeAll, describe, expect, it } from "vitest";
import * as p from "../../../policies/azure/db-firewall-no-internet";
import { check, Judged, UNKNOWN } from "../harness";

const rule = (startIpAddress: unknown, endIpAddress: unknown) => ({ resourceGroupName: "rg", serverName: "s", startIpAddress, endIpAddress });

describe("azure-db-firewall-no-internet", () => {
    let j: Judged;
    beforeAll(async () => {
        j = await check(p, [
            { type: "azure-native:dbforpostgresql:FirewallRule", name: "pg-all", props: rule("0.0.0.0", "255.255.255.255") },
            { type: "azure-native:sql:FirewallRule", name: "sql-half", props: rule("0.0.0.0", "127.255.255.255") },
            // The SDK still ships `privatepreview` API versions of PostgreSQL firewall rules.
            { type: "azure-native:dbforpostgresql/v20210615privatepreview:FirewallRule", name: "pg-private-preview", props: rule("0.0.0.0", "255.255.255.255") },
            { type: "azure-native:dbformysql:FirewallRule", name: "mysql-office", props: rule("203.0.113.0", "203.0.113.255") },
            { type: "azure-native:dbforpostgresql:FirewallRule", name: "azure-services", props: rule("0.0.0.0", "0.0.0.0") },
            { type: "azure-native:dbformysql:SingleServerFirewallRule", name: "mysql-single", props: rule("0.0.0.0", "255.255.255.255") },
            { type: "azure-native:dbforpostgresql:ServerGroupFirewallRule", name: "cosmos-pg", props: rule("0.0.0.0", "255.255.255.255") },
            { type: "azure-native:dbformariadb:FirewallRule", name: "mariadb", props: rule("0.0.0.0", "255.255.255.255") },
            { type: "azure-native:synapse:IpFirewallRule", name: "synapse", props: { resourceGroupName: "rg", workspaceName: "w", startIpAddress: "0.0.0.0", endIpAddress: "255.255.255.255" } },
            { type: "azure-native:redis:FirewallRule", name: "redis", props: { resourceGroupName: "rg", cacheName: "c", startIP: "0.0.0.0", endIP: "255.255.255.255" } },
            { type: "azure-native:redis:FirewallRule", name: "redis-office", props: { resourceGroupName: "rg", cacheName: "c", startIP: "203.0.113.0", endIP: "203.0.113.255" } },
            { type: "azure-native:dbforpostgresql:FirewallRule", name: "unknown", props: rule("0.0.0.0", UNKNOWN) },
            { type: "azure-native:dbforpostgresql:Server", name: "server", props: { resourceGroupName: "rg" } },
        ]);
    });
    it("flags rules covering the internet (whole range, or half of it)", () => {
        expect(j.messages("pg-all")).toEqual(["the rule admits 0.0.0.0-255.255.255.255, i.e. the internet"]);
        expect(j.outcome("sql-half")).toBe("violation");
    });
    it("covers the other data services' firewall rules (single servers, MariaDB, Cosmos DB for PostgreSQL, Synapse, Redis)", () => {
        for (const name of ["mysql-single", "cosmos-pg", "mariadb", "synapse", "redis"]) expect(j.outcome(name)).toBe("violation");
        expect(j.messages("redis")).toEqual(["the rule admits 0.0.0.0-255.255.255.255, i.e. the internet"]);
        expect(j.outcome("redis-office")).toBe("pass");
    });
    it("judges rules registered under a privatepreview API version", () => expect(j.outcome("pg-private-preview")).toBe("violation"));
    it("passes narrow ranges", () => {
        expect(j.outcome("mysql-office")).toBe("pass");
        expect(j.outcome("azure-services")).toBe("pass");
    });
    it("reports an unknown bound as unknown", () => expect(j.outcome("unknown")).toBe("unknown"));
    it("is not applicable to servers", () => expect(j.outcome("server")).toBe("not-applicable"));
});
