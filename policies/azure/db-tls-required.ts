import { Case, tablePolicy } from "../lib/define";
import { asString, UNSEEN } from "../lib/scan";
import { AZURE } from "../lib/types";

/**
 * TLS on every Azure managed database, including a server parameter that turns it off: flexible
 * servers require TLS by default (`require_secure_transport` ON), so the defect is a
 * `Configuration` resource that sets it OFF or lowers the protocol floor. Mandatory: a setting
 * that accepts plaintext or TLS below 1.2 is the defect, whoever wrote it.
 */

const OLD_TLS = /^tlsv1(\.[01])?$/i;

const CASES: Case[] = [
    {
        id: "flexible-server-parameter",
        resourceTypes: ["azure-native:dbforpostgresql:Configuration", "azure-native:dbformysql:Configuration"],
        flags: "A PostgreSQL or MySQL flexible server `Configuration` that sets `require_secure_transport` to OFF, `ssl_min_protocol_version` (PostgreSQL) to TLSv1 or TLSv1.1, or `tls_version` (MySQL) to a list that admits TLSv1 or TLSv1.1.",
        anchors: ["CKV_AZURE_29", "CKV_AZURE_28"],
        judge: (props, scan) => {
            // The parameter is named by `configurationName`; without it the provider auto-names the resource, which names no parameter.
            const name = asString(scan.get(props, "configurationName"))?.toLowerCase();
            if (name === undefined) return;
            const value = scan.get(props, "value");
            if (value === UNSEEN) return;
            const v = asString(value) ?? "";
            if (name === "require_secure_transport" && ["off", "0", "false"].includes(v.toLowerCase())) scan.flag("require_secure_transport is OFF: the server accepts plaintext connections");
            if (name === "ssl_min_protocol_version" && OLD_TLS.test(v.trim())) scan.flag(`ssl_min_protocol_version is ${v}: the server accepts TLS below 1.2`);
            if (name === "tls_version" && v.split(",").some((t) => OLD_TLS.test(t.trim()))) scan.flag(`tls_version is ${v}: the server accepts TLS below 1.2`);
        },
    },
    {
        id: "sql-server",
        resourceTypes: ["azure-native:sql:Server"],
        flags: "An Azure SQL logical server whose `minimalTlsVersion` is not 1.2 or 1.3 (absent or None admits any version).",
        anchors: ["CKV_AZURE_52"],
        judge: (props, scan) => {
            const v = scan.get(props, "minimalTlsVersion");
            if (v === UNSEEN || ["1.2", "1.3"].includes(asString(v) ?? "")) return;
            scan.flag(`minimalTlsVersion is ${v === undefined ? "absent (any version)" : String(v)}: require 1.2`);
        },
    },
    {
        id: "redis",
        resourceTypes: ["azure-native:redis:Redis", "azure-native:cache:Redis"],
        flags: "An Azure Cache for Redis with `enableNonSslPort: true` (the plaintext port 6379) or `minimumTlsVersion` 1.0 or 1.1.",
        anchors: ["CKV_AZURE_91", "CKV_AZURE_148"],
        judge: (props, scan) => {
            if (scan.get(props, "enableNonSslPort") === true) scan.flag("enableNonSslPort is true: clients may connect in plaintext on 6379");
            const tls = asString(scan.get(props, "minimumTlsVersion"));
            if (tls === "1.0" || tls === "1.1") scan.flag(`minimumTlsVersion is ${tls}: require 1.2`);
        },
    },
    {
        id: "cosmos-db",
        resourceTypes: [AZURE.cosmos],
        flags: "A Cosmos DB account whose `minimalTlsVersion` is Tls or Tls11 (the default is Tls12).",
        anchors: ["splitplane rule (TLS-only databases)"],
        judge: (props, scan) => {
            const tls = asString(scan.get(props, "minimalTlsVersion"));
            if (tls === "Tls" || tls === "Tls11") scan.flag(`minimalTlsVersion is ${tls}: require Tls12`);
        },
    },
];

export const { meta, policy } = tablePolicy(
    {
        name: "azure-db-tls-required",
        title: "Azure databases require TLS 1.2",
        theme: "H",
        level: "mandatory",
        severity: "high",
        kind: "resource",
        checks: [],
        flags: "An Azure database setting that accepts plaintext or TLS below 1.2: a flexible server parameter (`require_secure_transport` OFF, an old `ssl_min_protocol_version` / `tls_version`), an Azure SQL server without `minimalTlsVersion` 1.2, Redis's non-TLS port or an old minimum TLS version, a Cosmos DB account below Tls12. Each check is listed below.",
        remediation: "Keep `require_secure_transport` ON and the protocol floor at TLS 1.2 (`minimalTlsVersion: \"1.2\"`, `minimumTlsVersion: \"1.2\"`, `enableNonSslPort: false`), and connect with certificate verification.",
    },
    CASES,
);
