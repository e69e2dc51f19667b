using System.Net;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ParIndex.Web.Infrastructure.Security;
using ParIndex.Web.Tests.Infrastructure;

namespace ParIndex.Web.Tests.Security;

/// <summary>
/// The role × endpoint matrix of docs/security.md, enforced: every endpoint the app maps (minimal APIs and Razor
/// Pages, read from <see cref="EndpointDataSource"/>) must have a rule here, declare that same rule in its metadata,
/// and answer every role and an anonymous caller as the rule says. A new endpoint without a rule fails.
/// </summary>
public sealed partial class EndpointMatrixTests : IClassFixture<EndpointMatrixTests.OwnApp>
{
    /// <summary>Its own database: the walk posts to every endpoint with every role, so it may change the demo round.</summary>
    public sealed class OwnApp : ParIndexFactory;

    public const string Anonymous = "anonymous";

    /// <summary>METHOD route → the policy that guards it (<see cref="Anonymous"/> when open by design).</summary>
    public static readonly IReadOnlyDictionary<string, string> Matrix = new Dictionary<string, string>
    {
        ["GET /health"] = Anonymous,
        ["GET /openapi/{documentName}.json"] = Anonymous,
        ["GET /problems"] = Anonymous,
        ["GET /problems/{code}"] = Anonymous,
        ["GET /lang/{culture}"] = Anonymous,
        ["POST /api/v1/auth/login"] = Anonymous,
        ["POST /api/v1/auth/logout"] = Anonymous,
        // Respondents: the personal token is the credential.
        ["GET /api/v1/forms/{token}/"] = Anonymous,
        ["POST /api/v1/forms/{token}/submissions"] = Anonymous,
        ["GET /r/{token}"] = Anonymous,
        ["POST /r/{token}"] = Anonymous,
        ["GET /login"] = Anonymous,
        ["POST /login"] = Anonymous,
        ["GET /logout"] = Anonymous,
        ["POST /logout"] = Anonymous,
        ["GET /denied"] = Anonymous,
        ["POST /denied"] = Anonymous,
        // Staff.
        ["GET /"] = Policies.Staff,
        ["POST /"] = Policies.Staff,
        ["GET /Index"] = Policies.Staff,
        ["POST /Index"] = Policies.Staff,
        ["GET /api/v1/rounds/"] = Policies.Staff,
        ["GET /api/v1/rounds/{roundId:int}"] = Policies.Staff,
        ["POST /api/v1/rounds/"] = Policies.Design,
        ["POST /api/v1/rounds/{roundId:int}/copy"] = Policies.Design,
        ["GET /api/v1/rounds/{roundId:int}/units"] = Policies.Design,
        ["POST /api/v1/rounds/{roundId:int}/units/import"] = Policies.Design,
        ["GET /api/v1/rounds/{roundId:int}/groups"] = Policies.Design,
        ["POST /api/v1/rounds/{roundId:int}/groups"] = Policies.Design,
        ["PUT /api/v1/rounds/{roundId:int}/groups/{groupId:int}"] = Policies.Design,
        ["DELETE /api/v1/rounds/{roundId:int}/groups/{groupId:int}"] = Policies.Design,
        ["GET /api/v1/rounds/{roundId:int}/criteria/{unitType}"] = Policies.Design,
        ["PUT /api/v1/rounds/{roundId:int}/criteria/{unitType}"] = Policies.Design,
        ["GET /api/v1/rounds/{roundId:int}/unit-types"] = Policies.Design,
        ["PUT /api/v1/rounds/{roundId:int}/unit-types/{unitType}"] = Policies.Design,
        ["GET /api/v1/rounds/{roundId:int}/progress"] = Policies.Supervise,
        ["GET /rounds/new"] = Policies.Design,
        ["POST /rounds/new"] = Policies.Design,
        ["GET /rounds/{roundId:int}"] = Policies.Supervise,
        ["POST /rounds/{roundId:int}"] = Policies.Supervise,
        ["GET /rounds/{roundId:int}/units"] = Policies.Design,
        ["POST /rounds/{roundId:int}/units"] = Policies.Design,
        ["GET /rounds/{roundId:int}/groups"] = Policies.Design,
        ["POST /rounds/{roundId:int}/groups"] = Policies.Design,
        ["GET /rounds/{roundId:int}/criteria/{unitType}"] = Policies.Design,
        ["POST /rounds/{roundId:int}/criteria/{unitType}"] = Policies.Design,
        // Distribution (#5): links, letters, QR codes, e-mail campaigns and public links are the designer's.
        ["POST /api/v1/rounds/{roundId:int}/invitations/issue"] = Policies.Design,
        ["POST /api/v1/rounds/{roundId:int}/invitations/{invitationId:int}/revoke"] = Policies.Design,
        ["POST /api/v1/rounds/{roundId:int}/invitations/{invitationId:int}/reissue"] = Policies.Design,
        ["GET /api/v1/rounds/{roundId:int}/invitations/export.csv"] = Policies.Design,
        ["GET /api/v1/rounds/{roundId:int}/invitations/export.xlsx"] = Policies.Design,
        ["GET /api/v1/rounds/{roundId:int}/invitations/{invitationId:int}/qr.png"] = Policies.Design,
        ["GET /api/v1/rounds/{roundId:int}/invitations/{invitationId:int}/qr.svg"] = Policies.Design,
        ["POST /api/v1/rounds/{roundId:int}/campaigns/"] = Policies.Design,
        ["GET /api/v1/rounds/{roundId:int}/campaigns/{campaignId:int}"] = Policies.Design,
        ["POST /api/v1/rounds/{roundId:int}/public-links/"] = Policies.Design,
        ["GET /api/v1/rounds/{roundId:int}/public-links/"] = Policies.Design,
        ["GET /api/v1/rounds/{roundId:int}/public-links/{id:int}/qr.png"] = Policies.Design,
        ["GET /rounds/{roundId:int}/invitations"] = Policies.Design,
        ["POST /rounds/{roundId:int}/invitations"] = Policies.Design,
        ["GET /rounds/{roundId:int}/invitations/letters"] = Policies.Design,
        ["POST /rounds/{roundId:int}/invitations/letters"] = Policies.Design,
        ["GET /rounds/{roundId:int}/campaigns"] = Policies.Design,
        ["POST /rounds/{roundId:int}/campaigns"] = Policies.Design,
        // Public link of a unit (posted QR code at a one-stop counter): open by design, quota and duplicate checks guard it.
        ["GET /p/{slug}"] = Anonymous,
        ["POST /p/{slug}"] = Anonymous,
        // Scoring (feat/scoring): running and configuring = design; results and exports = view-results; raw response data = design.
        ["POST /api/v1/rounds/{roundId:int}/scoring/runs"] = Policies.Design,
        ["GET /api/v1/rounds/{roundId:int}/scoring/runs"] = Policies.ViewResults,
        ["GET /api/v1/rounds/{roundId:int}/scoring/runs/latest"] = Policies.ViewResults,
        ["GET /api/v1/rounds/{roundId:int}/scoring/config"] = Policies.ViewResults,
        ["PUT /api/v1/rounds/{roundId:int}/scoring/config"] = Policies.Design,
        ["POST /api/v1/rounds/{roundId:int}/scoring/appraisal"] = Policies.Design,
        ["GET /api/v1/rounds/{roundId:int}/scoring/export.csv"] = Policies.ViewResults,
        ["GET /api/v1/rounds/{roundId:int}/scoring/export.xlsx"] = Policies.ViewResults,
        ["GET /api/v1/rounds/{roundId:int}/scoring/cells.csv"] = Policies.ViewResults,
        ["GET /api/v1/rounds/{roundId:int}/scoring/index-system.csv"] = Policies.ViewResults,
        ["GET /api/v1/rounds/{roundId:int}/scoring/index-system.xlsx"] = Policies.ViewResults,
        ["GET /api/v1/rounds/{roundId:int}/scoring/targets.csv"] = Policies.ViewResults,
        ["GET /api/v1/rounds/{roundId:int}/data/long.csv"] = Policies.Design,
        ["GET /api/v1/rounds/{roundId:int}/data/wide.csv"] = Policies.Design,
        ["GET /api/v1/rounds/{roundId:int}/data/codebook.csv"] = Policies.Design,
        ["GET /api/v1/rounds/{roundId:int}/data/long.xlsx"] = Policies.Design,
        ["GET /api/v1/rounds/{roundId:int}/data/wide.xlsx"] = Policies.Design,
        ["GET /api/v1/rounds/{roundId:int}/data/codebook.xlsx"] = Policies.Design,
        ["GET /rounds/{roundId:int}/scoring"] = Policies.ViewResults,
        ["POST /rounds/{roundId:int}/scoring"] = Policies.ViewResults,
        ["GET /rounds/{roundId:int}/scoring/run"] = Policies.Design,
        ["POST /rounds/{roundId:int}/scoring/run"] = Policies.Design,
        ["GET /rounds/{roundId:int}/scoring/units/{unitCode}"] = Policies.ViewResults,
        ["POST /rounds/{roundId:int}/scoring/units/{unitCode}"] = Policies.ViewResults,
        // Monitoring (supervisors): dashboard pages, the live hub, its API.
        ["GET /monitor/{roundId:int}"] = Policies.Supervise,
        ["POST /monitor/{roundId:int}"] = Policies.Supervise,
        ["GET /monitor/{roundId:int}/screen"] = Policies.Supervise,
        ["POST /monitor/{roundId:int}/screen"] = Policies.Supervise,
        ["GET /monitor/{roundId:int}/review"] = Policies.Supervise,
        ["POST /monitor/{roundId:int}/review"] = Policies.Supervise,
        ["GET /monitor/{roundId:int}/dispositions"] = Policies.Supervise,
        ["POST /monitor/{roundId:int}/dispositions"] = Policies.Supervise,
        ["GET /hubs/monitor"] = Policies.Supervise,
        ["GET /hubs/monitor/negotiate"] = Policies.Supervise,
        ["GET /api/v1/rounds/{roundId:int}/monitor/"] = Policies.Supervise,
        ["GET /api/v1/rounds/{roundId:int}/monitor/strata"] = Policies.Supervise,
        ["GET /api/v1/rounds/{roundId:int}/monitor/field-staff"] = Policies.Supervise,
        ["GET /api/v1/rounds/{roundId:int}/monitor/flags"] = Policies.Supervise,
        ["POST /api/v1/rounds/{roundId:int}/monitor/flags/{flagId:long}/review"] = Policies.Supervise,
        ["POST /api/v1/rounds/{roundId:int}/monitor/dispositions"] = Policies.Supervise,
        ["PUT /api/v1/rounds/{roundId:int}/monitor/fieldwork"] = Policies.Supervise,
        ["GET /api/v1/rounds/{roundId:int}/monitor/projection"] = Policies.Supervise,
        ["GET /rounds/{roundId:int}/sampling"] = Policies.Design,
        ["POST /rounds/{roundId:int}/sampling"] = Policies.Design,
        ["GET /rounds/{roundId:int}/sampling/size"] = Policies.Design,
        ["POST /rounds/{roundId:int}/sampling/size"] = Policies.Design,
        ["GET /rounds/{roundId:int}/sampling/draw"] = Policies.Design,
        ["POST /rounds/{roundId:int}/sampling/draw"] = Policies.Design,
        ["GET /rounds/{roundId:int}/sampling/draws/{drawId:int}"] = Policies.Design,
        ["POST /rounds/{roundId:int}/sampling/draws/{drawId:int}"] = Policies.Design,
        ["GET /rounds/{roundId:int}/sampling/draws/{drawId:int}/replace"] = Policies.Design,
        ["POST /rounds/{roundId:int}/sampling/draws/{drawId:int}/replace"] = Policies.Design,
        // Self-assessment (a unit reporter's own unit only) and appraisal (issue #11).
        ["GET /self-assessment"] = Policies.SelfAssess,
        ["POST /self-assessment"] = Policies.SelfAssess,
        ["GET /self-assessment/{periodId:int}"] = Policies.SelfAssess,
        ["POST /self-assessment/{periodId:int}"] = Policies.SelfAssess,
        ["GET /self-assessment/evidence/{fileId:int}"] = Policies.SelfAssess,
        ["GET /appraisal"] = Policies.Appraise,
        ["POST /appraisal"] = Policies.Appraise,
        ["GET /appraisal/{periodId:int}/units/{unitId:int}"] = Policies.Appraise,
        ["POST /appraisal/{periodId:int}/units/{unitId:int}"] = Policies.Appraise,
        ["GET /appraisal/evidence/{fileId:int}"] = Policies.Appraise,
        ["GET /appraisal/reporters"] = Policies.Admin,
        ["POST /appraisal/reporters"] = Policies.Admin,
        // Questionnaire designer: every staff member reads versions; Admin and Designer change them.
        ["GET /rounds/{roundId:int}/questionnaires"] = Policies.Staff,
        ["POST /rounds/{roundId:int}/questionnaires"] = Policies.Staff,
        ["GET /questionnaires/versions/{versionId:int}"] = Policies.Staff,
        ["POST /questionnaires/versions/{versionId:int}"] = Policies.Staff,
        ["GET /questionnaires/versions/{versionId:int}/print"] = Policies.Staff,
        ["POST /questionnaires/versions/{versionId:int}/print"] = Policies.Staff,
        ["GET /questionnaires/{questionnaireId:int}/compare"] = Policies.Staff,
        ["POST /questionnaires/{questionnaireId:int}/compare"] = Policies.Staff,
        ["GET /questionnaires/versions/{versionId:int}/edit"] = Policies.Design,
        ["POST /questionnaires/versions/{versionId:int}/edit"] = Policies.Design,
        ["GET /rounds/{roundId:int}/questionnaires/new"] = Policies.Design,
        ["POST /rounds/{roundId:int}/questionnaires/new"] = Policies.Design,
        // Field entry (issue 7): keying = field-entry, resolving and set-up = supervise.
        ["GET /field"] = Policies.FieldEntry,
        ["POST /field"] = Policies.FieldEntry,
        ["GET /rounds/{roundId:int}/field"] = Policies.FieldEntry,
        ["POST /rounds/{roundId:int}/field"] = Policies.FieldEntry,
        ["GET /rounds/{roundId:int}/field/key/{code}"] = Policies.FieldEntry,
        ["POST /rounds/{roundId:int}/field/key/{code}"] = Policies.FieldEntry,
        ["GET /rounds/{roundId:int}/field/print"] = Policies.FieldEntry,
        ["POST /rounds/{roundId:int}/field/print"] = Policies.FieldEntry,
        ["GET /rounds/{roundId:int}/field/review"] = Policies.Supervise,
        ["POST /rounds/{roundId:int}/field/review"] = Policies.Supervise,
        ["GET /rounds/{roundId:int}/field/manage"] = Policies.Supervise,
        ["POST /rounds/{roundId:int}/field/manage"] = Policies.Supervise,
        ["GET /rounds/{roundId:int}/field/stats"] = Policies.Supervise,
        ["POST /rounds/{roundId:int}/field/stats"] = Policies.Supervise,
        ["GET /rounds/{roundId:int}/field/history/{code}"] = Policies.Supervise,
        ["POST /rounds/{roundId:int}/field/history/{code}"] = Policies.Supervise,
        ["GET /rounds/{roundId:int}/field/responses"] = Policies.Supervise,
        ["POST /rounds/{roundId:int}/field/responses"] = Policies.Supervise,
        // Publication (#22): publishing and the unit mapping are the Admin's, the versions list is a result; the public results
        // site and its files are anonymous by design (404 for any round not published: PublicSiteTests).
        ["GET /api/v1/rounds/{roundId:int}/publications"] = Policies.ViewResults,
        ["POST /api/v1/rounds/{roundId:int}/publications"] = Policies.Admin,
        ["PUT /api/v1/rounds/{roundId:int}/predecessor"] = Policies.Admin,
        ["GET /rounds/{roundId:int}/publication"] = Policies.Admin,
        ["POST /rounds/{roundId:int}/publication"] = Policies.Admin,
        ["GET /cong-bo"] = Anonymous,
        ["POST /cong-bo"] = Anonymous,
        ["GET /cong-bo/{roundCode}"] = Anonymous,
        ["POST /cong-bo/{roundCode}"] = Anonymous,
        ["GET /cong-bo/{roundCode}/don-vi/{unitCode}"] = Anonymous,
        ["POST /cong-bo/{roundCode}/don-vi/{unitCode}"] = Anonymous,
        ["GET /cong-bo/{roundCode}/phien-ban"] = Anonymous,
        ["POST /cong-bo/{roundCode}/phien-ban"] = Anonymous,
        ["GET /cong-bo/{roundCode}/du-lieu"] = Anonymous,
        ["POST /cong-bo/{roundCode}/du-lieu"] = Anonymous,
        ["GET /cong-bo/{roundCode}/hoi-nghi"] = Anonymous,
        ["POST /cong-bo/{roundCode}/hoi-nghi"] = Anonymous,
        ["GET /cong-bo/{roundCode}/du-lieu/so-lieu.csv"] = Anonymous,
        ["GET /cong-bo/{roundCode}/du-lieu/so-lieu.xlsx"] = Anonymous,
        ["GET /cong-bo/{roundCode}/du-lieu/so-lieu.json"] = Anonymous,
        ["GET /cong-bo/{roundCode}/du-lieu/so-ma.csv"] = Anonymous,
        ["GET /cong-bo/{roundCode}/bao-cao"] = Anonymous,
        ["GET /cong-bo/{roundCode}/bao-cao.pdf"] = Anonymous,
        // Admin.
        ["GET /admin/audit"] = Policies.Admin,
        ["POST /admin/audit"] = Policies.Admin,
        ["GET /admin/users"] = Policies.Admin,
        ["POST /admin/users"] = Policies.Admin,
    };

