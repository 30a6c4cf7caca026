/**
 * The FHIR tier's rules that involve more than one key: what may be exposed and how, the
 * connection budget, memory and image pinning. Pure, and free of Pulumi and Kubernetes imports,
 * so both `validateConfig` (stack config) and the FhirServer component (direct use) run it before
 * any resource is registered; every message names the `fhir-ha:` keys to change.
 */
import { fullKey, show } from "../config/errors";
import { parseDuration } from "../config/duration";
import { parseQuantity } from "../config/quantity";
import { FhirConfig } from "../config/types";
import { connectionBudget, connectionsNeeded, SURGE_PODS, TERMINATING_PODS } from "./connection-budget";
import { overlaps, parseCidr } from "../cloud/ipv4";
import { parseAuthFilter } from "./gateway";
import { parseImageReference } from "./image";

export interface FhirPolicyContext {
    /** aws | gcp | azure | kubernetes, when known (the component may be used without it). */
    cloud?: string;
    /**
     * The ranges the cluster's nodes and pods take, each with the config key that sets it
     * (src/validation/cluster-ranges.ts); exposure ranges must not overlap them.
     */
    clusterRanges?: { key: string; cidr: string; holds: string }[];
}

/**
 * Exposure ranges that overlap a node or pod range: as a NetworkPolicy ipBlock such a range
 * would admit the cluster's own pods, in every namespace, past fhir.clientNamespaces.
 */
