/**
 * What counts as "the internet" and which ports a rule opens (policy-checks.md, "What counts as
 * the internet"). Pure functions, shared by the AWS, Azure and Kubernetes policies.
 */

/** Source tokens that mean "anyone": Azure service tags and wildcards, compared case-insensitively. */
const INTERNET_TOKENS = new Set(["*", "any", "internet", "0.0.0.0", "::", "0.0.0.0/0", "::/0"]);

/**
 * Whether a source address (CIDR, address or Azure service tag) admits the whole internet.
 * A prefix of /0 or /1 counts: two /1 blocks are a common way to spell 0.0.0.0/0 past naive checks.
 */
export function isInternetSource(source: string): boolean {
    const s = source.trim().toLowerCase();
    if (INTERNET_TOKENS.has(s)) return true;
    // The IPv6 unspecified address however it is spelled (`::0`, `0::0`, `0:0:0:0:0:0:0:0`).
    if (/^[0:]+$/.test(s) && s.includes(":")) return true;
    const slash = s.lastIndexOf("/");
    if (slash < 0) return false;
    const prefix = s.slice(slash + 1);
    return /^\d+$/.test(prefix) && Number(prefix) <= 1 && (s.includes(".") || s.includes(":"));
}

/** SSH and RDP: the administrative ports a network ACL must never open to the internet. */
export const ADMIN_PORTS: readonly number[] = [22, 3389];

export interface PortRange {
    from: number;
    to: number;
}

export const ALL_PORTS: PortRange = { from: 0, to: 65535 };

/** Protocol values that mean every protocol, hence every port (`-1`, `all`, `*`). */
export function isAllProtocols(protocol: unknown): boolean {
    if (typeof protocol === "number") return protocol === -1;
    return typeof protocol === "string" && ["-1", "all", "*"].includes(protocol.trim().toLowerCase());
}

/**
 * The ports an AWS rule opens: every port for protocol -1/all or a 0-0 range (AWS's spelling of
 * "all"), otherwise from..to (a missing bound means the other one).
 */
export function awsPortRange(protocol: unknown, from: unknown, to: unknown): PortRange {
    if (isAllProtocols(protocol)) return ALL_PORTS;
    const f = typeof from === "number" ? from : typeof to === "number" ? to : 0;
    const t = typeof to === "number" ? to : f;
    if (f === 0 && t === 0) return ALL_PORTS;
    return { from: Math.min(f, t), to: Math.max(f, t) };
}

/** An Azure port spec: `*`, `443` or `20-30`; undefined for anything else. */
export function azurePortRange(spec: string): PortRange | undefined {
    const s = spec.trim();
    if (s === "*") return ALL_PORTS;
    const m = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(s);
    if (!m) return undefined;
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    return { from: Math.min(a, b), to: Math.max(a, b) };
}

export function coversAllPorts(r: PortRange): boolean {
    return r.from <= 1 && r.to >= 65535;
}

export function includesPort(r: PortRange, port: number): boolean {
    return r.from <= port && port <= r.to;
}

/** `22`, `0-65535 (all)`: how a message names a range. */
export function describePorts(r: PortRange): string {
    if (coversAllPorts(r)) return "all ports";
    return r.from === r.to ? `port ${r.from}` : `ports ${r.from}-${r.to}`;
}

/** IPv4 dotted quad to a number; undefined if malformed. */
export function ipv4ToNumber(ip: string): number | undefined {
    const parts = ip.trim().split(".");
    if (parts.length !== 4) return undefined;
    let n = 0;
    for (const p of parts) {
        if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
        n = n * 256 + Number(p);
    }
    return n;
}

/**
 * Whether a start-end address range (database firewall rules) admits the internet: it covers
 * 0.0.0.0-255.255.255.255, or at least half of the address space.
 */
export function isInternetRange(start: string, end: string): boolean {
    const a = ipv4ToNumber(start);
    const b = ipv4ToNumber(end);
    if (a === undefined || b === undefined) return false;
    return Math.abs(b - a) + 1 >= 2 ** 31;
}
