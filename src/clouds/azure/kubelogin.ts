/**
 * How the kubeconfig's `kubelogin get-token` signs in, so the Kubernetes provider authenticates
 * as the same identity as the azure-native provider, wherever `pulumi up` runs. Pure functions.
 *
 * Local accounts are off, so every Kubernetes call needs an Entra ID token from kubelogin
 * (https://azure.github.io/kubelogin/concepts/login-modes.html). Its modes and what each reads:
 * - `azurecli`: the Azure CLI's session (`az login`). Not for CI with `az login --federated-token`:
 *   the CLI keeps the GitHub assertion, which expires after 5-10 minutes, and fails to refresh
 *   with AADSTS700024 once it has (Azure/azure-cli#28708) — before an AKS cluster finishes creating.
 * - `spn`: a service principal; `--client-id` here, the secret from the environment
 *   (`AZURE_CLIENT_SECRET` or `AAD_SERVICE_PRINCIPAL_CLIENT_SECRET`), or a certificate from
 *   `AZURE_CLIENT_CERTIFICATE_PATH`: a secret is never written into the kubeconfig.
 * - `workloadidentity`: a federated token read from `AZURE_FEDERATED_TOKEN_FILE` on every call
 *   (with `AZURE_CLIENT_ID`, `AZURE_TENANT_ID`), so a CI job that keeps refreshing the file never
 *   holds an expired assertion.
 * - `msi`: the managed identity of the VM/runner; `--client-id` for a user-assigned one.
 * - `azd`: the Azure Developer CLI's session.
 *
 * `auto` follows the azure-native provider's own choice, from its config keys
 * (`azure-native:useOidc`, `useMsi`, `clientSecret`, `clientCertificatePath`, `clientId`,
 * `useDefaultAzureCredential`) or their `ARM_*` environment variables
 * (https://www.pulumi.com/registry/packages/azure-native/installation-configuration/).
 */

export const KUBELOGIN_MODES = ["azurecli", "spn", "workloadidentity", "msi", "azd"];

/** The azure-native provider's authentication settings, as read from config and environment. */
export interface ProviderAuth {
    useOidc: boolean;
    useMsi: boolean;
    useDefaultAzureCredential: boolean;
    clientId?: string;
    hasClientSecret: boolean;
    hasClientCertificate: boolean;
    /** AZURE_FEDERATED_TOKEN_FILE is set (workload identity pods, CI jobs that write the token). */
    hasFederatedTokenFile: boolean;
}

const truthy = (v: string | undefined) => v !== undefined && ["true", "1", "yes"].includes(v.trim().toLowerCase());
const present = (v: string | undefined) => v !== undefined && v.trim() !== "";

/**
 * Reads the provider's auth settings: `config` maps full keys (`azure-native:useOidc`) to values
 * (the stack's config), `env` is the process environment. Config wins over environment, as in
 * the provider.
 */
export function providerAuth(config: Record<string, string | undefined>, env: Record<string, string | undefined>): ProviderAuth {
    const pick = (key: string, envName: string) => config[`azure-native:${key}`] ?? env[envName];
    return {
        useOidc: truthy(pick("useOidc", "ARM_USE_OIDC")),
        useMsi: truthy(pick("useMsi", "ARM_USE_MSI")),
        useDefaultAzureCredential: truthy(pick("useDefaultAzureCredential", "ARM_USE_DEFAULT_AZURE_CREDENTIAL")),
        clientId: present(pick("clientId", "ARM_CLIENT_ID")) ? pick("clientId", "ARM_CLIENT_ID") : undefined,
        hasClientSecret: present(pick("clientSecret", "ARM_CLIENT_SECRET")),
        hasClientCertificate: present(pick("clientCertificatePath", "ARM_CLIENT_CERTIFICATE_PATH")),
        hasFederatedTokenFile: present(env.AZURE_FEDERATED_TOKEN_FILE),
    };
}

