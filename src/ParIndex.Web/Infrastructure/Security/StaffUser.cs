using Microsoft.AspNetCore.Identity;

namespace ParIndex.Web.Infrastructure.Security;

/// <summary>A staff account (institute, supervisors, field staff, viewers).</summary>
public sealed class StaffUser : IdentityUser
{
    public string? DisplayName { get; set; }

    /// <summary>The demo administrator whose password is renewed and printed at each start of a demo installation.</summary>
    public bool IsDemo { get; set; }

    public DateTime CreatedAt { get; set; }
}
