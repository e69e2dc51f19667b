using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ParIndex.Web.Data;

/// <summary>Lets `dotnet ef migrations add` build the context without starting the web host.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<ParIndexDbContext>
{
    public ParIndexDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<ParIndexDbContext>()
            .UseSqlite("Data Source=design-time.db", o => o.MigrationsAssembly(typeof(ParIndexDbContext).Assembly.FullName))
            .Options);
}
