using System.Text.Json;

namespace EdgeLstm.Messaging.Tests.Infrastructure;

/// <summary>
/// A JSON Schema (draft 2020-12) validator for exactly the keywords schemas/*.schema.json use. The
/// package mirror has no complete validator (JsonSchema.Net's dependencies are missing), so this
/// one refuses any keyword it does not implement: the schema cannot silently outgrow the check.
/// </summary>
public sealed class MiniJsonSchemaValidator
{
    private static readonly HashSet<string> Annotations = ["$schema", "$id", "title", "description", "$comment", "$defs"];

    private static readonly HashSet<string> Assertions =
    [
        "type", "required", "properties", "additionalProperties", "const", "enum", "$ref",
        "minimum", "maximum", "exclusiveMinimum", "items", "prefixItems", "minItems", "maxItems", "anyOf",
    ];

    private readonly JsonElement _root;

    public MiniJsonSchemaValidator(JsonElement schema)
    {
        _root = schema;
        CheckKeywords(schema, "#");
    }

    public static MiniJsonSchemaValidator FromFile(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return new MiniJsonSchemaValidator(document.RootElement.Clone());
    }

    /// <summary>Every violation as "path: message"; empty when the instance is valid.</summary>
    public IReadOnlyList<string> Validate(string json)
    {
        using var document = JsonDocument.Parse(json);
        var errors = new List<string>();
        Validate(_root, document.RootElement, "$", errors);
        return errors;
    }

    private static void CheckKeywords(JsonElement schema, string where)
    {
        if (schema.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return;
        }

        foreach (var keyword in schema.EnumerateObject())
        {
            if (!Annotations.Contains(keyword.Name) && !Assertions.Contains(keyword.Name))
            {
                throw new NotSupportedException($"{where}: keyword '{keyword.Name}' is not implemented by the test validator");
            }

            switch (keyword.Name)
            {
                case "properties" or "$defs":
                    foreach (var child in keyword.Value.EnumerateObject())
                    {
                        CheckKeywords(child.Value, $"{where}/{keyword.Name}/{child.Name}");
                    }

                    break;
                case "items" or "additionalProperties":
                    CheckKeywords(keyword.Value, $"{where}/{keyword.Name}");
                    break;
                case "prefixItems" or "anyOf":
                    var i = 0;
                    foreach (var child in keyword.Value.EnumerateArray())
                    {
                        CheckKeywords(child, $"{where}/{keyword.Name}/{i++}");
                    }

                    break;
                default:
                    break;
            }
        }
    }

    private void Validate(JsonElement schema, JsonElement instance, string path, List<string> errors)
    {
        if (schema.ValueKind == JsonValueKind.True)
        {
            return;
        }

        if (schema.ValueKind == JsonValueKind.False)
        {
            errors.Add($"{path}: not allowed here");
            return;
        }

        if (schema.TryGetProperty("$ref", out var reference))
        {
            Validate(Resolve(reference.GetString()!), instance, path, errors);
        }

        if (schema.TryGetProperty("anyOf", out var branches) && !branches.EnumerateArray().Any(b => Errors(b, instance, path).Count == 0))
        {
            errors.Add($"{path}: {instance.GetRawText()} matches none of the {branches.GetArrayLength()} allowed forms");
        }

        if (schema.TryGetProperty("type", out var type) && !HasType(instance, type.GetString()!))
        {
            errors.Add($"{path}: expected {type.GetString()}, found {instance.ValueKind}");
            return;
        }

        if (schema.TryGetProperty("const", out var constant) && !JsonElement.DeepEquals(constant, instance))
        {
            errors.Add($"{path}: expected {constant.GetRawText()}, found {instance.GetRawText()}");
        }

        if (schema.TryGetProperty("enum", out var allowed) && !allowed.EnumerateArray().Any(a => JsonElement.DeepEquals(a, instance)))
        {
            errors.Add($"{path}: {instance.GetRawText()} is not one of {allowed.GetRawText()}");
        }

        if (instance.ValueKind == JsonValueKind.Number)
        {
            var value = instance.GetDouble();
            if (schema.TryGetProperty("minimum", out var minimum) && value < minimum.GetDouble())
            {
                errors.Add($"{path}: {value} is below the minimum {minimum.GetDouble()}");
            }

            if (schema.TryGetProperty("maximum", out var maximum) && value > maximum.GetDouble())
            {
                errors.Add($"{path}: {value} is above the maximum {maximum.GetDouble()}");
            }

            if (schema.TryGetProperty("exclusiveMinimum", out var exclusive) && value <= exclusive.GetDouble())
            {
                errors.Add($"{path}: {value} is not above {exclusive.GetDouble()}");
            }
        }

        if (instance.ValueKind == JsonValueKind.Object)
        {
            ValidateObject(schema, instance, path, errors);
        }

        if (instance.ValueKind == JsonValueKind.Array)
        {
            ValidateArray(schema, instance, path, errors);
        }
    }

