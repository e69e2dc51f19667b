using System.IO.Compression;
using System.Text;
using ParIndex.Core.Domain;
using ParIndex.Core.SelfAssessment;

namespace ParIndex.Core.Tests.SelfAssessment;

public sealed class ScoreBoundsTests
{
    [Theory]
    [InlineData(0, true)]
    [InlineData(1.5, true)]
    [InlineData(2, true)]
    [InlineData(2.01, false)]
    [InlineData(-0.5, false)]
    [InlineData(1.255, false)]
    public void Sub_criterion_scores_lie_between_zero_and_the_maximum_with_two_decimals(decimal points, bool ok) =>
        Assert.Equal(ok, ScoreBounds.Problem("1.1.1", ScoreLineKind.SubCriterion, 2m, points) is null);

    [Fact]
    public void Out_of_range_messages_name_the_line_and_the_range_in_vietnamese()
    {
        var e = Assert.Throws<DomainException>(() => ScoreBounds.Check("P1", ScoreLineKind.Penalty, 2m, 3m));
        Assert.Equal("score-out-of-range", e.Code);
        Assert.Equal("P1: Điểm trừ 3 nằm ngoài khoảng cho phép 0 – 2.", e.Message);
        Assert.Contains("Điểm thưởng 1,5", ScoreBounds.Problem("T1", ScoreLineKind.Bonus, 1m, 1.5m));
    }

    [Fact]
    public void The_total_adds_bonus_subtracts_penalty_and_never_goes_negative()
    {
        ScoreLine[] lines =
        [
            new("1.1.1", ScoreLineKind.SubCriterion, 2m, 1.5m),
            new("1.2.1", ScoreLineKind.SubCriterion, 3m, 3m),
            new("1.3.1", ScoreLineKind.SubCriterion, 3m, null),
            new("T1", ScoreLineKind.Bonus, 1m, 0.5m),
            new("P1", ScoreLineKind.Penalty, 2m, 1m),
        ];
        Assert.Equal(4m, ScoreBounds.Total(lines));
        Assert.Equal(0m, ScoreBounds.Total([new("1.1.1", ScoreLineKind.SubCriterion, 2m, 0.5m), new("P1", ScoreLineKind.Penalty, 2m, 2m)]));
    }

    private static MemoryStream Bytes(byte[] b) => new(b);

    private static MemoryStream Zip(params string[] entries)
    {
        var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var e in entries) using (var w = new StreamWriter(zip.CreateEntry(e).Open())) w.Write("x");
        }
        ms.Position = 0;
        return ms;
    }

    [Fact]
    public void Evidence_types_come_from_the_bytes_and_must_match_the_extension()
    {
        Assert.Equal("application/pdf", EvidenceTypes.Detect("bao-cao.pdf", Bytes(Encoding.ASCII.GetBytes("%PDF-1.7\n..."))));
        Assert.Equal("image/png", EvidenceTypes.Detect("anh.PNG", Bytes([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0])));
        Assert.Equal("image/jpeg", EvidenceTypes.Detect("anh.jpg", Bytes([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10])));
        Assert.NotNull(EvidenceTypes.Detect("bang.xlsx", Zip("[Content_Types].xml", "xl/workbook.xml")));
        // A renamed executable, HTML posing as PDF, a zip posing as docx, a macro workbook, a PDF called .png: refused.
        Assert.Null(EvidenceTypes.Detect("bao-cao.pdf", Bytes("MZ\x90\0"u8.ToArray())));
        Assert.Null(EvidenceTypes.Detect("bao-cao.pdf", Bytes(Encoding.ASCII.GetBytes("<html><script>alert(1)</script>"))));
        Assert.Null(EvidenceTypes.Detect("van-ban.docx", Zip("readme.txt")));
        Assert.Null(EvidenceTypes.Detect("van-ban.docx", Zip("[Content_Types].xml", "xl/workbook.xml")));
        Assert.Null(EvidenceTypes.Detect("macro.xlsm", Zip("[Content_Types].xml", "xl/workbook.xml")));
        Assert.Null(EvidenceTypes.Detect("anh.png", Bytes(Encoding.ASCII.GetBytes("%PDF-1.7"))));
        Assert.Null(EvidenceTypes.Detect("empty.pdf", Bytes([])));
    }
}
