namespace DemoSaaS.Cheddar.Webhooks;

/// <summary>What happened, from the webhook's <c>activityType</c>. Unrecognised names are <see cref="Unknown"/>, not an error.</summary>
public enum CheddarActivityType
{
    /// <summary>An activity this client does not know; see <see cref="CheddarWebhookEvent.ActivityTypeName"/>.</summary>
    Unknown,
    NewSubscription,
    SubscriptionChanged,
    SubscriptionCanceled,
    SubscriptionReactivated,
    CustomerDeleted,

    /// <summary>A payment ran (or was updated with settlement data); see the transaction's Response.</summary>
    Transaction,
}
