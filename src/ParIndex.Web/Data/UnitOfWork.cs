using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace ParIndex.Web.Data;

/// <summary>
/// A transaction that joins the caller's when there is one: use cases compose (the demo seed runs several inside its
/// own transaction) and each still commits on its own when called alone.
/// </summary>
public sealed class UnitOfWork : IAsyncDisposable
{
    private readonly IDbContextTransaction? owned;

    private UnitOfWork(IDbContextTransaction? owned) => this.owned = owned;

    public static async Task<UnitOfWork> BeginAsync(DbContext db, CancellationToken ct) =>
        new(db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null);

    public Task CommitAsync(CancellationToken ct) => owned?.CommitAsync(ct) ?? Task.CompletedTask;

    public ValueTask DisposeAsync() => owned?.DisposeAsync() ?? ValueTask.CompletedTask;
}
