using LiveServer.Api.Auth;
using LiveServer.Api.Hosting;

if (TokenCommand.IsInvoked(args))
{
    return TokenCommand.Run(args, Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddLiveServer();

var app = builder.Build();
app.MapLiveServer();
app.Run();
return 0;

/// <summary>The host's entry point; public so integration tests can start it.</summary>
public partial class Program;
