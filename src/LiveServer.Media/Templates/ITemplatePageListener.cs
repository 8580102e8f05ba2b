namespace LiveServer.Media.Templates;

/// <summary>What a <see cref="TemplateBrowser"/> reports, on PuppeteerSharp's threads; implementations must not throw.</summary>
internal interface ITemplatePageListener
{
    /// <summary>The page called <c>window.__liveserverReady()</c>.</summary>
    void ReadyCalled();

    /// <summary>The page called <c>window.__liveserverSlots(json)</c>; null when it passed no string.</summary>
    void SlotsReported(string? json);

    /// <summary>A console error or uncaught exception of the page.</summary>
    void ConsoleError(string text);

    /// <summary>A new image of the page.</summary>
    void ImageCaptured(TemplateImage image);
}
