/**
 * Resources of the Barman Cloud plugin's sidecar in every Postgres pod (the ObjectStore's
 * `instanceSidecarConfiguration.resources`, plugin-barman-cloud v0.14.0 CRD). Requests = limits,
 * so the pod stays in the Guaranteed QoS class with the Postgres container (instance-settings.ts).
 * The sidecar compresses and uploads WAL segments and base backups: a CPU limit bounds how fast
 * a backlog drains, so it gets a whole core; memory covers the Python uploader's buffers.
 */
export const SIDECAR_RESOURCES = {
    requests: { cpu: "1", memory: "512Mi" },
    limits: { cpu: "1", memory: "512Mi" },
};
