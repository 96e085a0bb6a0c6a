using System.Text.Json;
using System.Text.Json.Serialization;
using FluentValidation;

namespace Monitoring.Api.Security;

/// <summary>
/// Text that can hide or disguise what a chart says is refused at the door: control characters other
/// than a line break (which free-text notes may hold), and the bidirectional overrides and isolates that
/// make a stored note read differently on screen ("Trojan Source").
/// </summary>
public static class SafeText
{
    public const string Refusal = "Remove control or text-direction characters; only a line break is allowed, and only in notes.";

    public static bool HasUnsafeCharacter(string value, bool allowLineBreak)
    {
        foreach (var c in value)
        {
            if (c == '\n' && allowLineBreak)
            {
                continue;
            }
            if (char.IsControl(c) || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' or '\u200E' or '\u200F' or '\u061C')
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Names, codes and identifiers: one line, no control characters at all.</summary>
    public static IRuleBuilderOptions<T, string?> SingleLine<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(value => value is null || !HasUnsafeCharacter(value, allowLineBreak: false)).WithMessage(Refusal);
}

/// <summary>A JSON string with a character that <see cref="SafeText"/> refuses anywhere.</summary>
public sealed class UnsafeTextException() : JsonException(SafeText.Refusal);

/// <summary>Reads every JSON string of a request and refuses unsafe characters, whichever field holds them.</summary>
public sealed class SafeTextConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var value = reader.GetString();
        return value is not null && SafeText.HasUnsafeCharacter(value, allowLineBreak: true) ? throw new UnsafeTextException() : value;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
