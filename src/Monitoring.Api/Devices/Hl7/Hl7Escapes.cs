using System.Text;

namespace Monitoring.Api.Devices.Hl7;

/// <summary>
/// Decodes the escapes a value may carry: \F\ \S\ \T\ \R\ \E\ become the separators they stand for;
/// highlighting (\H\ \N\) is dropped; any other or unterminated sequence is kept as sent.
/// </summary>
public static class Hl7Escapes
{
    public static string Decode(string text, Hl7Delimiters delimiters)
    {
        var escape = delimiters.Escape;
        if (text.IndexOf(escape) < 0)
        {
            return text;
        }
        var decoded = new StringBuilder(text.Length);
        var index = 0;
        while (index < text.Length)
        {
            var close = text[index] == escape ? text.IndexOf(escape, index + 1) : -1;
            if (close < 0)
            {
                decoded.Append(text[index++]);
                continue;
            }
            var sequence = text.AsSpan(index + 1, close - index - 1);
            switch (sequence)
            {
                case "F": decoded.Append(delimiters.Field); break;
                case "S": decoded.Append(delimiters.Component); break;
                case "T": decoded.Append(delimiters.Subcomponent); break;
                case "R": decoded.Append(delimiters.Repetition); break;
                case "E": decoded.Append(delimiters.Escape); break;
                case "H" or "N": break;
                default: decoded.Append(text, index, close - index + 1); break;
            }
            index = close + 1;
        }
        return decoded.ToString();
    }

    /// <summary>The reverse, for the text this service writes into an acknowledgement.</summary>
    public static string Encode(string text, Hl7Delimiters delimiters)
    {
        var encoded = new StringBuilder(text.Length);
        foreach (var character in text)
        {
            encoded.Append(character switch
            {
                _ when character == delimiters.Escape => $"{delimiters.Escape}E{delimiters.Escape}",
                _ when character == delimiters.Field => $"{delimiters.Escape}F{delimiters.Escape}",
                _ when character == delimiters.Component => $"{delimiters.Escape}S{delimiters.Escape}",
                _ when character == delimiters.Subcomponent => $"{delimiters.Escape}T{delimiters.Escape}",
                _ when character == delimiters.Repetition => $"{delimiters.Escape}R{delimiters.Escape}",
                '\r' or '\n' => " ",
                _ => character.ToString(),
            });
        }
        return encoded.ToString();
    }
}
