using System.Text.Json;
using System.Text.Json.Serialization;
using Monitoring.Clinical;

namespace Monitoring.Api.Features.Doses;

/// <summary>An admission's substance as the old string ("opioid") or as <c>{substance, lastUseAt}</c>.</summary>
public sealed class SubstanceUseJson : JsonConverter<SubstanceUse>
{
    public override SubstanceUse? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return new SubstanceUse(reader.GetString()!);
        }
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("A substance is a name or {substance, lastUseAt}.");
        }
        string? substance = null;
        DateTimeOffset? lastUseAt = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "substance" when reader.TokenType == JsonTokenType.String:
                    substance = reader.GetString();
                    break;
                case "lastUseAt" when reader.TokenType == JsonTokenType.Null:
                    lastUseAt = null;
                    break;
                case "lastUseAt" when reader.TokenType == JsonTokenType.String:
                    lastUseAt = reader.GetDateTimeOffset();
                    break;
                default:
                    throw new JsonException($"A substance has substance and lastUseAt; {name} was given.");
            }
        }
        return new SubstanceUse(substance ?? "", lastUseAt);
    }

    public override void Write(Utf8JsonWriter writer, SubstanceUse value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("substance", value.Substance);
        if (value.LastUseAt is { } lastUseAt)
        {
            writer.WriteString("lastUseAt", lastUseAt);
        }
        else
        {
            writer.WriteNull("lastUseAt");
        }
        writer.WriteEndObject();
    }
}
