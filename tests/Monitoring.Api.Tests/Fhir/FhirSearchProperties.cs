using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using Microsoft.AspNetCore.WebUtilities;
using Monitoring.Api.Fhir;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Fhir;

/// <summary>Search strings from outside: valid ones, mutated ones and noise give a result or a clear 400, never a 500 or a hang.</summary>
public static class FhirSearchStrings
{
    private static readonly string[] Valid =
    [
        "patient=Patient/{p}&category=vital-signs&_count=2",
        "patient={p}&code=http://loinc.org|8867-4&date=ge2026-01-01&date=lt2099-01-01T00:00:00Z",
        "encounter=Encounter/{p}&category=http://terminology.hl7.org/CodeSystem/observation-category|survey",
        "code=8867-4,9279-1&date=eq2026-03&_count=1000",
        "date=gt2026-03-04T05:06:07.123+01:00&date=le2030",
        "code=cows&_cursor=AQAI30_0WeyiQYA4ogE35hZ-h82a3PO5kIEC",
        "code=a\\,b|c\\|d&_format=json",
        "_id={p}-rr,{p}",
    ];

    private static readonly string Alphabet = "abcdefghijklmnopqrstuvwxyzAZ0123456789-_.:|,\\$&=%+/ T?#é€\u0000\uFFFD";

    /// <summary>A valid query with 0–6 characters inserted, deleted or replaced, or noise from the alphabet.</summary>
    public static Gen<string> Queries(string patient) =>
        Gen.Frequency(
            (3, Gen.Select(Gen.OneOf(Valid), Gen.Select(Gen.Int[0, 2], Gen.Int[0, 200], Gen.Int[0, Alphabet.Length - 1]).Array[0, 6],
                (query, edits) => Mutate(query.Replace("{p}", patient, StringComparison.Ordinal), edits))),
            (1, Gen.Char[Alphabet].Array[0, 60].Select(chars => new string(chars))));

    private static string Mutate(string query, (int Kind, int At, int Char)[] edits)
    {
        var text = new StringBuilder(query);
        foreach (var (kind, at, c) in edits)
        {
            var position = text.Length == 0 ? 0 : at % text.Length;
            switch (kind)
            {
                case 0: text.Insert(position, Alphabet[c]); break;
                case 1 when text.Length > 0: text.Remove(position, 1); break;
                case 2 when text.Length > 0: text[position] = Alphabet[c]; break;
            }
        }
        return text.ToString();
    }
}

public sealed class FhirSearchParsingProperties
{
    [Test]
    public void Parsing_any_query_succeeds_or_fails_with_a_search_exception()
    {
        string[] supported = ["_id", "patient", "encounter", "category", "code", "date"];
        FhirSearchStrings.Queries(Guid.NewGuid().ToString()).Sample(query =>
        {
            try
            {
                var search = FhirSearch.Parse(QueryHelpers.ParseQuery(query), supported, "Observation");
                var filter = FhirFilter.From(search);
                Assert.That(search.PageSize, Is.InRange(1, FhirSearch.MaximumCount));
                if (filter.Date is { From: { } from, Before: { } before })
                {
                    Assert.That(from, Is.LessThanOrEqualTo(before).Or.GreaterThan(before), "Bounds are comparable instants.");
                }
            }
            catch (FhirSearchException exception)
            {
                Assert.That(exception.Message, Is.Not.Empty);
            }
        }, iter: 20_000);
    }

    [Test]
    public void A_date_bound_holds_exactly_the_instants_of_its_range()
    {
        Gen.Select(Gen.Long[new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks, new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks].Select(ticks => new DateTimeOffset(ticks, TimeSpan.Zero)), Gen.Int[0, 86_400])
            .Sample((at, seconds) =>
            {
                var second = new DateTimeOffset(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
                var text = second.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
                var probe = second.AddSeconds(seconds - 43_200);
                Assert.Multiple(() =>
                {
                    Assert.That(FhirDateBound.Parse("date", text).Contains(probe), Is.EqualTo(probe == second));
                    Assert.That(FhirDateBound.Parse("date", "ge" + text).Contains(probe), Is.EqualTo(probe >= second));
                    Assert.That(FhirDateBound.Parse("date", "gt" + text).Contains(probe), Is.EqualTo(probe > second));
                    Assert.That(FhirDateBound.Parse("date", "le" + text).Contains(probe), Is.EqualTo(probe <= second));
                    Assert.That(FhirDateBound.Parse("date", "lt" + text).Contains(probe), Is.EqualTo(probe < second));
                });
            }, iter: 5_000);
    }

    [Test]
    public void A_cursor_reads_back_what_it_wrote_and_rejects_any_change()
    {
        Gen.Select(Gen.Int[0, 255], Gen.DateTimeOffset, Gen.Guid, Gen.Int[0, 255], Gen.Int[0, 40], Gen.Char['A', 'z'])
            .Sample((section, at, id, member, position, replacement) =>
            {
                var cursor = new FhirCursor(section, at.ToUniversalTime(), id, member);
                Assert.That(FhirCursor.TryParse(cursor.ToString(), out var read) && read == cursor, Is.True);
                var text = cursor.ToString();
                var changed = text[..(position % text.Length)] + replacement + text[((position % text.Length) + 1)..];
                // A changed character either fails to parse or names another position: never throws.
                _ = FhirCursor.TryParse(changed, out _);
            }, iter: 5_000);
    }
}

public sealed class FhirSearchHttpProperties(Store store) : ApiTest(store)
{
    [Test]
    public async Task Any_search_string_over_http_is_a_result_or_a_400_outcome()
    {
        var ward = await NewWardAsync(1);
        using var nurse = await SignInAsync("nurse", ward.Code);
        nurse.Timeout = TimeSpan.FromSeconds(30);
        var admission = await AdmitAsync(nurse, ward, admittedAgo: TimeSpan.FromHours(2));
        await ServiceProcess.PostOkAsync(nurse, $"/api/admissions/{admission}/vitals", NormalVitals(DateTimeOffset.UtcNow.AddHours(-1)));
        await FhirSearchStrings.Queries(admission.ToString()).SampleAsync(async query =>
        {
            foreach (var type in new[] { "Observation", "Patient", "Encounter" })
            {
                using var response = await nurse.GetAsync(new Uri($"/fhir/{type}?{query}", UriKind.Relative));
                var text = await response.Content.ReadAsStringAsync();
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK).Or.EqualTo(HttpStatusCode.BadRequest), $"{type}?{query}: {text}");
                var body = JsonNode.Parse(text)!;
                Assert.That((string?)body["resourceType"], Is.EqualTo(response.StatusCode == HttpStatusCode.OK ? "Bundle" : "OperationOutcome"), text);
            }
        }, iter: 300, threads: 1);
    }
}
