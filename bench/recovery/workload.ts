/**
 * The data the recovery bench backs up, writes and restores: FHIR-shaped rows (an Observation
 * resource as jsonb, the way both FHIR engines store resources), generated in the server so the
 * client costs nothing. Random hex in each resource keeps it about as compressible as real
 * resources (pgbench's blank-padded rows would flatter every compression).
 */

export const TABLE = "bench_observation";
/** The write load goes to its own table, emptied before each cycle, so every profile backs up the same data. */
export const LOAD_TABLE = "bench_observation_load";

export function createTable(table: string): string {
    return `CREATE TABLE IF NOT EXISTS ${table} (
    id uuid PRIMARY KEY,
    ts timestamptz NOT NULL DEFAULT clock_timestamp(),
    resource jsonb NOT NULL
)`;
}

/** One INSERT ... SELECT of `rows` generated Observations (one transaction). */
export function insertBatch(rows: number, table = TABLE): string {
    if (!Number.isInteger(rows) || rows < 1) throw new Error(`rows must be a whole number >= 1, got ${rows}`);
    return `INSERT INTO ${table} (id, resource)
SELECT u, jsonb_build_object(
    'resourceType', 'Observation', 'id', u, 'status', 'final',
    'category', jsonb_build_array(jsonb_build_object('coding', jsonb_build_array(jsonb_build_object(
        'system', 'http://terminology.hl7.org/CodeSystem/observation-category', 'code', 'vital-signs')))),
    'code', jsonb_build_object('coding', jsonb_build_array(jsonb_build_object(
        'system', 'http://loinc.org', 'code', (ARRAY['8867-4','8480-6','8462-4','29463-7','8310-5'])[1 + g % 5]))),
    'subject', jsonb_build_object('reference', 'Patient/' || md5((g % 50000)::text)),
    'effectiveDateTime', to_char(clock_timestamp() - make_interval(secs => g), 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
    'valueQuantity', jsonb_build_object('value', round((random() * 200)::numeric, 1), 'unit', '/min',
        'system', 'http://unitsofmeasure.org', 'code', '/min'),
    'meta', jsonb_build_object('versionId', '1', 'lastUpdated', clock_timestamp()),
    'note', jsonb_build_array(jsonb_build_object('text', md5(random()::text) || md5(random()::text))))
FROM (SELECT g, gen_random_uuid() AS u FROM generate_series(1, ${rows}) AS g) AS s`;
}

/** Rows per batch so that one batch is about `batchBytes` on disk, given the measured bytes per row. */
export function rowsFor(batchBytes: number, bytesPerRow: number): number {
    if (!(bytesPerRow > 0)) throw new Error(`bytes per row must be > 0, got ${bytesPerRow}`);
    return Math.max(1, Math.round(batchBytes / bytesPerRow));
}
