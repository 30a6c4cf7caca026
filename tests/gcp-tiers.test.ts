/**
 * The GCP target and the database tier rendered together: the IAM trust, the ObjectStores and
 * the Clusters' storage must name each other exactly.
 */
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { validateConfig } from "../src/validation";
import { FhirPlatform } from "../src/platform/fhir-platform";
import { render, Rendered } from "./support/render";

const PROJECT = "acme-fhir-prod";
const REGION = "europe-west4";
const RUNTIME = { stack: "gcp-prod", config: { "gcp:project": PROJECT, "gcp:region": REGION } };

const valueOf = <T>(o: pulumi.Input<T>): Promise<T> => new Promise((resolve) => pulumi.output(o).apply((v) => resolve(v as T)));

async function renderPlatform(raw: Record<string, unknown>): Promise<Rendered> {
    const config = validateConfig({ cloud: "gcp", ...raw }, { region: REGION });
    return render(async () => {
        const platform = new FhirPlatform("fhir", { config });
        await valueOf(platform.databaseCluster);
    }, RUNTIME);
}

const cnpg = (r: Rendered, kind: string, group: string) => r.kind(kind).filter((o) => String(o.apiVersion).startsWith(`${group}/`));

describe("GCP target with the database tier", () => {
    const stacks: [string, Record<string, unknown>][] = [
        ["default", {}],
        ["without the delayed replica", { database: { delayedReplica: { enabled: false } } }],
        ["with a point-in-time restore", { database: { restore: { enabled: true } } }],
    ];

    for (const [label, raw] of stacks) {
        it(`trusts exactly the service accounts of the rendered CNPG Clusters (${label})`, async () => {
            const r = await renderPlatform(raw);
            const clusters = cnpg(r, "Cluster", "postgresql.cnpg.io");
            expect(clusters.length).toBeGreaterThan(0);
            const subjects = clusters.map((c) => `serviceAccount:${PROJECT}.svc.id.goog[${c.metadata.namespace}/${c.metadata.name}]`);
            const members = r.ofType("gcp:serviceaccount/iAMMember:IAMMember").map((b) => r.inputs(b.type, b.name).member);
            expect([...members].sort()).toEqual([...subjects].sort());

            const backupSa = r.inputs("gcp:serviceaccount/account:Account", "fhir-gcp-backup-sa");
            const email = `${backupSa.accountId}@${PROJECT}.iam.gserviceaccount.com`;
            for (const c of clusters) {
                expect(c.spec.serviceAccountTemplate.metadata.annotations["iam.gke.io/gcp-service-account"]).toBe(email);
            }
        });
    }

    it("points every ObjectStore under the GCS bucket, through Workload Identity", async () => {
        const r = await renderPlatform({});
        const bucket = r.inputs("gcp:storage/bucket:Bucket", "fhir-gcp-backups").name;
        const stores = cnpg(r, "ObjectStore", "barmancloud.cnpg.io");
        expect(stores.length).toBeGreaterThan(0);
        for (const s of stores) {
            expect(s.spec.configuration.destinationPath.startsWith(`gs://${bucket}/`)).toBe(true);
            expect(s.spec.configuration.googleCredentials).toEqual({ gkeEnvironment: true });
            expect(s.spec.configuration.s3Credentials).toBeUndefined();
        }
    });

    it("puts Postgres data and WAL on the StorageClass the GCP target created", async () => {
        const r = await renderPlatform({ gcp: { diskType: "pd-ssd" } });
        const [storageClass] = r.kind("StorageClass");
        expect(storageClass.parameters.type).toBe("pd-ssd");
        const clusters = cnpg(r, "Cluster", "postgresql.cnpg.io");
        // The primary and the delayed replica, each with a data and a separate WAL volume.
        expect(clusters).toHaveLength(2);
        for (const c of clusters) {
            expect(c.spec.storage.storageClass).toBe(storageClass.metadata.name);
            expect(c.spec.walStorage.storageClass).toBe(storageClass.metadata.name);
        }
    });
});
