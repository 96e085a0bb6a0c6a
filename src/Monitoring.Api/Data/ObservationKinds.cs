using Monitoring.Clinical;

namespace Monitoring.Api.Data;

/// <summary>Adds the kind of every described scale to observation_kinds at start-up, so a new scale needs no migration.</summary>
public static class ObservationKinds
{
    private const string Add = """
        INSERT INTO observation_kinds (kind, name)
        SELECT @Kind, @Name WHERE NOT EXISTS (SELECT 1 FROM observation_kinds WHERE kind = @Kind)
        """;

    public static async Task EnsureAsync(ConnectionFactory factory, CancellationToken cancellationToken)
    {
        await using var session = new DbSession(factory);
        foreach (var scale in AssessmentScales.All)
        {
            try
            {
                await session.ExecuteAsync(Add, new { scale.Kind, scale.Name }, cancellationToken);
            }
            catch (Exception exception) when (session.Dialect.IsUniqueViolation(exception))
            {
                // Another instance starting at the same moment added it first.
            }
        }
    }
}
