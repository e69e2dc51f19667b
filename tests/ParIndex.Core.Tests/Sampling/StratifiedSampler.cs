using ParIndex.Core.Sampling;

namespace ParIndex.Core.Tests.Sampling;

/// <summary>Result of <see cref="StratifiedSampler.Draw"/>: positions in the input, by stratum then position.</summary>
/// <param name="Selected">Selected row positions.</param>
/// <param name="Pi">π of each selected row (same order).</param>
/// <param name="Reserve">Reserve row positions, stratum by stratum, each stratum in reserve order.</param>
/// <param name="ReserveOffsets">Stratum h's reserve is Reserve[ReserveOffsets[h]..ReserveOffsets[h+1]].</param>
public sealed record StratifiedSelection(int[] Selected, double[] Pi, int[] Reserve, int[] ReserveOffsets);

/// <summary>
/// Test and benchmark code (linked into ParIndex.Benchmarks), not used by the product: the columnar draw that checks
/// <see cref="SampleDrawer"/> on large frames and measures selection speed.
/// One-stage stratified selection over columns (size and stratum index per row) with no per-row
/// objects: the path for frames of millions of rows. Same algorithms, same order of random numbers
/// per stratum as <see cref="SampleDrawer"/> for a one-stage design (strata in index order).
/// </summary>
public static class StratifiedSampler
{
    /// <param name="sizes">Size measure per row (only read by πps methods).</param>
    /// <param name="stratum">Stratum index 0…H−1 per row.</param>
    /// <param name="sampleSizes">n_h per stratum (capped at N_h).</param>
    /// <param name="reserveRatio">Reserve ⌈ratio·n_h⌉ per stratum; null = all non-selected rows.</param>
    public static StratifiedSelection Draw(ReadOnlySpan<double> sizes, ReadOnlySpan<int> stratum, IReadOnlyList<int> sampleSizes,
        SelectionMethod method, SamplingRandom rng, double? reserveRatio = 1)
    {
        if (sizes.Length != stratum.Length) throw new ArgumentException("sizes and stratum must have the same length.");
        var H = sampleSizes.Count;
        // Counting sort of row positions by stratum, stable (frame order kept within a stratum).
        var offsets = new int[H + 1];
        foreach (var h in stratum)
        {
            if ((uint)h >= (uint)H) throw new ArgumentOutOfRangeException(nameof(stratum), $"Stratum index {h} outside 0…{H - 1}.");
            offsets[h + 1]++;
        }
        for (var h = 0; h < H; h++) offsets[h + 1] += offsets[h];
        var order = new int[stratum.Length];
        var next = offsets[..H];
        for (var i = 0; i < stratum.Length; i++) order[next[stratum[i]]++] = i;

        var maxN = 0;
        for (var h = 0; h < H; h++) maxN = Math.Max(maxN, offsets[h + 1] - offsets[h]);
        var buffer = new double[maxN];
        var pikBuffer = new double[maxN];
        var selected = new List<int>();
        var pis = new List<double>();
        var reserve = new List<int>();
        var reserveOffsets = new int[H + 1];
        var isSelected = new bool[maxN];
        for (var h = 0; h < H; h++)
        {
            var rows = order.AsSpan(offsets[h], offsets[h + 1] - offsets[h]);
            var N = rows.Length;
            var n = method == SelectionMethod.Census ? N : Math.Min(sampleSizes[h], N);
            var pik = pikBuffer.AsSpan(0, N);
            if (method.UsesSize())
            {
                var a = buffer.AsSpan(0, N);
                for (var k = 0; k < N; k++) a[k] = sizes[rows[k]];
                InclusionProbabilities.Compute(a, n, pik);
            }
            else pik.Fill(N == 0 ? 0 : (double)n / N);
            var chosen = N == 0 || n == 0 ? [] : Selection.Select(method, pik, n, rng);
            Array.Clear(isSelected, 0, N);
            foreach (var k in chosen) { isSelected[k] = true; selected.Add(rows[k]); pis.Add(pik[k]); }

            var restCount = N - chosen.Length;
            var r = reserveRatio is { } ratio ? Math.Min(SampleSize.RoundUp(ratio * chosen.Length), restCount) : restCount;
            if (r > 0)
            {
                var rest = new int[restCount];
                var j = 0;
                for (var k = 0; k < N; k++) if (!isSelected[k]) rest[j++] = rows[k];
                var picked = Selection.Srs(restCount, r, rng).Select(i => rest[i]).ToArray();
                rng.Shuffle(picked);
                reserve.AddRange(picked);
            }
            reserveOffsets[h + 1] = reserve.Count;
        }
        return new StratifiedSelection(selected.ToArray(), pis.ToArray(), reserve.ToArray(), reserveOffsets);
    }
}
