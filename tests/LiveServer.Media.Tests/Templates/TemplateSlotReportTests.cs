using LiveServer.Domain.Livestreams;
using LiveServer.Media.Templates;
using LiveServer.Media.Video;

namespace LiveServer.Media.Tests.Templates;

public sealed class TemplateSlotReportTests
{
    [Fact]
    public void Parse_SlotAndParticipant_ReadsBoth()
    {
        var slots = TemplateSlotReport.Parse(
            """[{"slot":0,"participant":null,"x":10,"y":20,"width":640,"height":360,"fit":"cover"},{"participant":"p-1","x":0.4,"y":0,"width":99.6,"height":50,"fit":"contain"}]""",
            1280, 720, out var problem);

        Assert.Null(problem);
        Assert.Equal(
            [new TemplateSlot(0, null, new PixelRect(10, 20, 640, 360), TileFit.Cover), new TemplateSlot(null, "p-1", new PixelRect(0, 0, 100, 50), TileFit.Contain)],
            slots);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"slot\":0}")]
    [InlineData(null)]
    [InlineData("[[[[[[[1]]]]]]]")]
    public void Parse_NotAnArray_IsRefused(string? json)
    {
        Assert.Null(TemplateSlotReport.Parse(json, 1280, 720, out var problem));
        Assert.NotNull(problem);
    }

    [Fact]
    public void Parse_TooManyEntries_IsRefused()
    {
        var json = "[" + string.Join(",", Enumerable.Range(0, 26).Select(i => $"{{\"slot\":{i},\"x\":0,\"y\":0,\"width\":10,\"height\":10}}")) + "]";

        Assert.Null(TemplateSlotReport.Parse(json, 1280, 720, out _));
    }

    [Theory]
    [InlineData("""[{"slot":0,"x":0,"y":0,"width":-5,"height":10}]""")]
    [InlineData("""[{"x":0,"y":0,"width":5,"height":10}]""")]
    [InlineData("""[{"slot":-1,"x":0,"y":0,"width":5,"height":10}]""")]
    [InlineData("""[{"slot":0,"x":"a","y":0,"width":5,"height":10}]""")]
    [InlineData("""[{"slot":0,"x":0,"y":0,"width":5,"height":10,"fit":"stretch"}]""")]
    [InlineData("""[{"slot":0,"x":2000,"y":0,"width":5,"height":10}]""")]
    public void Parse_BadEntry_IsLeftOut(string json)
    {
        var slots = TemplateSlotReport.Parse(json, 1280, 720, out var problem);

        Assert.Empty(slots!);
        Assert.NotNull(problem);
    }

    [Fact]
    public void Parse_RectOutsideViewport_IsClipped()
    {
        var slots = TemplateSlotReport.Parse("""[{"slot":1,"x":-100,"y":700,"width":300,"height":100}]""", 1280, 720, out _);

        Assert.Equal(new PixelRect(0, 700, 200, 20), Assert.Single(slots!).Rect);
    }
}
