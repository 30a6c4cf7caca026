import { describe, expect, it } from "vitest";
import { validateConfig } from "../src/config/validate";
import { FhirPlatform } from "../src/platform/fhir-platform";
import { render } from "./support/render";

const localConfig = () =>
    validateConfig(
        { cloud: "kubernetes", kubernetes: { s3Endpoint: "http://minio:9000", s3Bucket: "fhir-backups" } },
        { secretsSet: ["s3AccessKeyId", "s3SecretAccessKey"] },
    );

describe("FhirPlatform on the kubernetes target", () => {
    it("nests the target, namespace and both tiers under the platform", async () => {
        const r = await render(() => new FhirPlatform("fhir", { config: localConfig() }));
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
        const r = await render(() => new FhirPlatform("fhir", { config: localConfig() }));
        const ns = r.inputs("kubernetes:core/v1:Namespace", "fhir-namespace");
        expect(ns.metadata.name).toBe("fhir");
        expect(ns.metadata.labels["pod-security.kubernetes.io/enforce"]).toBe("restricted");
    });
});
