namespace ParIndex.Web.Infrastructure.Security;

/// <summary>Staff roles. Respondents have no account: their personal token is their credential.</summary>
public static class Roles
{
    /// <summary>Accounts, configuration, audit log, everything.</summary>
    public const string Admin = "Admin";
    /// <summary>The institute: rounds, questionnaires, samples, scoring.</summary>
    public const string Designer = "Designer";
    /// <summary>Monitoring fieldwork and reviewing responses.</summary>
    public const string Supervisor = "Supervisor";
    /// <summary>Keying paper forms of their assignments only.</summary>
    public const string FieldStaff = "FieldStaff";
    /// <summary>Sở Nội vụ: published results only.</summary>
    public const string Viewer = "Viewer";
    /// <summary>The appraisal council's working group (Tổ công tác giúp việc Hội đồng thẩm định): appraises self-assessments, records the council's approval.</summary>
    public const string Appraiser = "Appraiser";
    /// <summary>An official of one evaluated unit (Sở or UBND xã/phường) who enters that unit's self-assessment; sees nothing else.</summary>
    public const string UnitReporter = "UnitReporter";

    public static readonly string[] All = [Admin, Designer, Supervisor, FieldStaff, Viewer, Appraiser, UnitReporter];

    /// <summary>The city's and the institute's staff: every role but <see cref="UnitReporter"/>, whose accounts belong to the evaluated units.</summary>
    public static readonly string[] Staff = [Admin, Designer, Supervisor, FieldStaff, Viewer, Appraiser];
}

/// <summary>
/// Authorization policies: every staff endpoint and page names one of these, so the role × endpoint matrix
/// (docs/security.md) is a property of the code, not of a diagram.
/// </summary>
public static class Policies
{
    /// <summary>Any signed-in staff member (not a unit reporter: the fallback policy keeps new endpoints closed to the units).</summary>
    public const string Staff = "staff";
    /// <summary>Admin, Designer: set up rounds, questionnaires, samples, scoring.</summary>
    public const string Design = "design";
    /// <summary>Admin, Designer, Supervisor: monitoring and review.</summary>
    public const string Supervise = "supervise";
    /// <summary>Admin, Supervisor, FieldStaff: keying paper forms.</summary>
    public const string FieldEntry = "field-entry";
    /// <summary>Every staff role including Viewer: published results.</summary>
    public const string ViewResults = "view-results";
    /// <summary>Admin only: accounts and the audit log.</summary>
    public const string Admin = "admin";
    /// <summary>UnitReporter only: their own unit's self-assessment (the handlers check the unit).</summary>
    public const string SelfAssess = "self-assess";
    /// <summary>Admin, Appraiser: appraisal rounds, council approval, the deadlines dashboard.</summary>
    public const string Appraise = "appraise";

    public static readonly IReadOnlyDictionary<string, string[]> RolesOf = new Dictionary<string, string[]>
    {
        [Staff] = Roles.Staff,
        [Design] = [Roles.Admin, Roles.Designer],
        [Supervise] = [Roles.Admin, Roles.Designer, Roles.Supervisor],
        [FieldEntry] = [Roles.Admin, Roles.Supervisor, Roles.FieldStaff],
        [ViewResults] = Roles.Staff,
        [Admin] = [Roles.Admin],
        [SelfAssess] = [Roles.UnitReporter],
        [Appraise] = [Roles.Admin, Roles.Appraiser],
    };
}
