/**
 * The Kubernetes provider must not be configured before the API server accepts us. EKS reports a
 * cluster ACTIVE before its endpoint's DNS name reliably resolves, and an access entry and its
 * policy association take effect some seconds after they are created; a provider that is
 * configured in that gap fails, and Pulumi then treats the cluster as unreachable for the rest of
 * the run. pulumi-eks waits for the same reason, polling `/healthz` for up to 5 minutes before it
 * hands out the kubeconfig (pulumi/pulumi-eks nodejs/eks/cluster/cluster.ts, "wait of up to 5
 * minutes or until we can reach the API server").
 *
 * This check goes further than `/healthz` (which any anonymous caller may read): it gets a token
 * exactly as the kubeconfig does (`aws eks get-token` with the provider's profile and role) and
 * reads a namespace, which succeeds only once the access entry AND the cluster-admin association
 * are in force for that identity. It runs only during an update: a preview never waits, and the
 * kubeconfig is unknown in a first preview anyway.
 */
import { execFile } from "child_process";
import * as https from "https";
import * as pulumi from "@pulumi/pulumi";
import { proxyFor, tunnelAgent } from "./proxy";

export interface ProbeResult {
    ok: boolean;
    /** Why not, for the wait log and the final error. */
    reason?: string;
}

/** One authenticated request to the API server described by a kubeconfig (JSON). */
export type ApiProbe = (kubeconfig: string) => Promise<ProbeResult>;

export interface WaitOptions {
    probe: ApiProbe;
    /** Attempts before giving up; with the interval, the longest wait. */
    attempts: number;
    intervalMs: number;
    sleep?: (ms: number) => Promise<void>;
    log?: (message: string) => void;
}

/** 60 attempts 10 s apart: DNS propagation and access entries take seconds to a few minutes. */
export const DEFAULT_WAIT = { attempts: 60, intervalMs: 10_000 };

/** What to check when the wait gives up, by the last failure. */
export function hintFor(reason: string): string {
    if (/\b401\b/.test(reason)) return "the token's identity has no access entry: aws:profile / aws:assumeRoles must be the identity given in fhir-ha:aws.adminPrincipalArn (or leave that empty)";
    if (/\b403\b/.test(reason)) return "the identity is known but lacks the AmazonEKSClusterAdminPolicy association";
    if (/ENOTFOUND|EAI_AGAIN/.test(reason)) return "the endpoint's DNS name does not resolve yet, or this machine cannot resolve the private endpoint";
    if (/ETIMEDOUT|ECONNREFUSED|timed out|ECONNRESET/.test(reason)) {
        return "this machine cannot reach the endpoint: add its egress CIDR to fhir-ha:cluster.apiAccess.allowedCidrs, or, in private mode, deploy from inside the VPC (docs/clouds/aws.md)";
    }
    if (/get-token/.test(reason)) return "`aws eks get-token` failed: install the AWS CLI v2 and check the profile";
    return "see docs/clouds/aws.md, First deploy";
}

/** Polls until the probe succeeds; throws with the last reason and a hint when it never does. */
export async function waitForApi(kubeconfig: string, opts: WaitOptions): Promise<void> {
    const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    let last = "no attempt";
    for (let i = 1; i <= opts.attempts; i++) {
        const result = await opts.probe(kubeconfig).catch((e: unknown): ProbeResult => ({ ok: false, reason: e instanceof Error ? e.message : String(e) }));
        if (result.ok) return;
        last = result.reason ?? "unknown";
        opts.log?.(`waiting for the EKS API to accept this identity (${i}/${opts.attempts}): ${last}`);
        if (i < opts.attempts) await sleep(opts.intervalMs);
    }
    throw new Error(`the EKS API server did not accept this deploy's identity after ${opts.attempts} attempts: ${last}. Check: ${hintFor(last)}`);
}

interface KubeconfigShape {
    clusters: { cluster: { server: string; "certificate-authority-data": string } }[];
    users: { user: { exec: { command: string; args: string[] } } }[];
}

function run(command: string, args: string[]): Promise<string> {
    return new Promise((resolve, reject) =>
        execFile(command, args, { timeout: 60_000 }, (err, stdout, stderr) => (err ? reject(new Error(`${command} ${args.slice(0, 2).join(" ")}: ${stderr || err.message}`)) : resolve(stdout))),
    );
}

/** The real probe: a token from the kubeconfig's exec plugin, then GET the kube-system namespace. */
export const authenticatedProbe: ApiProbe = async (kubeconfig) => {
    const k = JSON.parse(kubeconfig) as KubeconfigShape;
    const { server, "certificate-authority-data": ca } = k.clusters[0].cluster;
    const exec = k.users[0].user.exec;
    const token = (JSON.parse(await run(exec.command, exec.args)) as { status?: { token?: string } }).status?.token;
    if (!token) return { ok: false, reason: "aws eks get-token returned no token" };
    const url = new URL(`${server}/api/v1/namespaces/kube-system`);
    const proxy = proxyFor(url, process.env);
    return new Promise<ProbeResult>((resolve) => {
        const req = https.request(
            url,
            {
                method: "GET",
                ca: Buffer.from(ca, "base64"),
                headers: { Authorization: `Bearer ${token}` },
                timeout: 10_000,
                ...(proxy ? { agent: tunnelAgent(proxy) } : {}),
            },
            (res) => {
                res.resume();
                resolve(res.statusCode === 200 ? { ok: true } : { ok: false, reason: `HTTP ${res.statusCode}` });
            },
        );
        req.on("timeout", () => req.destroy(new Error("timed out")));
        req.on("error", (e: NodeJS.ErrnoException) => resolve({ ok: false, reason: e.code ?? e.message }));
        req.end();
    });
};

export interface ReadyKubeconfigOptions {
    /** Resources the identity's access depends on (access entry, policy association). */
    grants: pulumi.Resource[];
    /** Injected by tests; default the real probe and `pulumi.runtime.isDryRun`. */
    probe?: ApiProbe;
    isDryRun?: () => boolean;
    wait?: { attempts: number; intervalMs: number; sleep?: (ms: number) => Promise<void> };
    /** Where wait messages are logged. */
    logResource?: pulumi.Resource;
}

/**
 * The kubeconfig, released only once the API answers an authenticated request (update only).
 * The result carries the grants as dependencies, so whatever consumes it (the Kubernetes
 * provider) is ordered after them too.
 */
export function kubeconfigWhenApiAnswers(kubeconfig: pulumi.Input<string>, opts: ReadyKubeconfigOptions): pulumi.Output<string> {
    const dryRun = opts.isDryRun ?? (() => pulumi.runtime.isDryRun());
    const probe = opts.probe ?? authenticatedProbe;
    const wait = opts.wait ?? DEFAULT_WAIT;
    return pulumi.all([kubeconfig, ...opts.grants.map((g) => g.urn)]).apply(async ([config]) => {
        if (!dryRun()) {
            await waitForApi(config, { ...wait, probe, log: (m) => pulumi.log.info(m, opts.logResource, undefined, true) });
        }
        return config;
    });
}
