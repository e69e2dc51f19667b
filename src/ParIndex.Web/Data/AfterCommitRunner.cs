using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ParIndex.Web.Data;

/// <summary>Runs (or drops, on a rollback) what was registered with <see cref="ParIndexDbContext.AfterCommit"/>.</summary>
internal sealed class AfterCommitRunner : DbTransactionInterceptor
{
    public static readonly AfterCommitRunner Instance = new();

    // A transaction disposed without a commit or a rollback reports neither: what it registered is dropped when the next one starts.
    public override DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        (eventData.Context as ParIndexDbContext)?.DiscardAfterCommit();
        return result;
    }

    public override ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
    {
        (eventData.Context as ParIndexDbContext)?.DiscardAfterCommit();
        return ValueTask.FromResult(result);
    }

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => (eventData.Context as ParIndexDbContext)?.RunAfterCommit();

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        (eventData.Context as ParIndexDbContext)?.RunAfterCommit();
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => (eventData.Context as ParIndexDbContext)?.DiscardAfterCommit();

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        (eventData.Context as ParIndexDbContext)?.DiscardAfterCommit();
        return Task.CompletedTask;
    }

    public override void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => (eventData.Context as ParIndexDbContext)?.DiscardAfterCommit();

    public override Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        (eventData.Context as ParIndexDbContext)?.DiscardAfterCommit();
        return Task.CompletedTask;
    }
}
