import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { ConfigValidationError } from "../src/config/errors";
import { normalize } from "../src/plan/mock-runtime";
import { FhirPlatform, FhirPlatformArgs } from "../src/platform/fhir-platform";
import { render } from "./support/render";

const local = (extra: Partial<FhirPlatformArgs["config"]> = {}): FhirPlatformArgs => ({
    config: { cloud: "kubernetes", kubernetes: { s3Endpoint: "http://minio:9000", s3Bucket: "fhir-backups" }, ...extra },
    secrets: { s3AccessKeyId: pulumi.secret("AKIAEXAMPLE"), s3SecretAccessKey: pulumi.secret("example-secret") },
});

describe("FhirPlatform on the kubernetes target", () => {
    it("nests the target, namespace and both tiers under the platform", async () => {
        const r = await render(() => new FhirPlatform("fhir", local()));
        const platform = r.get("fhir-ha:index:FhirPlatform", "fhir");
        for (const [type, name] of [
            ["fhir-ha:kubernetes:Cluster", "fhir-kubernetes"],
            ["fhir-ha:database:FhirDatabase", "fhir-database"],
            ["fhir-ha:fhir:FhirServer", "fhir-server"],
            ["kubernetes:core/v1:Namespace", "fhir-namespace"],
        ]) {
            expect(r.get(type, name).parent).toBe(platform.urn);
        }
    });

    it("creates the namespace with the restricted Pod Security profile enforced", async () => {
        const r = await render(() => new FhirPlatform("fhir", local()));
        const ns = r.inputs("kubernetes:core/v1:Namespace", "fhir-namespace");
        expect(ns.metadata.name).toBe("fhir");
        expect(ns.metadata.labels["pod-security.kubernetes.io/enforce"]).toBe("restricted");
    });

    it("points the FHIR pods at the CA Secret CNPG creates for the active cluster", async () => {
        const r = await render(() => new FhirPlatform("fhir", local()));
        const cluster = r.kind("Cluster").find((c) => !c.metadata.name.endsWith("-delayed"))!;
        const volumes = r.inputs("kubernetes:apps/v1:Deployment", "fhir-server-deployment").spec.template.spec.volumes;
        expect(volumes.map((v: any) => v.secret?.secretName).filter(Boolean)).toEqual([`${cluster.metadata.name}-ca`]);
    });

    it("refuses bad settings before registering anything, naming every key", async () => {
        let error: unknown;
        const r = await render(() => {
            try {
                new FhirPlatform("fhir", local({ zoneCount: 1, database: { synchronousReplicas: 5 } }));
            } catch (e) {
                error = e;
            }
        });
        expect(error).toBeInstanceOf(ConfigValidationError);
        expect((error as ConfigValidationError).problems).toEqual([
            "fhir-ha:zones = 1: must be from 2 to 6 zones (the checklist asks for 3)",
            "fhir-ha:database.synchronousReplicas = 5: must be less than fhir-ha:database.instances (3); a commit cannot wait for more standbys than exist",
        ]);
        expect(r.resources).toEqual([]);
    });

    it("needs the S3 keys as secrets for the kubernetes target", () => {
        expect(() => new FhirPlatform("fhir", { config: local().config })).toThrow(/fhir-ha:s3AccessKeyId: required for cloud kubernetes/);
    });

    it("keeps the S3 keys secret wherever they are registered", async () => {
        const r = await render(() => new FhirPlatform("fhir", local()));
        const everything = JSON.stringify(r.resources.map((res) => normalize(res.raw, "masked")));
        expect(everything).not.toContain("example-secret");
        expect(everything).not.toContain("AKIAEXAMPLE");
        // ...while they did reach the registrations, wrapped as secrets.
        expect(JSON.stringify(r.resources.map((res) => res.raw))).toContain("example-secret");
    });

    it("keeps secrets given as plain strings out of the state too: the platform's own inputs and every child", async () => {
        const plain = { s3AccessKeyId: "AKIAPLAINTEXT", s3SecretAccessKey: "plain-s3-secret", aidboxLicense: "plain-license-jwt" };
        const r = await render(() => new FhirPlatform("fhir", { config: local().config, secrets: plain }));
        const platform = r.get("fhir-ha:index:FhirPlatform", "fhir");
        const masked = JSON.stringify(r.resources.map((res) => normalize(res.raw, "masked")));
        for (const value of Object.values(plain)) {
            expect(masked).not.toContain(value);
            // It did reach the registrations (the license the Aidbox Secret, the keys the S3 Secret).
            expect(JSON.stringify(r.resources.map((res) => res.raw))).toContain(value);
        }
        expect(JSON.stringify(normalize(platform.raw, "masked"))).not.toContain("plain-license-jwt");
    });
});

describe("FhirPlatform: the FHIR tier's certificates wait for cert-manager to sign", () => {
    it("makes the ACME Issuer and the Certificate depend on the Job that proves cert-manager admits Certificates", async () => {
        const fhir = {
            expose: "gateway",
            baseUrl: "https://fhir.hospital.test",
            gateway: { className: "eg", sourceNamespaces: ["envoy-gateway-system"] },
            tls: { acmeEmail: "ops@hospital.test" },
        };
        const r = await render(() => new FhirPlatform("fhir", local({ fhir })));
        const check = r.ofType("kubernetes:batch/v1:Job").find((j) => j.name.endsWith("cert-manager-check"));
        expect(check).toBeDefined();
        const issuers = r.ofType("kubernetes:cert-manager.io/v1:Issuer");
        const certificates = r.ofType("kubernetes:cert-manager.io/v1:Certificate");
        expect(issuers.length).toBeGreaterThan(0);
        expect(certificates.length).toBeGreaterThan(0);
        for (const x of [...issuers, ...certificates]) expect(x.dependencies).toContain(check!.urn);
    });
});
