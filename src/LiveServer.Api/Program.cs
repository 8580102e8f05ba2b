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
try
{
    // Opened before anything starts, so an unusable database stops the server with one line.
    app.Services.GetRequiredService<ILiveStore>();
}
catch (StoreUnavailableException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

app.MapLiveServer();
app.Run();
return 0;

/// <summary>The host's entry point; public so integration tests can start it.</summary>
public partial class Program;
