using LiveServer.Api.Auth;
using LiveServer.Api.Hosting;
using LiveServer.Storage;

if (TokenCommand.IsInvoked(args))
{
    return TokenCommand.Run(args, Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddLiveServer();

var app = builder.Build();
app.MapLiveServer();
try
{
    app.Run();
}
catch (StoreUnavailableException e)
{
    // The database is not usable: say which file and what to do, and do not start empty.
    Console.Error.WriteLine(e.Message);
    return 2;
}

return 0;

/// <summary>The host's entry point; public so integration tests can start it.</summary>
public partial class Program;
