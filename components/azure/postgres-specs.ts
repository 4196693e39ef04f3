/**
 * Azure Database for PostgreSQL Flexible Server as data: compute sizes and their tiers, storage
 * sizes, the server parameters the platform needs, and names. Pure, so tests and the config
 * schema use the same rules as the component.
 */

export type FlexibleServerTier = "Burstable" | "GeneralPurpose" | "MemoryOptimized";

/**
 * Compute sizes Flexible Server offers (Burstable B-series; General Purpose D-series and Memory
 * Optimized E-series in the v3-v6 families), as ARM's `sku.name` spells them. Which of them a
 * region has is only known there (`az postgres flexible-server list-skus -l <region>`).
 * https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-compute
 */
const BURSTABLE = /^Standard_B(1ms|2s|2ms|4ms|8ms|12ms|16ms|20ms)$/;
const SIZED = /^Standard_([DE])(2|4|8|16|20|32|48|64|96)(s_v3|ds_v4|ds_v5|ads_v5|ds_v6|ads_v6)$/;

/** The tier of a Flexible Server compute size, or undefined when it is not one (a VM size such as Standard_D4as_v5 is not). */
export function flexibleServerTier(sku: string): FlexibleServerTier | undefined {
    if (BURSTABLE.test(sku)) return "Burstable";
    const m = SIZED.exec(sku);
    if (!m) return undefined;
    return m[1] === "D" ? "GeneralPurpose" : "MemoryOptimized";
}

/** Premium SSD sizes (GiB) a server can be given; storage only grows (https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-storage). */
export const STORAGE_SIZES_GB = [32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32767] as const;

/** Backup retention Flexible Server accepts, in days. */
export const BACKUP_RETENTION_DAYS = { min: 7, max: 35 } as const;

export interface ServerParameter {
    name: string;
    value: string;
    /** Why the platform sets it (for the docs and the report). */
    why: string;
}

/**
 * The server parameters, in the order they are applied (one at a time: the server refuses a
 * second parameter write while one runs, `ServerIsBusy`).
 * - `require_secure_transport` ON: no plain-text connection is accepted.
 * - `ssl_min_protocol_version` TLSv1.2: no older TLS.
 * - `azure.extensions`: the allow-list `CREATE EXTENSION` checks; `VECTOR` is pgvector.
 * https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-networking-ssl-tls
 * https://learn.microsoft.com/azure/postgresql/extensions/how-to-allow-extensions
 */
export function serverParameters(extensions: readonly string[]): ServerParameter[] {
    return [
        { name: "require_secure_transport", value: "ON", why: "TLS is required on every connection" },
        { name: "ssl_min_protocol_version", value: "TLSv1.2", why: "TLS 1.2 or later" },
        { name: "azure.extensions", value: extensions.join(","), why: "extensions the platform may create (VECTOR is pgvector)" },
    ];
}

/** Child-name slug of a parameter: `azure.extensions` → `azure-extensions` (stable, never a position). */
export function parameterSlug(name: string): string {
    return name.replace(/[^a-z0-9]+/gi, "-").toLowerCase();
}

/** `psql-<stack>-<suffix>`: 3-63 lower-case letters, digits and hyphens (the name is global: `<name>.postgres.database.azure.com`). */
export function serverNameFor(prefix: string, suffix: string): string {
    const slug = prefix.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 63 - "psql--".length - suffix.length).replace(/-+$/, "");
    return `psql-${slug}-${suffix}`;
}

/**
 * The private DNS zone of a VNet-integrated server. It must end in `.postgres.database.azure.com`;
 * a zone of its own per server (not `privatelink.postgres.database.azure.com`, which private
 * endpoints of public-access servers use) keeps the two networking modes apart.
 * https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-networking-private#private-dns-zone-and-virtual-network-peering
 */
export function privateZoneNameFor(serverName: string): string {
    return `${serverName}.private.postgres.database.azure.com`;
}
