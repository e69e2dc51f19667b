using System.Globalization;
using System.Net;
using System.Reflection;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ParIndex.Web.Infrastructure.Security;
using ParIndex.Web.Tests.Features.SelfAssessment;
using ParIndex.Web.Tests.Infrastructure;

namespace ParIndex.Web.Tests.Security;

/// <summary>
/// "No 5xx" as a property of every endpoint (issue #19, item 8), not of a list of known inputs: the role-matrix
/// walker's endpoints, each called by a caller it admits with every input it binds — route values, query strings,
/// page handlers' form fields and bound properties (lists of lines included), API JSON bodies built from their types —
/// set to boundary values: the largest and smallest of each type (dates 9999-12-31 and 0001-01-01), empty values,
/// duplicate and empty keys, encoded slashes and backslashes, tabs, traversal, 5000-character strings. Every answer must
/// be below 500 and no redirect may leave the site.
/// </summary>
public sealed class EndpointBoundaryTests(EndpointBoundaryTests.OwnApp app) : IClassFixture<EndpointBoundaryTests.OwnApp>
{
    /// <summary>Its own database (the walk posts junk everywhere), with appraisal periods and a unit reporter.</summary>
    public sealed class OwnApp : SelfAssessmentApp;

    public enum Profile { Max, Min, Empty, BackslashUrl, TabUrl, Traversal, Long, DuplicateKeys }

    private static readonly Profile[] StringOnly = [Profile.BackslashUrl, Profile.TabUrl, Profile.Traversal, Profile.Long];

    /// <summary>An input an endpoint binds: name, type, and where it is read from (route, query, form, body).</summary>
    public sealed record Input(string Name, Type Type, string Source);

    /// <summary>One handler of one endpoint: the method, the route, its matrix rule, a page handler name, its inputs.</summary>
    public sealed record Target(string Method, string Route, string Rule, string? Handler, IReadOnlyList<Input> Inputs, bool IsPage)
    {
        public string Key => $"{Method} {Route}{(Handler is null ? "" : $"?handler={Handler}")}";
    }

    private static readonly Type[] Plumbing =
    [
        typeof(CancellationToken), typeof(HttpContext), typeof(HttpRequest), typeof(HttpResponse), typeof(ClaimsPrincipal), typeof(Stream),
        typeof(IFormFile), typeof(IFormFileCollection), typeof(IFormCollection), typeof(System.IO.Pipelines.PipeReader),
    ];

    /// <summary>Every handler of every endpoint, with the inputs read from its metadata (minimal APIs) or its compiled page.</summary>
    public static async Task<List<Target>> Targets(IServiceProvider services)
    {
        var loader = services.GetRequiredService<PageLoader>();
        var isService = services.GetRequiredService<IServiceProviderIsService>();
        var targets = new List<Target>();
        foreach (var e in services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (e.Metadata.GetMetadata<ISuppressMatchingMetadata>()?.SuppressMatching == true) continue;
            var route = "/" + (e.RoutePattern.RawText ?? "").TrimStart('/');
            var routeNames = e.RoutePattern.Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
            if (e.Metadata.GetMetadata<PageActionDescriptor>() is { } page)
            {
                var compiled = await loader.LoadAsync(page, e.Metadata);
                foreach (var method in new[] { "GET", "POST" })
                {
                    var rule = EndpointMatrixTests.Matrix.GetValueOrDefault($"{method} {route}");
                    if (rule is null) continue;
                    var handlers = compiled.HandlerMethods.Where(h => h.HttpMethod.Equals(method, StringComparison.OrdinalIgnoreCase)).ToList();
                    var properties = compiled.BoundProperties.OfType<PageBoundPropertyDescriptor>()
                        .Where(b => method == "POST" || b.Property.GetCustomAttribute<BindPropertyAttribute>()?.SupportsGet == true || b.Property.GetCustomAttribute<FromQueryAttribute>() is not null
                                    || b.Property.GetCustomAttribute<FromRouteAttribute>() is not null)
                        .Select(b => new Input(b.BindingInfo?.BinderModelName ?? b.Name, b.ParameterType, routeNames.Contains(b.Name) ? "route" : method == "GET" ? "query" : "form")).ToList();
                    if (handlers.Count == 0) targets.Add(new Target(method, route, rule, null, properties, true));
                    foreach (var h in handlers)
                    {
                        var inputs = h.Parameters.Where(p => !IsPlumbing(p.ParameterType, isService))
                            .Select(p => new Input(p.BindingInfo?.BinderModelName ?? p.Name, p.ParameterType, routeNames.Contains(p.Name) ? "route" : method == "GET" ? "query" : "form"))
                            .Concat(properties).ToList();
                        targets.Add(new Target(method, route, rule, h.Name, inputs, true));
                    }
                }
                continue;
            }
            var methods = e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.ToArray() is { Length: > 0 } m ? m : ["GET"];
            var info = e.Metadata.GetMetadata<MethodInfo>();
            foreach (var method in methods)
            {
                var rule = EndpointMatrixTests.Matrix.GetValueOrDefault($"{method} {route}");
                if (rule is null) continue;
                var inputs = (info?.GetParameters() ?? []).Where(p => p.GetCustomAttribute<FromServicesAttribute>() is null && !IsPlumbing(p.ParameterType, isService))
                    .Select(p => new Input(p.Name!, p.ParameterType, routeNames.Contains(p.Name!) ? "route" : IsSimple(p.ParameterType) || IsSimpleList(p.ParameterType) ? "query" : "body")).ToList();
                targets.Add(new Target(method, route, rule, null, inputs, false));
            }
        }
        return targets;
    }

