using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using ParIndex.Core.Domain;
using ParIndex.Web.Data;
using ParIndex.Web.Features.Accounts;
using ParIndex.Web.Infrastructure.Security;

namespace ParIndex.Cli.Commands;

/// <summary>
/// <c>parindex user add --email E --role R [--password-stdin]</c>: creates a staff account (the first admin is made
/// this way). Without --password-stdin a strong password is generated and printed once.
/// </summary>
public static class UserCommands
{
    public static async Task<int> Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        var a = new CliArgs(args, "password-stdin");
        if (a.Positional.FirstOrDefault() is not ("add" or "list"))
            throw new CliException("usage: parindex user add --email E [--role Admin|Designer|Supervisor|FieldStaff|Viewer] [--password-stdin] | user list");
        var database = await CliDatabase.ExistingAsync(a);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDataProtection();
        services.AddParIndexDatabase(database);
        services.AddStaffIdentity();
        await using var provider = services.BuildServiceProvider();
        using var scope = provider.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ParIndexDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        switch (a.Positional.FirstOrDefault())
        {
            case "add":
            {
                var generated = !a.Has("password-stdin");
                var password = generated ? StaffAccounts.NewPassword() : (stdin.ReadLine() ?? "").Trim();
                try
                {
                    await StaffAccounts.CreateAsync(users, roles, db, a.Require("email"), password, a.Get("role") ?? Roles.Admin, $"cli:{Environment.UserName}", DateTime.UtcNow);
                }
                catch (DomainException e)
                {
                    stderr.WriteLine(e.Message);
                    return 1;
                }
                stdout.WriteLine(generated ? $"Created {a.Get("email")} ({a.Get("role") ?? Roles.Admin}). Password (shown once): {password}" : $"Created {a.Get("email")}.");
                return 0;
            }
            case "list":
                foreach (var u in users.Users.OrderBy(u => u.Email).ToList())
                    stdout.WriteLine($"{u.Email}\t{string.Join(',', await users.GetRolesAsync(u))}{(u.IsDemo ? "\tdemo" : "")}");
                return 0;
            default:
                throw new CliException("usage: parindex user add --email E [--role Admin|Designer|Supervisor|FieldStaff|Viewer] [--password-stdin] | user list");
        }
    }
}
