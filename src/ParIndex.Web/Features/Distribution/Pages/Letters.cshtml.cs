using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ParIndex.Core.Domain;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure.Security;

namespace ParIndex.Web.Features.Distribution.Pages;

/// <summary>Printable A4 invitation letters (Vietnamese): one respondent, or a whole unit/group as a batch, one letter per page.</summary>
[Authorize(Policy = Policies.Design)]
public sealed class LettersModel(ParIndexDbContext db, LinkTokens tokens, IOptions<PersonalLinkOptions> options, PdfPrinter printer, IWebHostEnvironment env) : PageModel
{
    public const int MaxBatch = 2000;

    public Round Round { get; private set; } = null!;
    public List<LinkRow> Letters { get; private set; } = [];
    public string? Deadline { get; private set; }

    /// <summary>The letters' markup (shared with the PDF), QR images from the QR endpoint.</summary>
    public string ArticlesHtml => LetterDocument.Articles(Round, Letters, Deadline, l => LetterDocument.QrImage($"/api/v1/rounds/{Round.Id}/invitations/{l.InvitationId}/qr.svg"));

    public bool PdfAvailable => printer.Available;

    /// <summary>The same letters as one PDF (A4, one letter per page), printed by headless Chromium.</summary>
    public async Task<IActionResult> OnGetPdfAsync(int roundId, int? invitationId, int? unitId, int? groupId, CancellationToken ct)
    {
        if (await OnGetAsync(roundId, invitationId, unitId, groupId, ct) is not PageResult) return NotFound();
        if (!printer.Available) return StatusCode(StatusCodes.Status503ServiceUnavailable);
        var css = await System.IO.File.ReadAllTextAsync(Path.Combine(env.WebRootPath, "css", "site.css"), ct);
        var pdf = await printer.PrintAsync(LetterDocument.Standalone(Round, Letters, Deadline, css), ct);
        return File(pdf, "application/pdf", $"thu-moi-{Round.Code}{(unitId is null ? "" : $"-u{unitId}")}{(groupId is null ? "" : $"-g{groupId}")}.pdf");
    }

    public async Task<IActionResult> OnGetAsync(int roundId, int? invitationId, int? unitId, int? groupId, CancellationToken ct)
    {
        if (await db.Rounds.FirstOrDefaultAsync(r => r.Id == roundId, ct) is not { } round) return NotFound();
        Round = round;
        var rows = await LinkExport.Rows(db, tokens, new InvitationScope(roundId, unitId, groupId), DistributionApi.PublicBaseUrl(HttpContext, options.Value), ct);
        Letters = (invitationId is { } id ? rows.Where(r => r.InvitationId == id) : rows).Take(MaxBatch).ToList();
        if (invitationId is not null && Letters.Count == 0) return NotFound();
        Deadline = round.FieldworkEnd?.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture);
        return Page();
    }
}
