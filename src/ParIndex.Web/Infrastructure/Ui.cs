using System.Globalization;

namespace ParIndex.Web.Infrastructure;

/// <summary>
/// UI text and formats. Vietnamese is the default; English is chosen with ?lang=en or the language switch.
/// Texts are written side by side in the page (<c>Ui.L("Đợt điều tra", "Survey rounds")</c>) so neither language drifts.
/// </summary>
public static class Ui
{
    public static readonly CultureInfo Vi = CultureInfo.GetCultureInfo("vi-VN");

    public static bool IsEnglish => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public static string Lang => IsEnglish ? "en" : "vi";

    public static string L(string vi, string en) => IsEnglish ? en : vi;

    /// <summary>A percentage the way reports show it: <c>84,44%</c> (vi-VN) or <c>84.44%</c> (en).</summary>
    public static string Percent(double share) => (share * 100).ToString("0.00", IsEnglish ? CultureInfo.InvariantCulture : Vi) + "%";

    /// <summary>Points with two decimals: <c>92,90</c>.</summary>
    public static string Points(decimal points) => points.ToString("0.00", IsEnglish ? CultureInfo.InvariantCulture : Vi);

    public static string Date(DateOnly d) => d.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    /// <summary>A stored (UTC) time as read in Hanoi: <c>23/11/2026 15:30</c>.</summary>
    public static string Date(DateTime utc) => HanoiTime.ToLocal(utc).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture);

    /// <summary>A stored (UTC) time to the second as read in Hanoi, for logs: <c>23/11/2026 15:30:07</c>.</summary>
    public static string DateSeconds(DateTime utc) => HanoiTime.ToLocal(utc).ToString("dd/MM/yyyy HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>Says which clock a column or a sentence of times is in, where a reader could not tell.</summary>
    public static string HanoiClock => L("giờ Hà Nội, UTC+7", "Hanoi time, UTC+7");

    public static string Status(Core.Domain.RoundStatus s) => s switch
    {
        Core.Domain.RoundStatus.Draft => L("Đang chuẩn bị", "Draft"),
        Core.Domain.RoundStatus.Fieldwork => L("Đang điều tra", "Fieldwork"),
        Core.Domain.RoundStatus.Closed => L("Đã kết thúc", "Closed"),
        _ => L("Đã công bố", "Published"),
    };
}
