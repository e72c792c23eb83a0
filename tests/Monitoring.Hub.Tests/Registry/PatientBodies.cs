using System.Text.Json.Nodes;
using Monitoring.Hub.Tests.Infrastructure;

namespace Monitoring.Hub.Tests.Registry;

/// <summary>Patient bodies as JSON text: a valid one with a JSON patch applied ("-" removes a field).</summary>
public static class PatientBodies
{
    public static string With(Guid clinicId, string patch)
    {
        var body = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(HubFixture.PatientBody(clinicId)))!.AsObject();
        foreach (var (key, value) in JsonNode.Parse(patch)!.AsObject())
        {
            if (value is JsonValue v && v.TryGetValue<string>(out var text) && text == "-")
            {
                body.Remove(key);
            }
            else
            {
                body[key] = value?.DeepClone();
            }
        }

        return body.ToJsonString();
    }

    /// <summary>Invalid patient bodies (a patch of a valid body) and the field the answer must name.</summary>
    public static TheoryData<string, string> Invalid() => new()
    {
        { """{"clinicId":"-"}""", "clinicId" },
        { """{"clinicId":"7b1c3f9e-0000-4000-8000-000000000000"}""", "clinicId" },
        { """{"clinicId":"clinic-one"}""", "clinicId" },
        { """{"clinicId":42}""", "clinicId" },
        { """{"name":"-"}""", "name" },
        { """{"name":"  "}""", "name" },
        { $$"""{"name":"{{new string('x', 201)}}"}""", "name" },
        { """{"name":["Li"]}""", "name" },
        { """{"birthDate":"-"}""", "birthDate" },
        { """{"birthDate":"2999-01-01"}""", "birthDate" },
        { """{"birthDate":"1850-01-01"}""", "birthDate" },
        { """{"birthDate":"01/02/1990"}""", "birthDate" },
        { """{"birthDate":"1990-02-30"}""", "birthDate" },
        { """{"birthDate":"1990-02-03T00:00:00Z"}""", "birthDate" },
        { """{"birthDate":19900203}""", "birthDate" },
        { """{"sex":"-"}""", "sex" },
        { """{"sex":"other"}""", "sex" },
        { """{"sex":"FEMALE"}""", "sex" },
        { """{"sex":0}""", "sex" },
        { """{"underlyingDisease":"-"}""", "underlyingDisease" },
        { """{"underlyingDisease":"severe"}""", "underlyingDisease" },
        { """{"vaccination":"-"}""", "vaccination" },
        { """{"vaccination":"booster"}""", "vaccination" },
        { """{"categories":["foo"]}""", "categories[0]" },
        { """{"categories":["dialysis","dialysis"]}""", "categories[1]" },
        { """{"categories":[null]}""", "categories[0]" },
        { """{"categories":"dialysis"}""", "categories" },
        { """{"categories":["age_65_plus"]}""", "categories[0]" },
        { """{"categories":["child_0_6"]}""", "categories[0]" },
        { """{"categories":["pregnant"]}""", "pregnancy" },
        { """{"categories":["pregnant"],"pregnancy":{"risk":"orange"}}""", "pregnancy.gestationalWeek" },
        { """{"categories":["pregnant"],"pregnancy":{"gestationalWeek":30}}""", "pregnancy.risk" },
        { """{"categories":["pregnant"],"pregnancy":{"risk":"orange","gestationalWeek":46}}""", "pregnancy.gestationalWeek" },
        { """{"categories":["pregnant"],"pregnancy":{"risk":"blue","gestationalWeek":30}}""", "pregnancy.risk" },
        { """{"categories":["pregnant"],"pregnancy":{"risk":"orange","gestationalWeek":"thirty"}}""", "pregnancy.gestationalWeek" },
        { """{"categories":["pregnant"],"pregnancy":{"risk":"orange","gestationalWeek":30.5}}""", "pregnancy.gestationalWeek" },
        { """{"categories":["pregnant","postpartum"],"pregnancy":{"risk":"orange","gestationalWeek":30}}""", "categories" },
        { """{"categories":["postpartum"],"pregnancy":{"risk":"red","gestationalWeek":30}}""", "pregnancy.gestationalWeek" },
        { """{"pregnancy":{"risk":"red","gestationalWeek":30}}""", "pregnancy" },
        { """{"sex":"male","categories":["pregnant"],"pregnancy":{"risk":"red","gestationalWeek":30}}""", "categories[0]" },
        { """{"urgentNeed":"yes"}""", "urgentNeed" },
        { $$"""{"gridTeam":"{{new string('g', 101)}}"}""", "gridTeam" },
        { """{"gridTeam":"line\u0000break"}""", "gridTeam" },
    };
}
