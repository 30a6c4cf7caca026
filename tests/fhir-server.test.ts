/**
 * The FhirServer component rendered under the mock runtime, for both engines: what the
 * Deployment, PodDisruptionBudget, Service and Secret carry and how they refer to each other.
 */
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import { Secret } from "kubernetes-models/v1/Secret";
import { Service } from "kubernetes-models/v1/Service";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { validateConfig } from "../src/validation";
import { FhirServer, FhirServerArgs } from "../src/fhir";
import { fhirPodLabels } from "../src/names";
import { renderWithGeneratedValues as render } from "./support/generated-values";
import { Rendered } from "./support/render";

const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const PDB = "kubernetes:policy/v1:PodDisruptionBudget";
const SERVICE = "kubernetes:core/v1:Service";
const SECRET = "kubernetes:core/v1:Secret";


/** Server args as the platform builds them, from validated stack config. */
function serverArgs(fhir: Record<string, unknown>, extra: Partial<FhirServerArgs> = {}, cloud = "kubernetes"): FhirServerArgs {
    const config = validateConfig(
        { cloud, fhir, kubernetes: { s3Endpoint: "http://minio:9000", s3Bucket: "fhir-backups" } },
        { secretsSet: ["s3AccessKeyId", "s3SecretAccessKey"], region: cloud === "kubernetes" ? undefined : "europe-west1" },
    );
    return {
        namespace: "fhir",
        fhir: config.fhir,
        zoneCount: config.zoneCount,
        database: { secretName: "fhir-db-app", host: "fhir-db-rw", dbname: "fhir" },
        ...extra,
    };
}

const renderServer = (args: FhirServerArgs) => render(() => new FhirServer("fhir-server", args));
const deployment = (r: Rendered) => r.inputs(DEPLOYMENT, "fhir-server-deployment");
const container = (r: Rendered) => deployment(r).spec.template.spec.containers[0];
const env = (r: Rendered) => new Map<string, any>(container(r).env.map((e: any) => [e.name, e]));

