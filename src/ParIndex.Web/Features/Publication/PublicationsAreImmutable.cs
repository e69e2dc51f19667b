using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using ParIndex.Core.Domain;

namespace ParIndex.Web.Features.Publication;

/// <summary>
/// A publication, once saved, is evidence of what was announced: no path of the application edits or removes one (a
/// correction is a new version). Checked on every save of every context, as the audit log's rule is.
/// </summary>
internal sealed class PublicationsAreImmutable : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Check(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Check(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private static void Check(DbContext? context)
    {
        if (context is null) return;
        foreach (var entry in context.ChangeTracker.Entries<Core.Publication.Publication>())
        {
            if (entry.State is EntityState.Modified or EntityState.Deleted)
                throw new DomainException("publication-immutable", "Một phiên bản công bố không bao giờ được sửa hay xóa; đính chính là một phiên bản mới.");
        }
    }
}
