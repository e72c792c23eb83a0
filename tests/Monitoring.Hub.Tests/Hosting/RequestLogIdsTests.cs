using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Monitoring.Hub.Hosting;

namespace Monitoring.Hub.Tests.Hosting;

public sealed class RequestLogIdsTests
{
    [Fact]
    public void IdsNamedByTheirParametersAreReadWhateverTheCollection()
    {
        var ids = RequestLogIds.Of(
            RoutePatternFactory.Parse("/internal/engine/{patientId:guid}/alarms/{alarmId:guid}/acknowledge"),
            new RouteValueDictionary { ["patientId"] = "p-1", ["alarmId"] = "a-1" });

        Assert.Equal([("PatientId", "p-1"), ("AlarmId", "a-1")], ids);
    }

    [Fact]
    public void AnIdIsNamedByTheCollectionBeforeIt()
    {
        Assert.Equal([("DeviceId", "ox-1")], RequestLogIds.Of(RoutePatternFactory.Parse("/api/devices/{id}/assign"), new RouteValueDictionary { ["id"] = "ox-1" }));
        Assert.Equal([("AlarmId", "a-1")], RequestLogIds.Of(RoutePatternFactory.Parse("/api/alarms/{id:guid}"), new RouteValueDictionary { ["id"] = "a-1" }));
    }

    [Fact]
    public void AnIdOfAnotherCollectionIsNotMistakenForOne()
    {
        Assert.Empty(RequestLogIds.Of(RoutePatternFactory.Parse("/api/clinics/{id:guid}/thresholds"), new RouteValueDictionary { ["id"] = "c-1" }));
        Assert.Empty(RequestLogIds.Of(RoutePatternFactory.Parse("/api/users/{id:guid}"), new RouteValueDictionary { ["id"] = "u-1" }));
    }
}
