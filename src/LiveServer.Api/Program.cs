var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.MapGet("/health", () => "ok");
app.Run();

/// <summary>The host's entry point; public so integration tests can start it.</summary>
public partial class Program;
