using LiveServer.Api.Auth;
using LiveServer.Api.Hosting;
using Microsoft.Extensions.Options;

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
    return 0;
}
catch (OptionsValidationException e)
{
    // A setting is missing or wrong: say which, without a stack trace.
    Console.Error.WriteLine($"LiveServer cannot start: {string.Join(" ", e.Failures)}");
    return 1;
}

/// <summary>The host's entry point; public so integration tests can start it.</summary>
public partial class Program;
