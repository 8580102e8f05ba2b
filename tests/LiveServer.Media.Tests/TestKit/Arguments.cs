using System.Globalization;

namespace LiveServer.Media.Tests.TestKit;

/// <summary>Assertions on FFmpeg argument lists.</summary>
internal static class Arguments
{
    /// <summary>Asserts that <paramref name="expected"/> appears in <paramref name="arguments"/> as consecutive items.</summary>
    public static void ContainsSequence(IReadOnlyList<string> arguments, params string[] expected)
    {
        Assert.True(
            IndexOfSequence(arguments, expected) >= 0,
            $"Expected [{string.Join(' ', expected)}] in [{string.Join(' ', arguments)}]");
    }

    /// <summary>The index where <paramref name="expected"/> starts, or -1.</summary>
    public static int IndexOfSequence(IReadOnlyList<string> arguments, params string[] expected)
    {
        for (var i = 0; i + expected.Length <= arguments.Count; i++)
        {
            if (expected.Select((e, j) => arguments[i + j] == e).All(b => b))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The value after the only occurrence of <paramref name="option"/>.</summary>
    public static string ValueOf(IReadOnlyList<string> arguments, string option)
    {
        var indexes = arguments.Select((a, i) => (a, i)).Where(p => p.a == option).Select(p => p.i).ToList();
        var index = Assert.Single(indexes);
        Assert.True(index + 1 < arguments.Count, $"{option} has no value");
        return arguments[index + 1];
    }

    /// <summary>Runs <paramref name="action"/> under a culture whose decimal separator is a comma.</summary>
    public static T UnderCommaDecimalCulture<T>(Func<T> action)
    {
        var previous = CultureInfo.CurrentCulture;
        var comma = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        comma.NumberFormat.NumberDecimalSeparator = ",";
        comma.NumberFormat.NumberGroupSeparator = ".";
        CultureInfo.CurrentCulture = comma;
        try
        {
            return action();
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }
}