for (const engine of ["aidbox", "hapi"]) {
    describe(`FhirServer (${engine})`, () => {
        const labels = fhirPodLabels(engine);

        it("runs the configured replicas (3 for the default 3 zones), labelled as the database NetworkPolicy expects", async () => {
            const r = await renderServer(serverArgs({ engine }));
            const d = deployment(r);
            expect(d.spec.replicas).toBe(3);
            expect(deployment(await renderServer(serverArgs({ engine, replicas: 5 }))).spec.replicas).toBe(5);
            expect(d.spec.template.metadata.labels).toEqual(labels);
            expect(d.spec.selector.matchLabels).toEqual(labels);
            expect(d.spec.strategy.rollingUpdate).toEqual({ maxUnavailable: 0, maxSurge: 1 });
            expect(container(r).image).toBe(serverArgs({ engine }).fhir.image);
        });

        it("probes every 5 s: out of traffic after 10 s, restarted after 20 s, with a long startup window", async () => {
            const c = container(await renderServer(serverArgs({ engine })));
            const after = (p: any) => p.periodSeconds * p.failureThreshold;
            expect(c.readinessProbe.periodSeconds).toBe(5);
            expect(c.livenessProbe.periodSeconds).toBe(5);
            expect(after(c.readinessProbe)).toBe(10);
            expect(after(c.livenessProbe)).toBe(20);
            expect(after(c.startupProbe)).toBeGreaterThanOrEqual(180);
            // Every probe targets a port the container declares.
            const names = c.ports.map((p: any) => p.name);
            for (const p of [c.readinessProbe, c.livenessProbe, c.startupProbe]) {
                expect(names).toContain(p.httpGet?.port ?? p.tcpSocket?.port);
            }
        });

        it("spreads over zones and hosts, selecting its own pods", async () => {
            const spread = deployment(await renderServer(serverArgs({ engine }))).spec.template.spec.topologySpreadConstraints;
            expect(spread.map((s: any) => s.topologyKey)).toEqual(["topology.kubernetes.io/zone", "kubernetes.io/hostname"]);
            for (const s of spread) expect(s.labelSelector.matchLabels).toEqual(labels);
        });

        it("has a disruption budget and a Service that select exactly the pods", async () => {
            const r = await renderServer(serverArgs({ engine }));
            const pdb = r.inputs(PDB, "fhir-server-pdb");
            expect(pdb.spec.selector.matchLabels).toEqual(deployment(r).spec.template.metadata.labels);
            expect(pdb.spec.maxUnavailable).toBe(1);
            const svc = r.inputs(SERVICE, "fhir-server-service");
            expect(svc.spec.selector).toEqual(deployment(r).spec.template.metadata.labels);
            expect(svc.spec.type).toBe("ClusterIP");
            expect(svc.spec.ports[0].targetPort).toBe(container(r).ports[0].name);
        });

        it("reads the database credentials from the CNPG app secret and connects to the rw service", async () => {
            const e = env(await renderServer(serverArgs({ engine })));
            const [user, password] = engine === "aidbox" ? ["BOX_DB_USER", "BOX_DB_PASSWORD"] : ["SPRING_DATASOURCE_USERNAME", "SPRING_DATASOURCE_PASSWORD"];
            expect(e.get(user).valueFrom.secretKeyRef).toEqual({ name: "fhir-db-app", key: "username" });
            expect(e.get(password).valueFrom.secretKeyRef).toEqual({ name: "fhir-db-app", key: "password" });
            const host = engine === "aidbox" ? e.get("BOX_DB_HOST").value : e.get("SPRING_DATASOURCE_URL").value;
            expect(host).toContain("fhir-db-rw");
        });

        it("satisfies the restricted Pod Security profile", async () => {
            const d = deployment(await renderServer(serverArgs({ engine })));
            const pod = d.spec.template.spec;
            const sc = pod.containers[0].securityContext;
            expect(pod.securityContext.runAsNonRoot).toBe(true);
            expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
            expect(pod.securityContext.seccompProfile.type).toBe("RuntimeDefault");
            expect(sc.allowPrivilegeEscalation).toBe(false);
            expect(sc.capabilities.drop).toEqual(["ALL"]);
            expect(pod.automountServiceAccountToken).toBe(false);
            // HAPI runs with a read-only root and writes temp files to an emptyDir at /tmp; Aidbox
            // writes to its own root, so it has neither.
            expect(sc.readOnlyRootFilesystem).toBe(engine === "hapi");
            const tmpMounted = (pod.containers[0].volumeMounts ?? []).some((m: any) => m.name === "tmp" && m.mountPath === "/tmp");
            const tmpVolume = (pod.volumes ?? []).some((v: any) => v.name === "tmp");
            expect([tmpMounted, tmpVolume]).toEqual(engine === "hapi" ? [true, true] : [false, false]);
        });

        it("takes requests and limits from config, memory request equal to the limit", async () => {
            const args = serverArgs({ engine, resources: { requests: { cpu: "500m", memory: "3Gi" }, limits: { cpu: "1", memory: "3Gi" } } });
            expect(container(await renderServer(args)).resources).toEqual({
                requests: { cpu: "500m", memory: "3Gi" },
                limits: { cpu: "1", memory: "3Gi" },
            });
        });

        it("renders objects that validate against the Kubernetes OpenAPI schema", async () => {
            const r = await renderServer(serverArgs({ engine }, { aidboxLicense: "license-jwt" }));
            expect(() => new Deployment(deployment(r) as any).validate()).not.toThrow();
            expect(() => new Service(r.inputs(SERVICE, "fhir-server-service") as any).validate()).not.toThrow();
            expect(() => new PodDisruptionBudget(r.inputs(PDB, "fhir-server-pdb") as any).validate()).not.toThrow();
            for (const s of r.kind("Secret")) expect(() => new Secret(s as any).validate()).not.toThrow();
        });

        it("gives a rollout of pods with a 30-minute startup budget a 35-minute progress deadline", async () => {
            const d = deployment(await renderServer(serverArgs({ engine, startupTimeout: "30min" })));
            expect(d.spec.progressDeadlineSeconds).toBe(2100);
            // The startup probe allows the same 30 minutes the deadline was derived from.
            const s = d.spec.template.spec.containers[0].startupProbe;
            expect(s.periodSeconds * s.failureThreshold).toBe(1800);
        });

        it("keeps one replica without a disruption budget", async () => {
            const r = await renderServer(serverArgs({ engine, replicas: 1 }));
            expect(deployment(r).spec.replicas).toBe(1);
            expect(r.ofType(PDB)).toHaveLength(0);
        });
    });
}

