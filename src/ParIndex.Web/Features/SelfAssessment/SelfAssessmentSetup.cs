using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using ParIndex.Core.SelfAssessment;
using ParIndex.Web.Data;

namespace ParIndex.Web.Features.SelfAssessment;

public static class SelfAssessmentSetup
{
    public static void AddSelfAssessment(this IServiceCollection services)
    {
        services.AddOptions<SelfAssessmentOptions>().BindConfiguration(SelfAssessmentOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.Holidays.Keys.All(k => int.TryParse(k, out var y) && y is > 2000 and < 2200), "SelfAssessment:Holidays keys must be years.")
            .ValidateOnStart();
        services.AddSingleton<WorkingCalendar>(sp => sp.GetRequiredService<IOptions<SelfAssessmentOptions>>().Value.Calendar());
        services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<SelfAssessmentOptions>>().Value;
            var directory = o.EvidenceDirectory;
            if (string.IsNullOrWhiteSpace(directory))
            {
                var db = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;
                var file = DatabaseSetup.SqliteFile(db.ConnectionString) ?? DataLocation.Resolve("data/parindex.db");
                directory = Path.Combine(Path.GetDirectoryName(file) ?? ".", "evidence");
            }
            return new EvidenceStore(DataLocation.Resolve(directory), o.MaxEvidenceBytes, o.MaxFilesPerLine);
        });
    }

    public static void MapSelfAssessment(this IEndpointRouteBuilder app) => EvidenceDownload.Map(app);
}
