using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using ParIndex.Web.Infrastructure.Security;
using ParIndex.Web.Tests.Infrastructure;

namespace ParIndex.Web.Tests.Security;

/// <summary>
/// Respondent anonymity (docs/security.md): contact data (names, e-mails, phones, addresses in RespondentContact)
/// never appears in what any endpoint answers to anyone but Admin and Designer — today, to no one at all.
/// </summary>
public sealed class AnonymityTests(EndpointMatrixTests.OwnApp app) : IClassFixture<EndpointMatrixTests.OwnApp>
{
    [Fact]
    public async Task No_get_endpoint_shows_contact_data_to_any_role_but_admin_and_designer()
    {
        var contacts = (await app.WithDb(db => db.RespondentContacts.AsNoTracking().ToListAsync())).SelectMany(c => new[] { c.FullName, c.Email, c.Phone, c.Address }).ToList();
        var needles = contacts.Where(c => c is { Length: >= 6 }).Select(c => c!).Distinct().ToList();
        Assert.NotEmpty(needles);
        var (roundId, unitType) = await app.WithDb(async db =>
        {
            var round = await db.Rounds.OrderBy(r => r.Id).FirstAsync();
            return (round.Id, (await db.UnitTypes.Where(t => t.RoundId == round.Id).OrderBy(t => t.Id).FirstAsync()).Code);
        });
        var gets = EndpointMatrixTests.Endpoints(app.Services).Where(e => e.Key.StartsWith("GET ")).ToList();
        var leaks = new List<string>();
        var checkedBodies = 0;
        foreach (var caller in new[] { EndpointMatrixTests.Anonymous, Roles.Supervisor, Roles.FieldStaff, Roles.Viewer, Roles.Admin, Roles.Designer })
        {
            var client = caller == EndpointMatrixTests.Anonymous
                ? app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false })
                : await app.CreateClientAs(caller, followRedirects: false);
            foreach (var e in gets)
            {
                var path = e.Key[4..].Replace("{roundId:int}", roundId.ToString()).Replace("{unitType}", unitType).Replace("{code}", "not-found")
                    .Replace("{culture}", "vi").Replace("{documentName}", "v1").Replace("{groupId:int}", "1")
                    .Replace("{versionId:int}", "1").Replace("{questionnaireId:int}", "1");
                if (path.Contains("{token}")) path = path.Replace("{token}", (await app.IssueTokenAsync()).Token);
                var body = await (await client.GetAsync(path)).Content.ReadAsStringAsync();
                checkedBodies++;
                var found = needles.FirstOrDefault(n => body.Contains(n, StringComparison.OrdinalIgnoreCase));
                if (found is not null && caller is not (Roles.Admin or Roles.Designer)) leaks.Add($"{caller} GET {path} shows \"{found}\"");
            }
        }
        Assert.True(leaks.Count == 0, string.Join("\n", leaks));
        Assert.True(checkedBodies >= gets.Count * 6);
    }
}
