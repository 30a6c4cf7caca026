/**
 * The object-store emulators, each a child process on its own free port with its data in the
 * run's temp dir: s3rver for the S3 API (what AWS and the kubernetes target's MinIO speak) and
 * Azurite for Azure Blob. Both come from devDependencies, so a fresh checkout needs no network
 * beyond npm.
 */
import * as path from "path";
import { ObjectStoreTarget } from "./barman";
import { makeOwnedDir } from "./postgres";
import { waitForPort } from "./ports";
import { Supervisor } from "./processes";

/** s3rver's built-in credentials; it checks signatures against this pair. */
const S3RVER_KEY = "S3RVER";

/**
 * Azurite's development account, a published well-known value (not a secret): the emulator only
 * accepts this account unless configured otherwise.
 */
export const AZURITE_ACCOUNT = "devstoreaccount1";
const AZURITE_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

function packageDir(name: string): string {
    return path.dirname(require.resolve(`${name}/package.json`));
}

export interface EmulatorOptions {
    supervisor: Supervisor;
    root: string;
    port: number;
    bucket: string;
}

export async function startS3rver(o: EmulatorOptions & { region: string }): Promise<ObjectStoreTarget> {
    const dir = path.join(o.root, "s3rver");
    makeOwnedDir(dir);
    o.supervisor.start(
        "s3rver",
        process.execPath,
        [path.join(packageDir("s3rver"), "bin", "s3rver.js"), "-d", dir, "-a", "127.0.0.1", "-p", String(o.port), "--silent", "--configure-bucket", o.bucket],
        { logFile: path.join(o.root, "s3rver.log") },
    );
    await waitForPort(o.port, 30_000);
    const endpointUrl = `http://127.0.0.1:${o.port}`;
    return {
        kind: "s3",
        destinationPath: `s3://${o.bucket}`,
        endpointUrl,
        env: { AWS_ACCESS_KEY_ID: S3RVER_KEY, AWS_SECRET_ACCESS_KEY: S3RVER_KEY, AWS_DEFAULT_REGION: o.region },
    };
}

/** The connection string the Azure SDK (and so barman-cloud) authenticates with. */
export function azuriteConnectionString(port: number): string {
    return [
        "DefaultEndpointsProtocol=http",
        `AccountName=${AZURITE_ACCOUNT}`,
        `AccountKey=${AZURITE_KEY}`,
        `BlobEndpoint=http://127.0.0.1:${port}/${AZURITE_ACCOUNT}`,
    ].join(";") + ";";
}

export async function startAzurite(o: EmulatorOptions): Promise<ObjectStoreTarget> {
    const dir = path.join(o.root, "azurite");
    makeOwnedDir(dir);
    o.supervisor.start(
        "azurite",
        process.execPath,
        [
            path.join(packageDir("azurite"), "dist", "src", "blob", "main.js"),
            "--blobHost",
            "127.0.0.1",
            "--blobPort",
            String(o.port),
            "--location",
            dir,
            "--silent",
            // Azurite phones home unless told not to; drills run offline.
            "--disableTelemetry",
        ],
        { logFile: path.join(o.root, "azurite.log") },
    );
    await waitForPort(o.port, 30_000);
    return {
        kind: "azure",
        // Emulator URLs carry the account as the first path segment (the cloud's carry it in the host).
        destinationPath: `http://127.0.0.1:${o.port}/${AZURITE_ACCOUNT}/${o.bucket}`,
        env: { AZURE_STORAGE_CONNECTION_STRING: azuriteConnectionString(o.port) },
    };
}
