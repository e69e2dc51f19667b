using System.Globalization;
using ParIndex.Web.Features.Demo;

namespace ParIndex.Load;

/// <summary>
/// The units of the city-scale round: every Sở-level unit and every xã/phường of Hanoi (126 since 01/07/2025).
/// Today the named ones are the demo's (20 Sở-level units, 30 xã/phường, Features/Demo/DemoData.cs) and the rest of the
/// 126 xã/phường are numbered stand-ins, so the round has the city's size. When Features/Demo/HanoiUnits.cs (branch
/// plancontent: the 126 xã/phường and 16 Sở-level units by name) is on main, switch <see cref="Named"/> to
/// <c>(HanoiUnits.Departments, HanoiUnits.Communes)</c> — that one line — and the stand-ins disappear.
/// </summary>
internal static class CityUnits
{
    public const int HanoiCommunes = 126;

    private static readonly ((string Code, string Name)[] Departments, (string Code, string Name)[] Communes) Named =
        (DemoData.Departments, [.. DemoData.Communes.Select(c => (c.Code, c.Name))]);

    public static (List<(string Code, string Name)> Departments, List<(string Code, string Name)> Communes) Full()
    {
        var communes = Named.Communes.ToList();
        for (var i = communes.Count + 1; communes.Count < HanoiCommunes; i++)
            communes.Add(($"X-CITY{i.ToString("D3", CultureInfo.InvariantCulture)}", $"Xã mẫu số {i}"));
        return (Named.Departments.ToList(), communes);
    }

    /// <summary>The short mode's handful: the first units of each list.</summary>
    public static (List<(string Code, string Name)> Departments, List<(string Code, string Name)> Communes) Small() =>
        (Named.Departments.Take(4).ToList(), Named.Communes.Take(6).ToList());
}
