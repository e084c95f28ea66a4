namespace CommitmentBot.Teams.Activities;

/// <summary>
/// An authenticated activity checked once where it arrives: it has a type, a tenant, a conversation and a service URL
/// (non-null here, so nothing downstream asserts them), every id fits what storage keeps, and JSON nulls inside its
/// lists (entities, members) are dropped. The rest is read from <see cref="Activity"/> with <see cref="ActivityReader"/>.
/// </summary>
public sealed record InboundActivity
{
    private InboundActivity(Activity activity, string type, string tenant, string conversationId, string serviceUrl)
    {
        Activity = activity;
        Type = type;
        Tenant = tenant;
        ConversationId = conversationId;
        ServiceUrl = serviceUrl;
    }

    /// <summary>The activity as Teams sent it, its lists without nulls.</summary>
    public Activity Activity { get; }

    public string Type { get; }

    /// <summary>The tenant: the workspace every request of this activity is scoped to.</summary>
    public string Tenant { get; }

    public string ConversationId { get; }

    public string ServiceUrl { get; }

    /// <summary>The checked activity, or null with the reason to answer 400 with.</summary>
    public static InboundActivity? Read(Activity activity, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (activity.Type is not { Length: > 0 } type
            || activity.Conversation?.Id is not { Length: > 0 } conversationId
            || ActivityReader.TenantOf(activity) is not { } tenant)
        {
            problem = "The activity lacks a type, conversation or tenant.";
            return null;
        }

        if (activity.ServiceUrl is not { Length: > 0 } serviceUrl)
        {
            problem = "The activity lacks a serviceUrl.";
            return null;
        }

        problem = ActivityReader.UnusableId(activity);
        if (problem is not null)
        {
            return null;
        }

        activity.Entities = activity.Entities?.Where(entity => entity is not null).ToList();
        activity.MembersAdded = activity.MembersAdded?.Where(member => member is not null).ToList();
        activity.MembersRemoved = activity.MembersRemoved?.Where(member => member is not null).ToList();
        return new InboundActivity(activity, type, tenant, conversationId, serviceUrl);
    }
}