    private readonly OwnApp app;

    public EndpointMatrixTests(OwnApp app) => this.app = app;

    public sealed record Walked(string Key, bool IsApi, string? DeclaredPolicy, bool DeclaresAnonymous);

    /// <summary>Every (method, route) the app serves, with the policy its metadata declares.</summary>
    public static List<Walked> Endpoints(IServiceProvider services)
    {
        var walked = new Dictionary<string, Walked>();
        foreach (var e in services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (e.Metadata.GetMetadata<ISuppressMatchingMetadata>()?.SuppressMatching == true) continue;
            var route = "/" + (e.RoutePattern.RawText ?? "").TrimStart('/');
            var isPage = e.Metadata.Any(m => m is Microsoft.AspNetCore.Mvc.RazorPages.PageActionDescriptor)
                         || e.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.Abstractions.ActionDescriptor>() is Microsoft.AspNetCore.Mvc.RazorPages.CompiledPageActionDescriptor;
            var methods = e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.ToArray() is { Length: > 0 } m ? m : isPage ? ["GET", "POST"] : ["GET"];
            var policy = e.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).LastOrDefault(p => p is not null);
            var anonymous = e.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            foreach (var method in methods) walked.TryAdd($"{method} {route}", new Walked($"{method} {route}", route.StartsWith("/api/") || route.StartsWith("/hubs/"), policy, anonymous));
        }
        return walked.Values.OrderBy(w => w.Key.Contains("logout")).ThenBy(w => w.Key, StringComparer.Ordinal).ToList();
    }

    [Fact]
    public void Every_endpoint_has_a_rule_and_declares_the_same_policy()
    {
        var endpoints = Endpoints(app.Services);
        Assert.True(endpoints.Count >= 30, $"only {endpoints.Count} endpoints found");
        var missing = endpoints.Where(e => !Matrix.ContainsKey(e.Key)).Select(e => e.Key).ToList();
        Assert.True(missing.Count == 0, "Endpoints without a rule in the matrix (add them here and to docs/security.md): " + string.Join(", ", missing));
        foreach (var e in endpoints)
        {
            // No attribute at all means the fallback policy: any signed-in staff member.
            var declared = e.DeclaresAnonymous ? Anonymous : e.DeclaredPolicy ?? Policies.Staff;
            Assert.True(Matrix[e.Key] == declared, $"{e.Key}: the matrix says {Matrix[e.Key]}, the endpoint declares {declared}");
        }
    }

    [Fact]
    public async Task Every_endpoint_answers_every_role_and_anonymous_as_the_matrix_says()
    {
        var endpoints = Endpoints(app.Services).Where(e => Matrix.ContainsKey(e.Key)).ToList();
        var (roundId, groupId, unitType, versionId, questionnaireId) = await app.WithDb(async db =>
        {
            var round = await db.Rounds.OrderBy(r => r.Id).FirstAsync();
            var group = await db.RespondentGroups.Where(g => g.RoundId == round.Id).OrderByDescending(g => g.Id).FirstAsync();
            var type = await db.UnitTypes.Where(t => t.RoundId == round.Id).OrderBy(t => t.Id).FirstAsync();
            var version = await db.QuestionnaireVersions.Where(v => v.Questionnaire!.RoundId == round.Id).OrderBy(v => v.Id).FirstAsync();
            return (round.Id, group.Id, type.Code, version.Id, version.QuestionnaireId);
        });
        var failures = new List<string>();
        var calls = 0;
        foreach (var caller in Roles.All.Prepend(Anonymous))
        {
            var client = caller == Anonymous
                ? app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false })
                : await app.CreateClientAs(caller, followRedirects: false);
            foreach (var e in endpoints)
            {
                var (method, route) = (e.Key.Split(' ')[0], e.Key.Split(' ', 2)[1]);
                var path = RouteSamples.Fill(route, roundId, unitType, groupId, null, ("versionId", versionId), ("questionnaireId", questionnaireId));
                if (path.Contains("{token}")) path = path.Replace("{token}", (await app.IssueTokenAsync()).Token);
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (method != "GET")
                    request.Content = e.Key switch
                    {
                        "POST /api/v1/auth/login" => new StringContent("""{"email":"nobody@example.org","password":"wrong-password-1"}""", Encoding.UTF8, "application/json"),
                        // Routing matches the declared content type before authorization runs: send the one it accepts.
                        _ when e.Key.EndsWith("/units/import") => new StringContent("code,name\n", Encoding.UTF8, "text/csv"),
                        _ => new StringContent("{}", Encoding.UTF8, "application/json"),
                    };
                using var response = await client.SendAsync(request);
                calls++;
                var problem = Check(Matrix[e.Key], caller, e, response);
                if (problem is not null) failures.Add($"{caller} {method} {path}: {problem}");
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {calls} calls broke the matrix:\n" + string.Join("\n", failures));
        Assert.True(calls >= endpoints.Count * 6);
    }

    private static string? Check(string rule, string caller, Walked e, HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        var location = response.Headers.Location?.OriginalString ?? "";
        if (status >= 500) return $"server error {status}";
        var toLogin = status == 302 && location.Contains("/login");
        var toDenied = status == 302 && location.Contains("/denied");
        var allowed = rule == Anonymous || (caller != Anonymous && Policies.RolesOf[rule].Contains(caller));
        if (allowed)
        {
            if (e.Key == "GET /denied" && status == 403) return null; // the "access denied" page itself says 403
            if (status == 403 || toLogin || toDenied) return $"refused ({status} {location}) but the role is allowed";
            if (status == 401 && e.Key != "POST /api/v1/auth/login" && e.Key != "POST /login") return "401 but the role is allowed";
            return null;
        }
        if (caller == Anonymous)
            return e.IsApi ? status == 401 ? null : $"expected 401, got {status}" : toLogin ? null : $"expected a redirect to /login, got {status} {location}";
        return e.IsApi ? status == 403 ? null : $"expected 403, got {status}" : toDenied ? null : $"expected a redirect to /denied, got {status} {location}";
    }
}
