namespace ParIndex.Core.Domain;

public enum RespondentStatus
{
    /// <summary>In the official sample.</summary>
    Active = 0,
    /// <summary>On the reserve list, not (yet) called up.</summary>
    Reserve = 1,
    /// <summary>Replaced by a reserve member (refusal, unreachable, ineligible).</summary>
    Replaced = 2,
}

/// <summary>
/// A sample member. Holds the design information the estimators need (stratum, PSU, inclusion probabilities, fpc)
/// but no contact data: that lives in <see cref="RespondentContact"/> so responses stay separable from identities.
/// </summary>
public sealed class Respondent
{
    public int Id { get; set; }
    public int RoundId { get; set; }
    public int RespondentGroupId { get; set; }
    public RespondentGroup? RespondentGroup { get; set; }

    /// <summary>The unit the member belongs to or was sampled for (a citizen's xã/phường); null for officials rating many units.</summary>
    public int? UnitId { get; set; }

    public Unit? Unit { get; set; }

    /// <summary>Respondent code printed on letters and paper forms (unique within a round).</summary>
    public required string Code { get; set; }

    /// <summary>Id of the member in the sampling frame it was drawn from.</summary>
    public string? FrameId { get; set; }

    public string? Stratum { get; set; }
    public string? Psu { get; set; }
    public string? Ssu { get; set; }

    /// <summary>First-stage inclusion probability π₁.</summary>
    public double Pi1 { get; set; } = 1;

    /// <summary>Second-stage (conditional) inclusion probability π₂.</summary>
    public double Pi2 { get; set; } = 1;

    /// <summary>Design weight 1/(π₁·π₂), before any nonresponse or calibration adjustment.</summary>
    public double DesignWeight { get; set; } = 1;

    /// <summary>Population size of the first stage within the stratum (finite population correction); null = with replacement.</summary>
    public double? Fpc1 { get; set; }

    public double? Fpc2 { get; set; }
    public RespondentStatus Status { get; set; }
    public int? ReserveRank { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>Contact data of a sample member, stored apart from responses and shown only to Admin/Designer.</summary>
public sealed class RespondentContact
{
    public int RespondentId { get; set; }
    public string? FullName { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public string? Address { get; set; }
}
