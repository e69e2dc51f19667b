using ParIndex.Core.Publication;
using ParIndex.Core.Tabular;

namespace ParIndex.Core.Tests.Publication;

/// <summary>Reading a unit mapping between a round and its predecessor: every line checked, one bad line refuses the file.</summary>
public sealed class LineageImportTests
{
    private static readonly LineageUnit[] Units = [new("SO-NV", "Sở Nội vụ", "SO"), new("SO-YT", "Sở Y tế", "SO"), new("P-CUANAM", "Phường Cửa Nam", "XA")];
    private static readonly LineageUnit[] Before =
        [new("SO-NV", "Sở Nội vụ", "SO"), new("SO-LDTBXH", "Sở Lao động - TB&XH", "SO"), new("SO-YT", "Sở Y tế", "SO"), new("Q-HOANKIEM", "Quận Hoàn Kiếm", "XA")];

    private static TabularFile File(string[] headers, params string[][] rows) =>
        new(headers, rows.Select((r, i) => new TabularRow(i + 2, headers.Zip(r).ToDictionary(x => x.First, x => x.Second))).ToList());

    [Fact]
    public void A_merger_and_a_split_with_vietnamese_headers_and_decimal_commas_are_read()
    {
        var file = File(["mã đơn vị", "mã đơn vị kỳ trước", "tỷ trọng", "căn cứ"],
            ["SO-NV", "SO-NV", "0,6", "khung mẫu"], ["SO-NV", "SO-LDTBXH", "0,4", "khung mẫu"], ["SO-YT", "SO-YT", "1", "trùng"], ["P-CUANAM", "Q-HOANKIEM", "1", "dân số"]);

        var (parts, errors) = LineageImport.Parse(file, Units, Before);

        Assert.Empty(errors);
        Assert.Equal(4, parts.Count);
        Assert.Contains(parts, p => p is { UnitCode: "SO-NV", PredecessorUnitCode: "SO-LDTBXH", Share: 0.4, Basis: LineageBasis.Frame });
        Assert.Contains(parts, p => p is { UnitCode: "P-CUANAM", Basis: LineageBasis.Population });
    }

    [Fact]
    public void Every_bad_line_is_named_and_nothing_is_kept()
    {
        var file = File(["unit_code", "predecessor_unit_code", "share", "basis"],
            ["SO-XX", "SO-NV", "1", ""],               // unknown unit
            ["SO-YT", "Q-HOANKIEM", "1", ""],          // another unit type
            ["SO-NV", "SO-NV", "1,5", ""],             // share above 1
            ["P-CUANAM", "Q-HOANKIEM", "1", "guess"]);  // unknown basis

        var (parts, errors) = LineageImport.Parse(file, Units, Before);

        Assert.Empty(parts);
        Assert.Equal([2, 3, 4, 5], errors.Select(e => e.Line).ToArray());
        Assert.Contains(errors, e => e.Column == "share" && e.Message.Contains("không quá 1"));
        Assert.Contains(errors, e => e.Message.Contains("không cùng loại đơn vị"));
    }

    [Fact]
    public void A_units_shares_must_sum_to_one_and_a_pair_is_given_once()
    {
        var (_, sum) = LineageImport.Parse(File(["unit_code", "predecessor_unit_code", "share"], ["SO-NV", "SO-NV", "0.6"], ["SO-NV", "SO-LDTBXH", "0.3"]), Units, Before);
        Assert.Contains(sum, e => e.Message.Contains("phải bằng 1"));

        var (_, twice) = LineageImport.Parse(File(["unit_code", "predecessor_unit_code", "share"], ["SO-YT", "SO-YT", "0.5"], ["SO-YT", "SO-YT", "0.5"]), Units, Before);
        Assert.Contains(twice, e => e.Message.Contains("trùng với dòng 2"));
    }

    [Fact]
    public void Same_codes_maps_every_unit_found_under_its_code_with_share_one()
    {
        var parts = LineageImport.SameCodes(Units, Before);

        Assert.Equal(["SO-NV", "SO-YT"], parts.Select(p => p.UnitCode).ToArray());
        Assert.All(parts, p => Assert.Equal(1, p.Share));
    }
}
