/**
 * The plan's mock layer for every cloud. Mocks are plain data and functions (no provider SDK is
 * imported here), so merging all of them costs nothing at run time.
 */
import { awsMocks } from "./aws";
import { azureMocks } from "./azure";
import { gcpMocks } from "./gcp";
import { generatedSecretMocks } from "./generated";
import { kubernetesMocks } from "./kubernetes";
import { CloudMocks } from "./types";

export const ALL_CLOUD_MOCKS: CloudMocks[] = [kubernetesMocks, generatedSecretMocks, gcpMocks, awsMocks, azureMocks];