/** The kubelogin mode for `fhir-ha:azure.kubeloginMode` (`auto` or an explicit mode). */
export function kubeloginMode(configured: string, auth: ProviderAuth): string {
    if (configured !== "auto") {
        if (!KUBELOGIN_MODES.includes(configured)) {
            throw new Error(`fhir-ha:azure.kubeloginMode = ${JSON.stringify(configured)}: must be auto | ${KUBELOGIN_MODES.join(" | ")}`);
        }
        return configured;
    }
    // The provider's own precedence: OIDC, then managed identity, then a client secret or certificate.
    if (auth.useOidc) return "workloadidentity";
    if (auth.useMsi) return "msi";
    if (auth.hasClientSecret || auth.hasClientCertificate) return "spn";
    if (auth.useDefaultAzureCredential && auth.hasFederatedTokenFile) return "workloadidentity";
    return "azurecli";
}

/** What only the deployment knows: the identity's client and tenant ids. */
export interface LoginIdentity {
    /** Client id of the deploying service principal or managed identity. */
    clientId?: string;
    tenantId: string;
}

/** Flags the mode-specific part of the exec args owns; everything else (server id, environment) is kept. */
const MODE_FLAGS = ["--login", "-l", "--client-id", "--tenant-id", "-t", "--client-secret", "--federated-token-file", "--identity-resource-id"];

/**
 * The exec args for a mode: AKS's own args without any login flags, then the mode's. Values given
 * as `--flag=value` are removed as well as `--flag value`.
 */
export function kubeloginArgs(aksArgs: string[], mode: string, who: LoginIdentity): string[] {
    const kept: string[] = [];
    for (let i = 0; i < aksArgs.length; i++) {
        const a = aksArgs[i];
        const flag = a.split("=")[0];
        if (MODE_FLAGS.includes(flag)) {
            if (!a.includes("=")) i++; // skip the value too
            continue;
        }
        kept.push(a);
    }
    const tenant = ["--tenant-id", who.tenantId];
    switch (mode) {
        case "azurecli":
        case "azd":
            return [...kept, "--login", mode];
        case "spn":
        case "workloadidentity":
            if (!who.clientId) throw new Error(`kubelogin --login ${mode} needs the deploying identity's client id; azure-native reported none`);
            return [...kept, "--login", mode, "--client-id", who.clientId, ...tenant];
        case "msi":
            // A user-assigned identity is named by its client id; the system-assigned one needs none.
            return [...kept, "--login", "msi", ...(who.clientId ? ["--client-id", who.clientId] : [])];
        default:
            throw new Error(`kubelogin mode ${JSON.stringify(mode)}: must be ${KUBELOGIN_MODES.join(" | ")}`);
    }
}

/**
 * Microsoft's public client apps a person signs in through: the Azure CLI (whose session
 * kubelogin's azurecli mode reuses) and Azure PowerShell. Not verified here: which client id an
 * azd session reports; an unrecognised one is typed ServicePrincipal, and ARM then refuses the
 * assignment with a principal type mismatch rather than granting the wrong thing. A token a user got through them carries
 * the app's id as its `appid`, which is the client id azure-native's getClientConfig reports; a
 * service principal's token carries its own application id.
 */
export const USER_SIGN_IN_CLIENT_IDS = ["04b07795-8ddb-461a-bbee-02f9e1bf7b46", "1950a258-227b-4e31-a9cf-717495945fc2"];

/**
 * The Entra ID principal type of the deploying identity, for its role assignment. ARM checks it
 * against the principal (and azure-native defaults it to "User"), so it must be right: a service
 * principal in every non-interactive mode; for a CLI session, a user when the session's client is
 * one of Microsoft's sign-in apps, else the service principal that ran `az login --service-principal`.
 */
export function deployerPrincipalType(mode: string, clientId: string | undefined): string {
    if (["spn", "workloadidentity", "msi"].includes(mode)) return "ServicePrincipal";
    return clientId && !USER_SIGN_IN_CLIENT_IDS.includes(clientId.toLowerCase()) ? "ServicePrincipal" : "User";
}
