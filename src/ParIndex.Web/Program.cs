using ParIndex.Web;

var builder = WebApplication.CreateBuilder(args);
builder.AddParIndex();

var app = builder.Build();
await app.PrepareDatabaseAsync();
app.UseParIndex();
app.MapParIndex();
app.Run();

public partial class Program;
