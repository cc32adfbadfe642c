namespace DemoSaaS.CheddarSandbox.Endpoints;

/// <summary>What an API call may change, and so which of the store's locks it holds (see <c>CustomerStore</c>).</summary>
public enum CallScope
{
    /// <summary>Changes nothing: runs beside other reads and other customers' changes.</summary>
    Read,

    /// <summary>Changes only the one existing customer it names and reads no other: beside reads, one such call at a time.</summary>
    Customer,

    /// <summary>May create, delete or read across customers (codes, coupon redemptions, invoice numbers): alone.</summary>
    Store,
}
