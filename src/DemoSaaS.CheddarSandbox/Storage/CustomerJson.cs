using System.Text.Json.Serialization;
using DemoSaaS.CheddarSandbox.Customers;

namespace DemoSaaS.CheddarSandbox.Storage;

/// <summary>The stored customer document's JSON, generated at build time (no reflection on every load and save).</summary>
[JsonSerializable(typeof(CustomerRecord))]
internal sealed partial class CustomerJson : JsonSerializerContext;
