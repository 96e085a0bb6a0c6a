using System.Globalization;
using System.Text;
using CsvHelper;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Monitoring.Api.Features.Reports;

/// <summary>A report's rows as RFC 4180 CSV, headed by the same camelCase names as its JSON, for a spreadsheet.</summary>
public static class ReportCsv
{
    public const string MediaType = "text/csv";

    public static bool Wanted(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(accept => accept.MediaType.Equals(MediaType, StringComparison.OrdinalIgnoreCase));

    public static FileContentHttpResult File<T>(IEnumerable<T> rows, string fileName)
    {
        var properties = typeof(T).GetProperties();
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        // Shift names are typed by an administrator: a name a spreadsheet would run as a formula is escaped.
        using (var csv = CsvWriter.Create(text, new CsvWriterOptions { Injection = CsvInjection.Escape }, true))
        {
            csv.WriteHeader([.. properties.Select(p => char.ToLowerInvariant(p.Name[0]) + p.Name[1..])]);
            foreach (var row in rows)
            {
                csv.WriteRecord([.. properties.Select(p => Format(p.GetValue(row)))]);
            }
        }
        return TypedResults.File(Encoding.UTF8.GetBytes(text.ToString()), $"{MediaType}; charset=utf-8", fileName);
    }

    // Empty for no value (no alert to measure), invariant digits otherwise: the same figures as the JSON.
    private static string Format(object? value) => value switch
    {
        null => "",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
