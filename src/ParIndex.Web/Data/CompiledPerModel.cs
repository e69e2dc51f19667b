using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace ParIndex.Web.Data;

/// <summary>
/// An EF compiled query (<c>EF.CompileAsyncQuery</c>),
/// compiled once per model. EF binds a compiled query to the first model it runs against and refuses any other; a
/// process can hold two (SQLite's and PostgreSQL's: the test host, a migration between providers).
/// </summary>
public sealed class CompiledPerModel<TQuery>(Func<TQuery> compile) where TQuery : class
{
    private readonly ConditionalWeakTable<IModel, TQuery> byModel = new();

    public TQuery For(DbContext db) => byModel.GetValue(db.Model, _ => compile());
}
