using System.Text.RegularExpressions;
using Monitoring.Contracts.Validation;

namespace Monitoring.Contracts.Tests.Validation;

public sealed partial class RejectionReasonsTests
{
    [Fact]
    public void EveryReasonHasADistinctSnakeCaseCode()
    {
        var codes = RejectionReasons.All.Select(r => r.Code()).ToList();

        Assert.Equal(codes.Count, codes.Distinct(StringComparer.Ordinal).Count());
        Assert.All(codes, c => Assert.Matches(SnakeCase(), c));
    }

    [GeneratedRegex("^[a-z]+(_[a-z]+)*$")]
    private static partial Regex SnakeCase();
}
