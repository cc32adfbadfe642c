namespace DemoSaaS.CheddarSandbox.Customers;

public sealed class MetaDatumRecord
{
    public required string Id { get; set; }
    public required string Name { get; set; }
    public string Value { get; set; } = "";
    public DateTimeOffset CreatedDatetime { get; set; }
    public DateTimeOffset ModifiedDatetime { get; set; }
}
