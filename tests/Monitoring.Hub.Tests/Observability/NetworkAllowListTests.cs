using System.Net;
using Monitoring.Hub.Observability;

namespace Monitoring.Hub.Tests.Observability;

public sealed class NetworkAllowListTests
{
    [Theory]
    [InlineData("127.0.0.1/32,::1/128", "127.0.0.1", true)]
    [InlineData("127.0.0.1/32,::1/128", "::1", true)]
    [InlineData("127.0.0.1/32,::1/128", "::ffff:127.0.0.1", true)]
    [InlineData("127.0.0.1/32,::1/128", "127.0.0.2", false)]
    [InlineData("10.0.0.0/8, 172.16.0.0/12", "172.20.3.4", true)]
    [InlineData("10.0.0.0/8, 172.16.0.0/12", "192.168.1.1", false)]
    [InlineData("", "127.0.0.1", false)]
    public void AnAddressIsAllowedOnlyInsideAListedNetwork(string networks, string address, bool allowed)
    {
        Assert.True(NetworkAllowList.TryParse(networks, out var list, out _));

        Assert.Equal(allowed, list.Contains(IPAddress.Parse(address)));
    }

    [Fact]
    public void AConnectionWithoutARemoteAddressIsNotAllowed()
    {
        Assert.True(NetworkAllowList.TryParse("0.0.0.0/0", out var list, out _));

        Assert.False(list.Contains(null));
    }

    [Theory]
    [InlineData("10.0.0.0/33", "10.0.0.0/33")]
    [InlineData("127.0.0.1/32,localhost", "localhost")]
    public void AnEntryThatIsNotANetworkIsNamed(string networks, string bad)
    {
        Assert.False(NetworkAllowList.TryParse(networks, out _, out var badEntry));

        Assert.Equal(bad, badEntry);
    }
}
