using LiveServer.Api.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddLiveServer();

var app = builder.Build();
app.MapLiveServer();
app.Run();

/// <summary>The host's entry point; public so integration tests can start it.</summary>
public partial class Program;
