using ParIndex.Core.Estimation;
using static ParIndex.Core.Tests.Estimation.ReferenceData;

namespace ParIndex.Core.Tests.Estimation;

/// <summary><see cref="Hadamard.ForStrata"/> builds R survey's <c>hadamard(n)</c>: same size and same entries (checksum).</summary>
public sealed class HadamardTests
{
    public static TheoryData<int> Sizes()
    {
        var data = new TheoryData<int>();
        foreach (var n in Enumerable.Range(1, 130).Concat([150, 199, 250, 300, 500, 1000]))
        {
            data.Add(n);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Matrix_for_n_strata_is_Rs_default_matrix(int n)
    {
        var h = Hadamard.ForStrata(n);
        Assert.Equal(R($"hadamard.{n}.size"), h.GetLength(0));
        Assert.Equal(h.GetLength(0), h.GetLength(1));
        double check = 0;
        for (var i = 0; i < h.GetLength(0); i++)
        {
            for (var j = 0; j < h.GetLength(1); j++)
            {
                check += h[i, j] * (i + 1.0) * ((j + 1.0) * 1000);
            }
        }

        Assert.Equal(R($"hadamard.{n}.check"), check);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(20)]
    [InlineData(100)]
    public void Matrix_columns_are_balanced_and_orthogonal_on_the_strata_rows(int n)
    {
        // In ±1 form, distinct columns are orthogonal over all rows: the property BRR's balance rests on.
        var h = Hadamard.ForStrata(n);
        var size = h.GetLength(0);
        for (var a = 0; a < size; a++)
        {
            for (var b = a + 1; b < size; b++)
            {
                var dot = 0;
                for (var i = 0; i < size; i++)
                {
                    dot += ((2 * h[i, a]) - 1) * ((2 * h[i, b]) - 1);
                }

                Assert.Equal(0, dot);
            }
        }
    }
}
