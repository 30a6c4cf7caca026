"""HAPI FHIR on AWS with fhir-ha. The SDK comes from `pulumi package add` of the repository."""
import pulumi
import pulumi_fhir_ha as fhir_ha

config = pulumi.Config()

platform = fhir_ha.FhirPlatform(
    "fhir",
    config=fhir_ha.FhirPlatformSettingsArgs(
        cloud="aws",
        fhir=fhir_ha.FhirSettingsArgs(engine="hapi"),
        cluster=fhir_ha.ClusterSettingsArgs(
            api_access=fhir_ha.ApiAccessSettingsArgs(allowed_cidrs=config.require_object("allowedCidrs")),
        ),
    ),
)

pulumi.export("fhirEndpoint", platform.fhir_endpoint)
pulumi.export("kubeconfig", platform.kubeconfig)
