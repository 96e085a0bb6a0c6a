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
            // U+2028/U+2029 break lines where only \n may.
            if (char.IsControl(c) || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' or '\u200E' or '\u200F' or '\u061C' or '\u2028' or '\u2029')
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Names, codes and identifiers: one line, no control characters at all, nothing invisible.</summary>
    public static IRuleBuilderOptions<T, string?> SingleLine<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(value => value is null || (!HasUnsafeCharacter(value, allowLineBreak: false) && !HasInvisibleCharacter(value))).WithMessage(Refusal);

    // Zero-width spaces and joiners, word joiner, byte-order mark, soft hyphen: two names that look alike
    // on the board would be different patients or users.
    private static bool HasInvisibleCharacter(string value) =>
        value.Any(c => c is >= '\u200B' and <= '\u200D' or '\u2060' or '\uFEFF' or '\u00AD');
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
