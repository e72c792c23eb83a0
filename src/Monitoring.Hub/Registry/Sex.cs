namespace Monitoring.Hub.Registry;

public enum Sex
{
    Female,
    Male,
}
