using System.Text.Json.Nodes;

namespace AgentSetFn.Tests.Support;

/// <summary>
/// The External Secrets Operator's ExternalSecret, version external-secrets.io/v1, as its CRD
/// defines it (external-secrets/external-secrets, config/crds/bases/external-secrets.io_externalsecrets.yaml,
/// the `v1` entry of spec.versions): the fields of spec, spec.secretStoreRef, spec.target,
/// spec.data[] and spec.data[].remoteRef with their required fields, enums, patterns and
/// lengths, as JSON Schema. The CRD lets the API server prune unknown fields silently; this
/// copy closes every object (additionalProperties: false), so a misspelt field is a failure
/// here instead of a Secret that never appears. Objects the function never writes (template,
/// dataFrom, sourceRef) are kept open.
/// </summary>
internal static class ExternalSecretCrd
{
    private const string DnsSubdomain = @"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

    public static readonly JsonObject Schema = JsonNode.Parse($$$"""
        {
          "type": "object",
          "required": ["apiVersion", "kind", "metadata", "spec"],
          "additionalProperties": false,
          "properties": {
            "apiVersion": {"type": "string", "enum": ["external-secrets.io/v1"]},
            "kind": {"type": "string", "enum": ["ExternalSecret"]},
            "metadata": {"type": "object", "x-kubernetes-preserve-unknown-fields": true},
            "spec": {
              "type": "object",
              "additionalProperties": false,
              "properties": {
                "data": {
                  "type": "array",
                  "items": {
                    "type": "object",
                    "required": ["remoteRef", "secretKey"],
                    "additionalProperties": false,
                    "properties": {
                      "remoteRef": {
                        "type": "object",
                        "required": ["key"],
                        "additionalProperties": false,
                        "properties": {
                          "conversionStrategy": {"type": "string", "enum": ["Default", "Unicode"]},
                          "decodingStrategy": {"type": "string", "enum": ["Auto", "Base64", "Base64URL", "None"]},
                          "key": {"type": "string"},
                          "metadataPolicy": {"type": "string", "enum": ["None", "Fetch"]},
                          "property": {"type": "string"},
                          "version": {"type": "string"}
                        }
                      },
                      "secretKey": {"type": "string", "maxLength": 253, "pattern": "^[-._a-zA-Z0-9]+$"},
                      "sourceRef": {"type": "object", "x-kubernetes-preserve-unknown-fields": true}
                    }
                  }
                },
                "dataFrom": {"type": "array", "items": {"type": "object", "x-kubernetes-preserve-unknown-fields": true}},
                "refreshInterval": {"type": "string", "pattern": "^(0|([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h))+)$"},
                "refreshPolicy": {"type": "string", "enum": ["CreatedOnce", "Periodic", "OnChange"]},
                "secretStoreRef": {
                  "type": "object",
                  "additionalProperties": false,
                  "properties": {
                    "kind": {"type": "string", "enum": ["SecretStore", "ClusterSecretStore"]},
                    "name": {"type": "string", "maxLength": 253, "pattern": "{{{DnsSubdomain}}}"}
                  }
                },
                "target": {
                  "type": "object",
                  "additionalProperties": false,
                  "properties": {
                    "creationPolicy": {"type": "string", "enum": ["Owner", "Orphan", "Merge", "None"]},
                    "deletionPolicy": {"type": "string", "enum": ["Delete", "Merge", "Retain"]},
                    "immutable": {"type": "boolean"},
                    "name": {"type": "string", "maxLength": 253, "pattern": "{{{DnsSubdomain}}}"},
                    "template": {"type": "object", "x-kubernetes-preserve-unknown-fields": true}
                  }
                }
              }
            }
          }
        }
        """)!.AsObject();

    /// <summary>Every violation of the CRD's fields, as "path: problem".</summary>
    public static List<string> Validate(JsonNode json) => new JsonSchemaValidator(Schema).Validate(json);
}
