import { beforeAll, describe, expect, it } from "vitest";
import * as p from "../../../policies/azure/db-tls-required";
import { check, Judged, UNKNOWN } from "../harness";

const rg = { resourceGroupName: "rg" };
const PG = "azure-native:dbforpostgresql:Configuration";
const MY = "azure-native:dbformysql:Configuration";
const param = (configurationName: unknown, value: unknown) => ({ ...rg, serverName: "pg", configurationName, value, source: "user-override" });

describe("azure-db-tls-required", () => {
    let j: Judged;
    beforeAll(async () => {
        j = await check(p, [
            { type: PG, name: "pg-tls-off", props: param("require_secure_transport", "OFF") },
            { type: PG, name: "pg-old-tls", props: param("ssl_min_protocol_version", "TLSv1.1") },
            { type: PG, name: "pg-tls-on", props: param("require_secure_transport", "ON") },
            { type: PG, name: "pg-other", props: param("azure.extensions", "VECTOR") },
            { type: PG, name: "pg-unknown", props: param("require_secure_transport", UNKNOWN) },
            { type: "azure-native:dbforpostgresql/v20241101preview:Configuration", name: "pg-versioned", props: param("require_secure_transport", "off") },
            { type: MY, name: "mysql-old-tls", props: param("tls_version", "TLSv1.1,TLSv1.2") },
            { type: MY, name: "mysql-tls", props: param("tls_version", "TLSv1.2,TLSv1.3") },
            { type: "azure-native:sql:Server", name: "sql-default", props: { ...rg } },
            { type: "azure-native:sql:Server", name: "sql-tls12", props: { ...rg, minimalTlsVersion: "1.2" } },
            { type: "azure-native:redis:Redis", name: "redis-plain-port", props: { ...rg, sku: { name: "Standard", family: "C", capacity: 1 }, enableNonSslPort: true } },
            { type: "azure-native:redis:Redis", name: "redis-default", props: { ...rg, sku: { name: "Standard", family: "C", capacity: 1 } } },
            { type: "azure-native:cosmosdb:DatabaseAccount", name: "cosmos-old", props: { ...rg, databaseAccountOfferType: "Standard", locations: [], minimalTlsVersion: "Tls11" } },
            { type: "azure-native:dbforpostgresql:FirewallRule", name: "fw", props: { ...rg, serverName: "pg", startIpAddress: "10.0.0.1", endIpAddress: "10.0.0.1" } },
        ]);
    });
    it("flags a server parameter that turns TLS off or lowers its floor, in any API version", () => {
        expect(j.messages("pg-tls-off")).toEqual(["require_secure_transport is OFF: the server accepts plaintext connections"]);
        expect(j.of("pg-tls-off")[0].enforcementLevel).toBe("mandatory");
        expect(j.messages("pg-old-tls")).toEqual(["ssl_min_protocol_version is TLSv1.1: the server accepts TLS below 1.2"]);
        expect(j.outcome("pg-versioned")).toBe("violation");
        expect(j.messages("mysql-old-tls")).toEqual(["tls_version is TLSv1.1,TLSv1.2: the server accepts TLS below 1.2"]);
    });
    it("passes TLS-on parameters and unrelated ones", () => {
        expect(j.outcome("pg-tls-on")).toBe("pass");
        expect(j.outcome("pg-other")).toBe("pass");
        expect(j.outcome("mysql-tls")).toBe("pass");
    });
    it("flags SQL servers without a 1.2 floor (absent admits any), Redis's plaintext port and old Cosmos TLS", () => {
        expect(j.messages("sql-default")).toEqual(["minimalTlsVersion is absent (any version): require 1.2"]);
        expect(j.outcome("sql-tls12")).toBe("pass");
        expect(j.messages("redis-plain-port")).toEqual(["enableNonSslPort is true: clients may connect in plaintext on 6379"]);
        expect(j.outcome("redis-default")).toBe("pass");
        expect(j.outcome("cosmos-old")).toBe("violation");
    });
    it("reports an unknown parameter value as unknown", () => expect(j.outcome("pg-unknown")).toBe("unknown"));
    it("is not applicable to firewall rules", () => expect(j.outcome("fw")).toBe("not-applicable"));
});