    private static bool IsPlumbing(Type t, IServiceProviderIsService isService) =>
        Plumbing.Any(p => p.IsAssignableFrom(t)) || (!IsSimple(t) && !IsSimpleList(t) && isService.IsService(t));

    private static Type Bare(Type t) => Nullable.GetUnderlyingType(t) ?? t;

    private static bool IsSimple(Type t)
    {
        t = Bare(t);
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(DateTime) || t == typeof(DateOnly) || t == typeof(TimeOnly)
               || t == typeof(DateTimeOffset) || t == typeof(Guid) || t == typeof(TimeSpan);
    }

    private static Type? ElementOf(Type t) => t == typeof(string) ? null
        : t.IsArray ? t.GetElementType()
        : t.GetInterfaces().Append(t).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];

    private static bool IsSimpleList(Type t) => ElementOf(t) is { } e && IsSimple(e) && !IsDictionary(t);

    private static bool IsDictionary(Type t) => t.GetInterfaces().Append(t).Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>));

    /// <summary>The text of a boundary value of <paramref name="type"/> (null: leave the input out).</summary>
    public static string? Text(Type type, Profile profile)
    {
        var t = Bare(type);
        var stringish = StringOnly.Contains(profile);
        if (t == typeof(string))
            return profile switch
            {
                Profile.Max => "\U0010FFFF\uFFFF",
                Profile.Min => "0",
                Profile.Empty => "",
                Profile.BackslashUrl => "/\\evil.example",
                Profile.TabUrl => "/\t/evil.example",
                Profile.Traversal => "../../../../etc/passwd%00",
                Profile.Long => new string('ạ', 5000),
                _ => "A",
            };
        if (profile == Profile.Empty) return "";
        if (t == typeof(int) || t == typeof(short) || t == typeof(byte)) return profile switch { Profile.Max => "2147483647", Profile.Min => "-2147483648", Profile.Long => "99999999999999999999999", _ => stringish ? "0" : "1" };
        if (t == typeof(long)) return profile switch { Profile.Max => "9223372036854775807", Profile.Min => "-9223372036854775808", _ => stringish ? "0" : "1" };
        if (t == typeof(double) || t == typeof(float)) return profile switch { Profile.Max => "1.7976931348623157E+308", Profile.Min => "-1.7976931348623157E+308", Profile.Long => "NaN", _ => "0" };
        if (t == typeof(decimal)) return profile switch { Profile.Max => "79228162514264337593543950335", Profile.Min => "-79228162514264337593543950335", _ => "0" };
        if (t == typeof(DateTime) || t == typeof(DateTimeOffset)) return profile switch { Profile.Max => "9999-12-31T23:59:59.9999999", Profile.Min => "0001-01-01T00:00:00", Profile.Long => "31/12/9999", _ => "2026-11-23" };
        if (t == typeof(DateOnly)) return profile switch { Profile.Max => "9999-12-31", Profile.Min => "0001-01-01", Profile.Long => "31/12/9999", _ => "2026-11-23" };
        if (t == typeof(TimeOnly) || t == typeof(TimeSpan)) return profile switch { Profile.Max => "23:59:59.9999999", Profile.Min => "00:00:00", _ => "12:00" };
        if (t == typeof(bool)) return profile switch { Profile.Max => "true", Profile.Min => "false", _ => "maybe" };
        if (t == typeof(Guid)) return profile switch { Profile.Max => "ffffffff-ffff-ffff-ffff-ffffffffffff", Profile.Min => Guid.Empty.ToString(), Profile.Long => "not-a-guid", _ => Guid.NewGuid().ToString() };
        if (t.IsEnum) return profile switch { Profile.Max => Enum.GetNames(t)[^1], Profile.Min => Enum.GetNames(t)[0], Profile.Long => "999", _ => "Nope" };
        return null;
    }

    /// <summary>Form or query fields for one input: simple values, repeated keys for lists, indexed fields for lists of objects.</summary>
    private static IEnumerable<KeyValuePair<string, string>> Fields(string name, Type type, Profile profile, int depth = 0)
    {
        if (depth > 2) yield break;
        if (IsSimple(type))
        {
            if (Text(type, profile) is { } v)
            {
                yield return KeyValuePair.Create(name, v);
                if (profile == Profile.DuplicateKeys) yield return KeyValuePair.Create(name, Text(type, Profile.Max) ?? v);
            }
            yield break;
        }
        if (ElementOf(type) is { } element && !IsDictionary(type))
        {
            var count = profile == Profile.DuplicateKeys ? 2 : 1;
            for (var i = 0; i < count; i++)
            {
                if (IsSimple(element)) { if (Text(element, profile == Profile.DuplicateKeys ? Profile.Min : profile) is { } v) yield return KeyValuePair.Create(name, v); }
                else foreach (var f in Fields($"{name}[{i}]", element, profile == Profile.DuplicateKeys ? Profile.Min : profile, depth + 1)) yield return f;
            }
            yield break;
        }
        foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && p.GetIndexParameters().Length == 0))
            foreach (var f in Fields($"{name}.{p.Name}", p.PropertyType, profile, depth + 1)) yield return f;
    }

    /// <summary>A JSON value of <paramref name="type"/> at the boundary <paramref name="profile"/> (duplicate and empty keys in objects).</summary>
    private static void Json(Utf8JsonWriter w, Type type, Profile profile, int depth = 0)
    {
        var t = Bare(type);
        if (depth > 4) { w.WriteNullValue(); return; }
        if (IsSimple(t))
        {
            var text = Text(t, profile);
            if (text is null) w.WriteNullValue();
            else if ((t.IsPrimitive && t != typeof(bool) && t != typeof(char) || t == typeof(decimal)) && text.Length > 0 && text != "NaN" && !text.Contains('/') && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                w.WriteRawValue(text);
            else if (t == typeof(bool) && text is "true" or "false") w.WriteBooleanValue(text == "true");
            else w.WriteStringValue(text);
            return;
        }
        if (IsDictionary(t))
        {
            var value = t.GetGenericArguments().ElementAtOrDefault(1) ?? typeof(string);
            w.WriteStartObject();
            foreach (var key in profile == Profile.DuplicateKeys ? new[] { "", "k", "k" } : profile == Profile.Empty ? [] : ["k"])
            {
                w.WritePropertyName(key);
                Json(w, value, profile, depth + 1);
            }
            w.WriteEndObject();
            return;
        }
        if (ElementOf(t) is { } element)
        {
            w.WriteStartArray();
            for (var i = 0; i < (profile == Profile.DuplicateKeys ? 2 : profile == Profile.Empty ? 0 : 1); i++) Json(w, element, profile == Profile.DuplicateKeys ? Profile.Min : profile, depth + 1);
            w.WriteEndArray();
            return;
        }
        w.WriteStartObject();
        foreach (var p in t.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0))
        {
            w.WritePropertyName(JsonNamingPolicy.CamelCase.ConvertName(p.Name));
            Json(w, p.PropertyType, profile, depth + 1);
            if (profile == Profile.DuplicateKeys)
            {
                w.WritePropertyName(JsonNamingPolicy.CamelCase.ConvertName(p.Name));
                Json(w, p.PropertyType, Profile.Max, depth + 1);
            }
        }
        w.WriteEndObject();
    }

    [Fact]
    public async Task Every_endpoint_answers_boundary_values_in_every_input_without_a_server_error_or_a_redirect_off_the_site()
    {
        var targets = (await Targets(app.Services)).Where(t => !t.Route.Contains("logout", StringComparison.Ordinal)).ToList();
        Assert.True(targets.Count >= 150, $"only {targets.Count} handlers found");
        var (_, periodId, _) = await app.Periods();
        var ids = await app.WithDb(async db =>
        {
            var round = await db.Rounds.OrderBy(r => r.Id).FirstAsync();
            return new
            {
                RoundId = round.Id,
                GroupId = await db.RespondentGroups.Where(g => g.RoundId == round.Id).OrderBy(g => g.Id).Select(g => g.Id).FirstAsync(),
                Version = await db.QuestionnaireVersions.Where(v => v.Questionnaire!.RoundId == round.Id).OrderBy(v => v.Id).Select(v => new { v.Id, v.QuestionnaireId }).FirstAsync(),
                UnitId = await db.Units.Where(u => u.RoundId == round.Id && u.Code == "SO-KHCN").Select(u => u.Id).FirstAsync(),
                UnitCode = await db.Units.Where(u => u.RoundId == round.Id).OrderBy(u => u.Id).Select(u => u.Code).FirstAsync(),
                RespondentCode = await db.Respondents.Where(r => r.RoundId == round.Id).OrderBy(r => r.Id).Select(r => r.Code).FirstAsync(),
                InvitationId = await db.Invitations.OrderBy(i => i.Id).Select(i => i.Id).FirstAsync(),
            };
        });
        var admin = await app.CreateClientAs(Roles.Admin, followRedirects: false);
        var (reporter, _, _) = await app.Reporter("SO-KHCN");
        reporter.DefaultRequestHeaders.Add("X-Requested-With", "ParIndex.Tests");
        var anonymous = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var tokens = new Dictionary<HttpClient, string>();
        async Task<string> AntiforgeryOf(HttpClient client) => tokens.TryGetValue(client, out var t) ? t
            : tokens[client] = HttpExtensions.HiddenInputs(await client.GetStringAsync("/logout"))["__RequestVerificationToken"];

        var failures = new List<string>();
        var calls = 0;
        foreach (var target in targets)
        {
            var client = target.Rule == EndpointMatrixTests.Anonymous ? anonymous : target.Rule == Policies.SelfAssess ? reporter : admin;
            var profiles = target.Inputs.Any(i => Bare(i.Type) == typeof(string) || (ElementOf(i.Type) is not null && !IsSimple(i.Type)))
                ? Enum.GetValues<Profile>() : Enum.GetValues<Profile>().Except(StringOnly).ToArray();
            foreach (var profile in profiles)
            {
                var path = target.Route.Replace("{periodId:int}", periodId.ToString(CultureInfo.InvariantCulture))
                    .Replace("{unitId:int}", ids.UnitId.ToString(CultureInfo.InvariantCulture))
                    .Replace("{code}", Uri.EscapeDataString(StringOnly.Contains(profile) ? Text(typeof(string), profile)! : ids.RespondentCode))
                    .Replace("{unitCode}", Uri.EscapeDataString(StringOnly.Contains(profile) ? Text(typeof(string), profile)! : ids.UnitCode));
                foreach (var name in new[] { "slug", "culture", "unitType" })
                    if (StringOnly.Contains(profile)) path = path.Replace("{" + name + "}", Uri.EscapeDataString(Text(typeof(string), profile)!));
                path = RouteSamples.Fill(path, ids.RoundId, "SO", ids.GroupId, null, ("versionId", ids.Version.Id), ("questionnaireId", ids.Version.QuestionnaireId), ("invitationId", ids.InvitationId));
                if (path.Contains("{token}"))
                    path = path.Replace("{token}", StringOnly.Contains(profile) ? Uri.EscapeDataString(Text(typeof(string), profile)!) : (await app.IssueTokenAsync()).Token);

                var query = target.Inputs.Where(i => i.Source == "query").SelectMany(i => Fields(i.Name, i.Type, profile)).ToList();
                if (target.Handler is { } handler) query.Insert(0, KeyValuePair.Create("handler", handler));
                var url = path + (query.Count == 0 ? "" : "?" + string.Join('&', query.Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value)}")));
                using var request = new HttpRequestMessage(new HttpMethod(target.Method), url);
                if (target.IsPage && target.Method == "POST")
                {
                    var form = target.Inputs.Where(i => i.Source == "form").SelectMany(i => Fields(i.Name, i.Type, profile)).ToList();
                    form.Add(KeyValuePair.Create("__RequestVerificationToken", await AntiforgeryOf(client)));
                    request.Content = new FormUrlEncodedContent(form);
                }
                else if (target.Inputs.FirstOrDefault(i => i.Source == "body") is { } body)
                {
                    using var buffer = new MemoryStream();
                    using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true })) Json(w, body.Type, profile);
                    request.Content = new ByteArrayContent(buffer.ToArray()) { Headers = { { "Content-Type", "application/json" } } };
                }
                else if (target.Method != "GET") request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
                calls++;
                try
                {
                    using var response = await client.SendAsync(request);
                    var status = (int)response.StatusCode;
                    var location = response.Headers.Location?.OriginalString ?? "";
                    if (status >= 500) failures.Add($"{target.Key} [{profile}] {url[..Math.Min(url.Length, 200)]}: {status}");
                    else if (status is >= 300 and < 400 && (location.StartsWith("//", StringComparison.Ordinal) || location.StartsWith("/\\", StringComparison.Ordinal)
                             || location.Contains('\t') || (location.Contains("://", StringComparison.Ordinal) && new Uri(location).Host != "localhost")))
                        failures.Add($"{target.Key} [{profile}]: redirects off the site to {location}");
                }
                catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or IOException)
                {
                    failures.Add($"{target.Key} [{profile}]: {ex.GetType().Name} {ex.Message}");
                }
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {calls} boundary calls failed:\n" + string.Join("\n", failures));
        Assert.True(calls >= targets.Count * 4, $"only {calls} calls for {targets.Count} handlers");
    }
}
