using System.ComponentModel.DataAnnotations;
using ParIndex.Core.SelfAssessment;

namespace ParIndex.Web.Features.SelfAssessment;

/// <summary><c>SelfAssessment:*</c>: evidence storage and limits, and the working-day calendar.</summary>
public sealed class SelfAssessmentOptions
{
    public const string Section = "SelfAssessment";

    /// <summary>Where evidence files are stored; default: <c>evidence/</c> beside the SQLite file. Never under wwwroot.</summary>
    public string? EvidenceDirectory { get; set; }

    /// <summary>Largest evidence file accepted (bytes).</summary>
    [Range(1024, 1L << 30)]
    public long MaxEvidenceBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Largest number of files on one line of one assessment.</summary>
    [Range(1, 1000)]
    public int MaxFilesPerLine { get; set; } = 20;

    /// <summary>Public holidays by year ("2026": ["2026-01-01", …]); a configured year replaces the built-in default for that year.</summary>
    public Dictionary<string, List<DateOnly>> Holidays { get; set; } = [];

    /// <summary>Weekend days declared working days (ngày làm bù).</summary>
    public List<DateOnly> WorkingWeekendDays { get; set; } = [];

    public WorkingCalendar Calendar() => PublicHolidays.Calendar(
        Holidays.ToDictionary(h => int.Parse(h.Key, System.Globalization.CultureInfo.InvariantCulture), h => (IReadOnlyList<DateOnly>)h.Value),
        WorkingWeekendDays);
}
