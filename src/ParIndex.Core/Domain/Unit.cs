namespace ParIndex.Core.Domain;

/// <summary>
/// A kind of evaluated unit: Sở (department), UBND xã/phường (commune/ward), public service unit. Each type has its own
/// criteria tree and may have its own split of the 100 points between the survey and the appraisal.
/// </summary>
public sealed class UnitType
{
    public int Id { get; set; }
    public int RoundId { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public string? NameEn { get; set; }
    public int SortOrder { get; set; }

    /// <summary>Survey points of this type's index; null (with <see cref="AppraisalPoints"/>) = the round's split.</summary>
    public decimal? SurveyPoints { get; set; }

    /// <summary>Appraisal points of this type's index; null (with <see cref="SurveyPoints"/>) = the round's split.</summary>
    public decimal? AppraisalPoints { get; set; }

    /// <summary>The split this type's criteria tree adds up to: its own, or the round's.</summary>
    public (decimal Survey, decimal Appraisal) Split(Round round)
    {
        ArgumentNullException.ThrowIfNull(round);
        return SurveyPoints is { } s && AppraisalPoints is { } a ? (s, a) : (round.SurveyPoints, round.AppraisalPoints);
    }

    /// <summary>
    /// Problems with a split of this type (Vietnamese; empty when valid): both parts given or neither, each 0–100, adding up to 100.
    /// </summary>
    public static IReadOnlyList<string> ValidateSplit(decimal? survey, decimal? appraisal)
    {
        if (survey is null && appraisal is null) return [];
        if (survey is null || appraisal is null) return ["Nhập cả điểm điều tra XHH và điểm thẩm định của loại đơn vị, hoặc để trống cả hai để dùng cách chia của đợt."];
        if (survey is < 0 or > 100 || appraisal is < 0 or > 100) return ["Điểm điều tra XHH và điểm thẩm định phải từ 0 đến 100."];
        return survey + appraisal == 100 ? [] : [$"Điểm điều tra XHH và điểm thẩm định của loại đơn vị phải cộng lại bằng 100 (hiện là {(survey + appraisal).Value.ToString("0.##", System.Globalization.CultureInfo.GetCultureInfo("vi-VN"))})."];
    }
}

/// <summary>An evaluated unit (đơn vị được đánh giá) within a round.</summary>
public sealed class Unit
{
    public int Id { get; set; }
    public int RoundId { get; set; }
    public int UnitTypeId { get; set; }
    public UnitType? UnitType { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }

    /// <summary>The wider area the unit belongs to (e.g. the former district of a ward), for reporting.</summary>
    public string? ParentArea { get; set; }

    public int SortOrder { get; set; }
}

/// <summary>A respondent group (đối tượng điều tra) that rates units of one type, e.g. city council delegates rating Sở.</summary>
public sealed class RespondentGroup
{
    public int Id { get; set; }
    public int RoundId { get; set; }

    /// <summary>The type of unit this group evaluates.</summary>
    public int UnitTypeId { get; set; }

    public UnitType? UnitType { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public string? NameEn { get; set; }

    /// <summary>Weight of this group when groups are combined into a unit's survey points (configurable, relative).</summary>
    public decimal ScoreWeight { get; set; } = 1m;

    /// <summary>True for officials who rate every unit of the type (a unit grid); false for citizens who rate the unit that served them.</summary>
    public bool RatesManyUnits { get; set; }

    public int SortOrder { get; set; }
}
