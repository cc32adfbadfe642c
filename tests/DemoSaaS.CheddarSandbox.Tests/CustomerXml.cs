using System.Xml.Linq;

namespace DemoSaaS.CheddarSandbox.Tests;

/// <summary>Paths into a customer document.</summary>
public static class CustomerXml
{
    public static XElement Subscription(this XElement customer, int index = 0) => customer.Element("subscriptions")!.Elements("subscription").ElementAt(index);

    public static XElement Invoice(this XElement subscription, int index = 0) => subscription.Element("invoices")!.Elements("invoice").ElementAt(index);

    public static string ItemQuantity(this XElement customer, string itemCode) =>
        customer.Subscription().Element("items")!.Elements("item").Single(i => i.Attribute("code")!.Value == itemCode).Element("quantity")!.Value;

    public static IEnumerable<XElement> Charges(this XElement invoice) => invoice.Element("charges")!.Elements("charge");

    public static IEnumerable<string> ChildNames(this XElement element) => element.Elements().Select(e => e.Name.LocalName);
}
