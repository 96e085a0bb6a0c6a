namespace Monitoring.Api.Fhir;

public static class FhirPages
{
    /// <summary>A page from up to one match more than <paramref name="count"/>: the extra one only says that more follow.</summary>
    public static FhirPage Of(List<FhirMatch> matches, int count)
    {
        var more = matches.Count > count;
        if (more)
        {
            matches.RemoveRange(count, matches.Count - count);
        }
        return new FhirPage(matches, more);
    }
}
