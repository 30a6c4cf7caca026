/**
 * Renders with stand-ins for what the random and tls providers compute at create time, so
 * generated Secrets (Aidbox's keys and passwords) have known contents in a render; without them
 * their stringData is unknown, as in a real preview. Used by the FHIR tier's tests.
 */
import { ALL_CLOUD_MOCKS } from "../../src/plan/mocks";
import { CloudMocks } from "../../src/plan/mocks/types";
import { render, Rendered } from "./render";

export const GENERATED_VALUES: CloudMocks = {
    calls: {},
    outputs: {
        "random:index/randomPassword:RandomPassword": (name) => ({ result: `generated-${name}` }),
        "tls:index/privateKey:PrivateKey": (name) => ({
            privateKeyPem: `-----BEGIN RSA PRIVATE KEY-----\n${name}\n-----END RSA PRIVATE KEY-----\n`,
            publicKeyPem: `-----BEGIN PUBLIC KEY-----\n${name}\n-----END PUBLIC KEY-----\n`,
        }),
    },
};

// One options object, so consecutive renders keep the installed mock runtime (tests/support/render.ts).
const RUNTIME = { mocks: [...ALL_CLOUD_MOCKS, GENERATED_VALUES] };

/** `render` under every cloud's mocks plus the generated values above. */
export function renderWithGeneratedValues(build: () => unknown): Promise<Rendered> {
    return render(build, RUNTIME);
}
