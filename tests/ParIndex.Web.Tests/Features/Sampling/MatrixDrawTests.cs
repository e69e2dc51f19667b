using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Core.Sampling;
using ParIndex.Web.Features.Sampling;
using ParIndex.Web.Infrastructure.Security;
using ParIndex.Web.Tests.Browser;
using ParIndex.Web.Tests.Infrastructure;

namespace ParIndex.Web.Tests.Features.Sampling;

/// <summary>
/// Issue 21 item 9 in the app: a draw with the matrix option gives each city council delegate m of the Sở to rate, balanced,
/// stored with π = m/U; the delegate's paper form lists only those Sở; the draw page shows raters and π per unit.
/// </summary>
public sealed class MatrixDrawTests(MatrixDrawTests.App app) : IClassFixture<MatrixDrawTests.App>
{
    public sealed class App : ParIndexFactory;

    private static readonly DateTime Now = new(2026, 11, 23, 9, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task A_matrix_draw_gives_each_delegate_m_units_balanced_and_their_paper_form_lists_only_those()
    {
        var roundId = await app.WithDb(db => db.Rounds.Where(r => r.Code == "CCHC-2026").Select(r => r.Id).FirstAsync());
        var file = Path.Combine(RunCommandTests.RepositoryRoot(), "sampling", "frame-officials.csv");
        var versionId = await app.WithDb(async db => (await ImportFrame.Handle(db, roundId, "Đại biểu HĐND Thành phố", File.ReadAllBytes(file), "frame-officials.csv", false, "tests", Now, CancellationToken.None)).Version!.Id);
        var design = SampleDesign.FromYaml("""
            name: so-hdnd-matrix
            groups: [SO-HDND]
            stages:
              - method: census
            reserve:
              ratio: 0
            matrix:
              unitsPerMember: 6
            """);
        var draw = await app.WithDb(db => DrawSample.Handle(db, roundId, versionId, design, 2026, null, "tests", Now, CancellationToken.None));

        var (assignments, units, members) = await app.WithDb(async db => (
            await db.UnitAssignments.Where(a => a.SampleDrawId == draw.Id).ToListAsync(),
            await db.Units.Where(u => u.RoundId == roundId && db.UnitTypes.Any(t => t.Id == u.UnitTypeId && t.Code == "SO")).ToDictionaryAsync(u => u.Id, u => u.Name),
            await db.SampleDrawMembers.Where(m => m.SampleDrawId == draw.Id && !m.IsReserve).Select(m => m.Respondent!).ToListAsync()));
        Assert.Equal(members.Count * 6, assignments.Count);
        Assert.All(assignments.GroupBy(a => a.RespondentId), g => Assert.Equal(6, g.Select(a => a.UnitId).Distinct().Count()));
        Assert.All(assignments, a => Assert.Contains(a.UnitId, units.Keys));
        Assert.All(assignments, a => Assert.Equal(6.0 / units.Count, a.Probability, 12));
        var raters = assignments.GroupBy(a => a.UnitId).Select(g => g.Count()).ToList();
        Assert.Equal(units.Count, raters.Count);
        Assert.True(raters.Max() - raters.Min() <= 1);

        // The delegate's paper form: blocks for its six Sở only.
        var member = members.OrderBy(m => m.Code, StringComparer.Ordinal).First();
        var mine = assignments.Where(a => a.RespondentId == member.Id).Select(a => units[a.UnitId]).ToHashSet();
        var field = await app.CreateClientAs(Roles.FieldStaff);
        var response = await field.GetAsync($"/rounds/{roundId}/field/print?Code={member.Code}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        var blocks = Regex.Matches(html, @"<h3>[^<]*— ([^<]+)</h3>").Select(m => m.Groups[1].Value.Trim()).ToHashSet();
        Assert.Equal(mine, blocks);

        // The draw page lists raters and π per unit.
        var client = await app.CreateClientAs(Roles.Designer);
        var page = WebUtility.HtmlDecode(await client.GetStringAsync($"/rounds/{roundId}/sampling/draws/{draw.Id}"));
        Assert.Contains("id=\"matrix\"", page);
    }
}