function clusterOverlapProblems(key: string, ranges: unknown, ctx: FhirPolicyContext): string[] {
    if (!Array.isArray(ranges)) return [];
    return ranges.flatMap((r) => {
        if (!isCidr(r) || admitsEverything(r as string)) return [];
        const hit = (ctx.clusterRanges ?? []).find((c) => overlaps(parseCidr(r as string), parseCidr(c.cidr)));
        return hit
            ? [
                  `${fullKey(key)}: ${show(r)} overlaps ${hit.cidr} of ${hit.key}, where the cluster's ${hit.holds} take addresses; the NetworkPolicy ` +
                      `would admit pods of every namespace through it, not only your clients. List the clients' own ranges (outside the cluster's), ` +
                      `and name in-cluster callers in fhir-ha:fhir.clientNamespaces`,
              ]
            : [];
    });
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

function isCidr(s: unknown): boolean {
    const m = typeof s === "string" ? CIDR.exec(s) : null;
    return !!m && m.slice(1, 5).every((o) => Number(o) <= 255) && Number(m[5]) <= 32;
}

/** A CIDR of prefix length 0 admits every address, the pods of the cluster included. */
function admitsEverything(cidr: string): boolean {
    return /\/0$/.test(cidr);
}

/** Whether `fhir.expose` takes the server beyond the cluster's own network. */
export function isExposed(expose: string): boolean {
    return expose === "loadBalancer" || expose === "gateway";
}

/** An https URL with a host, or undefined with the reason. */
function httpsUrlProblem(url: unknown): string | undefined {
    if (typeof url !== "string") return "must be an https URL";
    let parsed: URL;
    try {
        parsed = new URL(url);
    } catch {
        return "must be an https URL such as \"https://fhir.example.org\"";
    }
    if (parsed.protocol !== "https:") return "must be an https URL: an exposed server is reached over TLS only";
    if (parsed.search || parsed.hash) return "must not carry a query or fragment";
    return undefined;
}

/** A browser origin: scheme, host and optional port, nothing else. */
function originProblem(origin: unknown): string | undefined {
    if (typeof origin !== "string" || origin === "*") return "must be an origin such as \"https://app.example.org\" (a wildcard would let any web page call the API with a user's credentials)";
    try {
        const u = new URL(origin);
        if (!["https:", "http:"].includes(u.protocol) || u.origin !== origin.replace(/\/$/, "")) return "must be scheme://host[:port] with no path";
    } catch {
        return "must be an origin such as \"https://app.example.org\"";
    }
    return undefined;
}

/** A duration key of the FHIR tier outside 30 s..6 h (a malformed one is the schema's to report). */
function durationRangeProblems(key: string, value: unknown): string[] {
    const secs = typeof value === "string" ? parseDuration(value) : undefined;
    return secs !== undefined && (secs < 30 || secs > 6 * 3600) ? [`${fullKey(key)} = ${show(value)}: must be from 30s to 6h`] : [];
}

function listProblems(key: string, values: unknown, check: (v: unknown) => string | undefined): string[] {
    if (!Array.isArray(values)) return [];
    return values.flatMap((v) => {
        const p = check(v);
        return p ? [`${fullKey(key)}: ${show(v)} ${p}`] : [];
    });
}

export function fhirTierProblems(f: FhirConfig, ctx: FhirPolicyContext = {}): string[] {
    const problems: string[] = [];

    const image = typeof f.image === "string" ? parseImageReference(f.image) : undefined;
    if (typeof f.image === "string" && f.image.trim() !== "" && typeof image === "string") {
        problems.push(`${fullKey("fhir.image")} = ${show(f.image)}: ${image}`);
    }

    const req = parseQuantity(String(f.resources?.requests?.memory ?? ""));
    const lim = parseQuantity(String(f.resources?.limits?.memory ?? ""));
    if (req !== undefined && lim !== undefined && req !== lim) {
        problems.push(
            `${fullKey("fhir.resources.requests.memory")} = ${show(f.resources.requests.memory)}: must equal ${fullKey("fhir.resources.limits.memory")} ` +
                `(${f.resources.limits.memory}); the JVM heap is sized from the limit, and memory above the request is what the kubelet reclaims first`,
        );
    }

    problems.push(...durationRangeProblems("fhir.startupTimeout", f.startupTimeout));
    // Below 30 s a slow but healthy statement is cut off; 0 (pgjdbc's "never") would bring back
    // the 15-minute hang this timeout exists to prevent.
    problems.push(...durationRangeProblems("fhir.dbSocketTimeout", f.dbSocketTimeout));

    problems.push(...listProblems("fhir.clientNamespaces", f.clientNamespaces, (v) => (typeof v === "string" && DNS_LABEL.test(v) ? undefined : "is not a namespace name")));
    problems.push(...listProblems("fhir.corsOrigins", f.corsOrigins, originProblem));

    if (typeof f.poolSize === "number" && typeof f.replicas === "number") {
        const budget = connectionBudget();
        const needed = connectionsNeeded(f.replicas, f.poolSize);
        if (needed > budget.available) {
            problems.push(
                `${fullKey("fhir.poolSize")} = ${f.poolSize}: (${fullKey("fhir.replicas")} ${f.replicas} + ${SURGE_PODS} rollout surge pod + ` +
                    `${TERMINATING_PODS} terminating pod) x ${f.poolSize} = ${needed} connections, more than PostgreSQL leaves for applications ` +
                    `(${budget.available} = max_connections ${budget.maxConnections} - superuser_reserved_connections ${budget.superuserReserved} ` +
                    `- reserved_connections ${budget.reserved} - ${budget.operatorHeadroom} for CNPG's superuser connections, which take ordinary slots first); ` +
                    `lower fhir.poolSize or fhir.replicas`,
            );
        }
    }

    if (typeof f.baseUrl === "string" && !isExposed(f.expose)) {
        let ok = false;
        try {
            ok = ["http:", "https:"].includes(new URL(f.baseUrl).protocol);
        } catch {
            ok = false;
        }
        if (!ok) problems.push(`${fullKey("fhir.baseUrl")} = ${show(f.baseUrl)}: must be an http(s) URL such as "https://fhir.example.org"`);
    }

    if (!isExposed(f.expose)) return problems;

    const urlProblem = httpsUrlProblem(f.baseUrl) ?? (new URL(f.baseUrl).pathname !== "/" ? "must be the server root, with no path (the FHIR API is served under /fhir)" : undefined);
    if (urlProblem) problems.push(`${fullKey("fhir.baseUrl")} = ${show(f.baseUrl)}: ${urlProblem} (required with ${fullKey("fhir.expose")} = ${show(f.expose)})`);

    const authFilter = f.expose === "gateway" && typeof f.gateway?.authFilter === "string" && parseAuthFilter(f.gateway.authFilter) !== undefined;
    if (f.engine === "hapi" && f.hapi?.allowUnauthenticated !== true && !authFilter) {
        problems.push(
            `${fullKey("fhir.expose")} = ${show(f.expose)}: HAPI FHIR authenticates nobody, so this would let anyone who reaches it read and write ` +
                `patient data; keep fhir.expose = "clusterIP" behind your own authenticating proxy, attach your gateway's authentication to the ` +
                `route with ${fullKey("fhir.gateway.authFilter")}, or set ${fullKey("fhir.hapi.allowUnauthenticated")} = true once an ` +
                `authentication layer is in front of it`,
        );
    }

    if (f.expose === "loadBalancer") {
        // The pods serve plain HTTP and a LoadBalancer Service passes TCP through: no cloud's
        // internal L4 load balancer here terminates TLS, so the mode cannot meet "TLS on every
        // exposure". Refused (its fhir.loadBalancer.* keys are no longer read).
        problems.push(
            `${fullKey("fhir.expose")} = "loadBalancer": its listener is plain HTTP, so patient data and tokens would cross the network in ` +
                `clear text even when the load balancer is internal; use fhir.expose = "gateway" (HTTPS; a GatewayClass with an internal ` +
                `address, such as GKE's gke-l7-rilb, keeps it private)`,
        );
    }

    if (f.expose === "gateway") {
        const g = f.gateway;
        if (g && (typeof g.className !== "string" || g.className === "")) {
            problems.push(`${fullKey("fhir.gateway.className")}: required with ${fullKey("fhir.expose")} = "gateway" (the GatewayClass of your Gateway API implementation)`);
        }
        if (g && Array.isArray(g.sourceNamespaces) && Array.isArray(g.sourceCidrs) && g.sourceNamespaces.length === 0 && g.sourceCidrs.length === 0) {
            problems.push(
                `${fullKey("fhir.gateway.sourceNamespaces")}: with ${fullKey("fhir.gateway.sourceCidrs")} also empty the NetworkPolicy would admit no gateway ` +
                    "traffic; name the namespace of the gateway's proxy pods, or the address ranges a cloud-managed gateway connects from",
            );
        }
        problems.push(...listProblems("fhir.gateway.sourceNamespaces", g?.sourceNamespaces, (v) => (typeof v === "string" && DNS_LABEL.test(v) ? undefined : "is not a namespace name")));
        problems.push(
            ...listProblems("fhir.gateway.sourceCidrs", g?.sourceCidrs, (v) =>
                !isCidr(v) ? "is not an IPv4 CIDR" : admitsEverything(v as string) ? "admits every address, the cluster's own pods included" : undefined,
            ),
        );
        problems.push(...clusterOverlapProblems("fhir.gateway.sourceCidrs", g?.sourceCidrs, ctx));
        if (typeof g?.authFilter === "string" && g.authFilter !== "" && !parseAuthFilter(g.authFilter)) {
            problems.push(
                `${fullKey("fhir.gateway.authFilter")} = ${show(g.authFilter)}: must be group/Kind/name of a filter object in the namespace, ` +
                    `such as "configuration.konghq.com/KongPlugin/fhir-oidc"`,
            );
        }
        const t = f.tls;
        if (t?.issuer === "acme") {
            if (typeof t.acmeEmail !== "string" || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(t.acmeEmail)) {
                problems.push(`${fullKey("fhir.tls.acmeEmail")} = ${show(t.acmeEmail)}: required with ${fullKey("fhir.tls.issuer")} = "acme" (the ACME account's contact e-mail)`);
            }
            const server = httpsUrlProblem(t.acmeServer);
            if (server) problems.push(`${fullKey("fhir.tls.acmeServer")} = ${show(t.acmeServer)}: ${server}`);
        }
        if (t?.issuer === "secret" && (typeof t.secretName !== "string" || !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(t.secretName))) {
            problems.push(`${fullKey("fhir.tls.secretName")} = ${show(t?.secretName)}: required with ${fullKey("fhir.tls.issuer")} = "secret" (a kubernetes.io/tls Secret in the namespace)`);
        }
    }
    return problems;
}
