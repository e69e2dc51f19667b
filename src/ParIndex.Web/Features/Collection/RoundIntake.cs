using System.Linq.Expressions;
using ParIndex.Core.Domain;

namespace ParIndex.Web.Features.Collection;

/// <summary>
/// The one rule that decides whether a round takes answers, for every path that stores them (personal link, its
/// screens, the API, public links, paper keying, demo seeding): while it is in preparation or in fieldwork; a closed
/// or published round refuses everywhere, with <see cref="ClosedProblem"/>.
/// </summary>
public static class RoundIntake
{
    /// <summary>The problem code of an answer to a round that takes none (the API's 410; the pages' "not open" screen).</summary>
    public const string ClosedProblem = "token-expired";

    public static bool TakesAnswers(RoundStatus status) => status is RoundStatus.Fieldwork or RoundStatus.Draft;

    /// <summary>The same rule as a query predicate (the writer decides it again inside its transaction).</summary>
    public static readonly Expression<Func<Round, bool>> TakesAnswersQuery = r => r.Status == RoundStatus.Fieldwork || r.Status == RoundStatus.Draft;
}
