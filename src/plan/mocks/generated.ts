/**
 * Mock layer for generated secrets (@pulumi/random, @pulumi/tls). Their values exist only after
 * a deploy, so the plan shows markers; they are secret outputs, so wherever they flow into an
 * input (the Aidbox Secret) the plan prints "[secret]".
 */
import { afterDeploy, CloudMocks } from "./types";

const PASSWORD = "random:index/randomPassword:RandomPassword";
const PRIVATE_KEY = "tls:index/privateKey:PrivateKey";

export const generatedSecretMocks: CloudMocks = {
    calls: {},
    outputs: {
        [PASSWORD]: (name) => ({ result: afterDeploy(PASSWORD, name, "result") }),
        [PRIVATE_KEY]: (name) => ({
            privateKeyPem: afterDeploy(PRIVATE_KEY, name, "privateKeyPem"),
            publicKeyPem: afterDeploy(PRIVATE_KEY, name, "publicKeyPem"),
        }),
    },
};
