namespace LiveServer.Media.Templates;

/// <summary>A template page could not be brought up: the message names the URL and says why.</summary>
/// <param name="message">The reason, with the page's last console errors.</param>
public sealed class TemplateFailedException(string message) : Exception(message);
