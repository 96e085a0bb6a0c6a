using Mediator;
using Monitoring.Api.Data;
using Monitoring.Clinical;

namespace Monitoring.Api.Features.Doses;

/// <summary>The unit's medication catalogue: what may be charted, by which routes, and the plausible single dose.</summary>
public static class ListMedications
{
    public sealed record Query : IQuery<IReadOnlyList<MedicationView>>;

    public sealed record MedicationView(string Drug, string Name, string Class, IReadOnlyList<string> Routes, decimal MinimumMg, decimal MaximumMg, bool Sedating, IReadOnlyList<string> Units);

    public sealed class Handler : IQueryHandler<Query, IReadOnlyList<MedicationView>>
    {
        private static readonly IReadOnlyList<MedicationView> Views =
            [.. Medications.Catalogue.Select(m => new MedicationView(m.Drug, m.Name, WireNames.Of(m.Class), m.Routes, m.MinimumMg, m.MaximumMg, m.Sedating, ["mg", "mcg"]))];

        public ValueTask<IReadOnlyList<MedicationView>> Handle(Query query, CancellationToken cancellationToken) => ValueTask.FromResult(Views);
    }
}
