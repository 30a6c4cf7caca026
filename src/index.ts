/**
 * fhir-ha: a highly available FHIR server (Aidbox or HAPI FHIR) on CloudNativePG, on AWS, GCP,
 * Azure or a Kubernetes cluster you bring.
 *
 * The package root loads no cloud SDK: `FhirPlatform` loads the chosen cloud when it runs, and
 * each cloud has its own entry point (`fhir-ha/aws`, `fhir-ha/gcp`, `fhir-ha/azure`,
 * `fhir-ha/kubernetes`) for programs that assemble the pieces themselves.
 */
// The only component exported here is FhirPlatform: `pulumi package add` offers every component
// the root exports to other languages, and FhirPlatform's args are plain data. The tiers take a
// ClusterTarget (a provider and resources) and stay TypeScript building blocks:
// `fhir-ha/database`, `fhir-ha/fhir-server`, `fhir-ha/aws`, ... .
export { FhirPlatform, FhirPlatformArgs } from "./platform/fhir-platform";
export { validateConfig, checkConfig, ConfigEnvironment } from "./validation";
export { loadStackConfig, StackConfig } from "./validation/load";
export { ConfigValidationError } from "./config/errors";
export { backupPolicy, BackupPolicy } from "./config/backup-policy";
export * from "./config/types";
export * from "./config/settings";
export { databaseNames, DatabaseNames, ServiceAccountRef } from "./names";
export { BackupStore, ClusterTarget, ConfigSecrets } from "./cloud/types";
export { CloudClusterArgs } from "./clouds/types";
export { loadCloud, CloudModule } from "./clouds";