    private List<string> Errors(JsonElement schema, JsonElement instance, string path)
    {
        var errors = new List<string>();
        Validate(schema, instance, path, errors);
        return errors;
    }

    private void ValidateObject(JsonElement schema, JsonElement instance, string path, List<string> errors)
    {
        if (schema.TryGetProperty("required", out var required))
        {
            foreach (var name in required.EnumerateArray())
            {
                if (!instance.TryGetProperty(name.GetString()!, out _))
                {
                    errors.Add($"{path}: required property '{name.GetString()}' is missing");
                }
            }
        }

        schema.TryGetProperty("properties", out var properties);
        var hasAdditional = schema.TryGetProperty("additionalProperties", out var additional);
        foreach (var property in instance.EnumerateObject())
        {
            if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(property.Name, out var propertySchema))
            {
                Validate(propertySchema, property.Value, $"{path}.{property.Name}", errors);
            }
            else if (hasAdditional)
            {
                Validate(additional, property.Value, $"{path}.{property.Name}", errors);
            }
        }
    }

    private void ValidateArray(JsonElement schema, JsonElement instance, string path, List<string> errors)
    {
        var length = instance.GetArrayLength();
        if (schema.TryGetProperty("minItems", out var minItems) && length < minItems.GetInt32())
        {
            errors.Add($"{path}: {length} items, at least {minItems.GetInt32()} required");
        }

        if (schema.TryGetProperty("maxItems", out var maxItems) && length > maxItems.GetInt32())
        {
            errors.Add($"{path}: {length} items, at most {maxItems.GetInt32()} allowed");
        }

        var prefixCount = 0;
        if (schema.TryGetProperty("prefixItems", out var prefixItems))
        {
            prefixCount = prefixItems.GetArrayLength();
            for (var i = 0; i < Math.Min(prefixCount, length); i++)
            {
                Validate(prefixItems[i], instance[i], $"{path}[{i}]", errors);
            }
        }

        if (schema.TryGetProperty("items", out var items))
        {
            for (var i = prefixCount; i < length; i++)
            {
                Validate(items, instance[i], $"{path}[{i}]", errors);
            }
        }
    }

    private JsonElement Resolve(string reference)
    {
        if (!reference.StartsWith("#/", StringComparison.Ordinal))
        {
            throw new NotSupportedException($"only local references are implemented, not '{reference}'");
        }

        var target = _root;
        foreach (var segment in reference[2..].Split('/'))
        {
            target = target.GetProperty(segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal));
        }

        return target;
    }

    private static bool HasType(JsonElement instance, string type) => type switch
    {
        "object" => instance.ValueKind == JsonValueKind.Object,
        "array" => instance.ValueKind == JsonValueKind.Array,
        "string" => instance.ValueKind == JsonValueKind.String,
        "number" => instance.ValueKind == JsonValueKind.Number,
        "integer" => instance.ValueKind == JsonValueKind.Number && instance.TryGetDouble(out var d) && Math.Floor(d) == d,
        "boolean" => instance.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => instance.ValueKind == JsonValueKind.Null,
        _ => throw new NotSupportedException($"type '{type}'"),
    };
}
