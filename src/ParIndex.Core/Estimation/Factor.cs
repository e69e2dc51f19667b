namespace ParIndex.Core.Estimation;

/// <summary>Integer coding of text labels (R's <c>factor</c>): levels sorted ordinally, codes 0..k−1.</summary>
public static class Factor
{
    /// <summary>
    /// Encodes labels as codes into the ordinally sorted distinct labels. <c>null</c> labels get code −1.
    /// Empty input returns empty codes and levels.
    /// </summary>
    public static (int[] Codes, string[] Levels) Encode(IReadOnlyList<string?> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        foreach (var l in labels)
        {
            if (l is not null)
            {
                distinct.Add(l);
            }
        }

        var levels = distinct.ToArray();
        Array.Sort(levels, StringComparer.Ordinal);
        var index = new Dictionary<string, int>(levels.Length, StringComparer.Ordinal);
        for (var i = 0; i < levels.Length; i++)
        {
            index[levels[i]] = i;
        }

        var codes = new int[labels.Count];
        for (var i = 0; i < codes.Length; i++)
        {
            codes[i] = labels[i] is { } l ? index[l] : -1;
        }

        return (codes, levels);
    }

    /// <summary>Dense 0..k−1 codes for arbitrary integer identifiers, numbered in order of first appearance.</summary>
    internal static int[] Densify(ReadOnlySpan<long> keys, out int count)
    {
        var map = new Dictionary<long, int>();
        var codes = new int[keys.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            if (!map.TryGetValue(keys[i], out var c))
            {
                c = map.Count;
                map[keys[i]] = c;
            }

            codes[i] = c;
        }

        count = map.Count;
        return codes;
    }
}
