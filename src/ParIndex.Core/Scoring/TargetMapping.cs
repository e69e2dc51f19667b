namespace ParIndex.Core.Scoring;

/// <summary>
/// Sends the answers of some scored items into more targets than the one their questionnaire names: a citizen's answers
/// to the SIPAS element <c>access</c> also score the PAR sub-criterion <c>3.2</c>. Part of the round's scoring
/// configuration (versioned with it), so the questionnaires keep one target per item and the mapping changes without
/// touching their files. An answer feeds each of its targets with the same score and item weight.
/// </summary>
public sealed record TargetMapping
{
    /// <summary>Prefix of <see cref="From"/> naming one item by its id ("item:acc_online") instead of a target.</summary>
    public const string ItemPrefix = "item:";

    /// <summary>The items mapped: every item whose questionnaire target is this code ("access", "3.2"), or one item ("item:acc_online").</summary>
    public string From { get; init; } = "";

    /// <summary>The further targets those items' answers score into (sub-criterion codes such as "3.2").</summary>
    public List<string> To { get; init; } = [];

    /// <summary>Respondent group codes the mapping applies to; empty = every group.</summary>
    public List<string> Groups { get; init; } = [];

    /// <summary>Where the mapping comes from (document and section), or "configurable default".</summary>
    public string? Source { get; init; }

    /// <summary>Whether an item with id <paramref name="itemId"/> and questionnaire target <paramref name="ownTarget"/>, answered by <paramref name="group"/>, is mapped.</summary>
    public bool Applies(string itemId, string ownTarget, string? group) =>
        (Groups.Count == 0 || (group is not null && Groups.Contains(group, StringComparer.Ordinal)))
        && (string.Equals(From, ownTarget, StringComparison.Ordinal) || string.Equals(From, ItemPrefix + itemId, StringComparison.Ordinal));

    /// <summary>
    /// The targets an item scores into: its own, then each mapped target once (in the order of the mappings), never its own
    /// twice. Mappings that do not apply to the item or the group add nothing.
    /// </summary>
    public static string[] TargetsOf(string itemId, string ownTarget, string? group, IReadOnlyList<TargetMapping>? mappings)
    {
        if (mappings is null || mappings.Count == 0) return [ownTarget];
        var targets = new List<string> { ownTarget };
        foreach (var m in mappings)
        {
            if (!m.Applies(itemId, ownTarget, group)) continue;
            foreach (var t in m.To)
                if (!string.IsNullOrWhiteSpace(t) && !targets.Contains(t, StringComparer.Ordinal)) targets.Add(t);
        }
        return [.. targets];
    }
}
