namespace ParIndex.Core.Estimation;

/// <summary>
/// A domain (subpopulation, e.g. unit × respondent group): the rows that belong to it. Domain
/// estimates keep the full design and set the influence of rows outside the domain to zero
/// (R's <c>svyby</c> / <c>subset</c>), so the variance reflects the random domain sample size.
/// </summary>
public sealed class SurveyDomain
{
    internal SurveyDomain(int[] rows, string? label)
    {
        Rows = rows;
        Label = label;
    }

    /// <summary>Row indices in the domain, ascending.</summary>
    internal int[] Rows { get; }

    /// <summary>Number of rows in the domain.</summary>
    public int RowCount => Rows.Length;

    /// <summary>Optional label (e.g. the level of the grouping variable).</summary>
    public string? Label { get; }

    /// <summary>Domain of the rows where <paramref name="mask"/> is true.</summary>
    public static SurveyDomain Where(ReadOnlySpan<bool> mask, string? label = null)
    {
        var count = 0;
        foreach (var m in mask)
        {
            if (m)
            {
                count++;
            }
        }

        var rows = new int[count];
        var k = 0;
        for (var i = 0; i < mask.Length; i++)
        {
            if (mask[i])
            {
                rows[k++] = i;
            }
        }

        return new SurveyDomain(rows, label);
    }

    /// <summary>
    /// One domain per group code 0..groupCount−1 (negative codes belong to none), built in one pass;
    /// the way to estimate for every unit × group at once.
    /// </summary>
    public static SurveyDomain[] ByGroup(ReadOnlySpan<int> groupCodes, int groupCount, IReadOnlyList<string>? labels = null)
    {
        var counts = new int[groupCount];
        foreach (var g in groupCodes)
        {
            if (g >= 0)
            {
                counts[g]++;
            }
        }

        var rows = new int[groupCount][];
        for (var g = 0; g < groupCount; g++)
        {
            rows[g] = new int[counts[g]];
        }

        Array.Clear(counts);
        for (var i = 0; i < groupCodes.Length; i++)
        {
            var g = groupCodes[i];
            if (g >= 0)
            {
                rows[g][counts[g]++] = i;
            }
        }

        var result = new SurveyDomain[groupCount];
        for (var g = 0; g < groupCount; g++)
        {
            result[g] = new SurveyDomain(rows[g], labels?[g]);
        }

        return result;
    }
}
