/**
 * Offline testing for programs that use fhir-ha: Pulumi's mock runtime with answers for the
 * provider invokes fhir-ha makes on every cloud, and a recorder of every registered resource.
 *
 *     const recorder = await installMockRuntime({ config: { "aws:region": "eu-central-1" } });
 *     new FhirPlatform("fhir", { config: { cloud: "aws" } });
 *     await settle(recorder);
 *     recorder.byType("aws:eks/cluster:Cluster");
 */
export { installMockRuntime, settle, inputsOf, normalize, Recorder, PlannedResource, MockRuntimeOptions, SECRET_MARK, UNKNOWN_MARK } from "./plan/mock-runtime";
export { ALL_CLOUD_MOCKS } from "./plan/mocks";
export { CloudMocks, afterDeploy } from "./plan/mocks/types";
