using ParIndex.Core.Domain;
using ParIndex.Core.FieldEntry;
using ParIndex.Web.Data;

namespace ParIndex.Web.Features.Collection;

public static class CountedResponsesQuery
{
    /// <summary>
    /// The responses of a round that count: submitted (a keyed paper form only once verified) and not rejected by a
    /// supervisor. Scoring, the data exports and the monitor's projected scores all read this one definition.
    /// </summary>
    public static IQueryable<Response> CountedResponses(this ParIndexDbContext db, int roundId) =>
        db.Responses.Where(r => r.RoundId == roundId && r.Status == ResponseStatus.Submitted
            && !db.ResponseReviews.Any(v => v.ResponseId == r.Id && v.State == ReviewState.Rejected));
}