describe("FhirServer (aidbox) shared keys", () => {
    it("every replica reads the signing keys and secrets from one generated Secret", async () => {
        const r = await renderServer(serverArgs({ engine: "aidbox" }, { aidboxLicense: "license-jwt" }));
        expect(r.ofType(SECRET)).toHaveLength(1);
        const secret = r.inputs(SECRET, "fhir-server-aidbox-secret");
        const refs = container(r)
            .env.map((e: any) => e.valueFrom?.secretKeyRef)
            .filter((ref: any) => ref && ref.name !== "fhir-db-app");
        expect(refs.map((ref: any) => ref.key).sort()).toEqual(Object.keys(secret.stringData).sort());
        for (const ref of refs) expect(ref.name).toBe(secret.metadata.name);
        expect(secret.stringData.license).toBe("license-jwt");
        expect(secret.stringData["auth-private-key"]).toContain("fhir-server-auth-key");
        expect(secret.stringData["auth-secret"]).toBe("generated-fhir-server-auth-secret");
        // Generated values reach the pods only through the Secret, never as plain env values.
        for (const e of container(r).env) expect(String(e.value ?? "")).not.toMatch(/generated-|PRIVATE KEY|license-jwt/);
        // One pod template for all replicas: the references above are what every replica gets.
        expect(deployment(r).spec.replicas).toBeGreaterThanOrEqual(2);
    });

    it("generates the keys once with random and tls, the private key as 2048-bit RSA", async () => {
        const r = await renderServer(serverArgs({ engine: "aidbox" }));
        const server = r.get("fhir-ha:fhir:FhirServer", "fhir-server");
        const key = r.ofType("tls:index/privateKey:PrivateKey");
        expect(key).toHaveLength(1);
        expect(r.inputs("tls:index/privateKey:PrivateKey", "fhir-server-auth-key")).toMatchObject({ algorithm: "RSA", rsaBits: 2048 });
        const passwords = r.ofType("random:index/randomPassword:RandomPassword");
        expect(passwords.map((p) => p.name).sort()).toEqual(["fhir-server-admin-password", "fhir-server-auth-secret", "fhir-server-root-client-secret"]);
        for (const p of [...passwords, ...key]) expect(p.parent).toBe(server.urn);
        expect(r.inputs("random:index/randomPassword:RandomPassword", "fhir-server-auth-secret").length).toBeGreaterThanOrEqual(43);
    });

    it("leaves the license out of the Secret and the pods when none is configured", async () => {
        const r = await renderServer(serverArgs({ engine: "aidbox" }));
        expect(Object.keys(r.inputs(SECRET, "fhir-server-aidbox-secret").stringData)).not.toContain("license");
        expect(env(r).has("BOX_LICENSE")).toBe(false);
    });
});

describe("FhirServer (hapi)", () => {
    it("creates no Aidbox secrets", async () => {
        const r = await renderServer(serverArgs({ engine: "hapi" }));
        expect(r.ofType(SECRET)).toHaveLength(0);
        expect(r.ofType("random:index/randomPassword:RandomPassword")).toHaveLength(0);
    });
});

describe("FhirServer rollout deadlines as registered", () => {
    it("registers the Deployment with Pulumi timeouts that outlast a serial rollout of 30-minute starts", async () => {
        await render(() => undefined);
        const monitor = (pulumi.runtime as any).getMonitor();
        const register = monitor.registerResource.bind(monitor);
        const timeouts = new Map<string, { create: string; update: string }>();
        monitor.registerResource = (req: any, callback: any) => {
            const t = req.getCustomtimeouts();
            if (t) timeouts.set(req.getName(), { create: t.getCreate(), update: t.getUpdate() });
            return register(req, callback);
        };
        try {
            await renderServer(serverArgs({ engine: "hapi", replicas: 4, startupTimeout: "30min" }));
        } finally {
            monitor.registerResource = register;
        }
        // One pod's start (30 min + 5 min margin) to create; four of them in a row to update.
        expect(timeouts.get("fhir-server-deployment")).toEqual({ create: "2100s", update: "8400s" });
    });
});

describe("FhirServer endpoint and names", () => {
    it("names every child after the component and parents it there", async () => {
        const r = await renderServer(serverArgs({ engine: "aidbox" }));
        const server = r.get("fhir-ha:fhir:FhirServer", "fhir-server");
        for (const child of r.resources.filter((x) => x !== server)) {
            expect(child.name.startsWith("fhir-server-")).toBe(true);
            expect(child.parent).toBe(server.urn);
        }
    });

    it("resolves the endpoint to the in-cluster FHIR base URL", async () => {
        let endpoint: string | undefined;
        await render(() => new FhirServer("fhir-server", serverArgs({ engine: "hapi" })).endpoint.apply((e) => (endpoint = e)));
        expect(endpoint).toBe("http://fhir-server.fhir.svc.cluster.local/fhir");
    });
});

describe("FhirServer input checks", () => {
    it("refuses an unknown engine passed directly, naming fhir-ha:fhir.engine, before registering anything", async () => {
        const args = serverArgs({ engine: "hapi" });
        let error: unknown;
        const r = await render(() => {
            try {
                new FhirServer("fhir-server", { ...args, fhir: { ...args.fhir, engine: "firely" } });
            } catch (e) {
                error = e;
            }
        });
        expect(String((error as Error).message)).toMatch(/fhir-ha:fhir\.engine: "firely" .*allowed: aidbox, hapi/);
        expect(r.resources).toHaveLength(0);
    });

    it("does not change the arguments it is given", async () => {
        const args = serverArgs({ engine: "aidbox" });
        const before = JSON.stringify(args);
        await renderServer(args);
        expect(JSON.stringify(args)).toBe(before);
    });
});
