using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using ParIndex.Core.Domain;
using ParIndex.Web.Data;

namespace ParIndex.Web.Features.Collection;

/// <summary>
/// A change to what the forms read (rounds, unit types, units, groups, questionnaires, versions, matrix assignments) reaches this node's
/// <see cref="CollectionCatalog"/>: it is dropped when such a change is saved, and — when a transaction is open —
/// again once it commits, so a read that raced the commit and cached the old rows is not kept. Registered in DI and
/// added to every context (<see cref="DatabaseSetup"/>).
/// </summary>
internal sealed class CatalogInvalidation(CollectionCatalog catalog) : SaveChangesInterceptor
{
    // Whether the save in flight on a context changes the catalog: decided before the save (after it, the entries are Unchanged).
    private readonly ConditionalWeakTable<DbContext, StrongBox<bool>> pending = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Before(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Before(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        After(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        After(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Flag(eventData.Context).Value = false;

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Flag(eventData.Context).Value = false;
        return Task.CompletedTask;
    }

    private StrongBox<bool> Flag(DbContext? context) => context is null ? new StrongBox<bool>() : pending.GetValue(context, _ => new StrongBox<bool>());

    private void Before(DbContext? context)
    {
        if (context is null) return;
        var changed = false;
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached) continue;
            if (entry.Entity is Round or UnitType or Unit or RespondentGroup or Questionnaire or QuestionnaireVersion or UnitAssignment)
            {
                changed = true;
                break;
            }
        }
        Flag(context).Value = changed;
    }

    private void After(DbContext? context)
    {
        var flag = Flag(context);
        if (!flag.Value) return;
        flag.Value = false;
        catalog.Invalidate();
        if (context is ParIndexDbContext db && db.Database.CurrentTransaction is not null) db.AfterCommit(catalog.Invalidate);
    }
}
