using System.Text.Json.Nodes;

namespace CommitmentBot.Teams.Tests.Fakes;

/// <summary>Activities shaped like the ones Teams sends.</summary>
public static class TestActivities
{
    public const string UserObjectId = "aad-user-dana";
    public const string UserId = "29:dana-per-bot-id";
    public const string PersonalConversation = "a:personal-chat-dana";
    public const string TeamId = "19:team-general@thread.tacv2";
    public const string ChannelId = "19:escalations@thread.tacv2";

    private static int _next = 1000;

    public static string NextId() => Interlocked.Increment(ref _next).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static JsonObject Message(string serviceUrl, string text, string? id = null, string tenant = TeamsTestApp.TenantId, string? timezone = "America/Los_Angeles")
    {
        var activity = Base("message", serviceUrl, id, tenant);
        activity["text"] = text;
        activity["textFormat"] = "plain";
        if (timezone is not null)
        {
            activity["entities"] = new JsonArray(new JsonObject
            {
                ["type"] = "clientInfo",
                ["locale"] = "en-US",
                ["country"] = "US",
                ["platform"] = "Web",
                ["timezone"] = timezone,
            });
        }

        return activity;
    }

    public static JsonObject ChannelMessage(string serviceUrl, string text, string? id = null)
    {
        var activity = Base("message", serviceUrl, id, TeamsTestApp.TenantId);
        activity["text"] = text;
        activity["conversation"] = new JsonObject
        {
            ["id"] = ChannelId + ";messageid=1700000000000",
            ["conversationType"] = "channel",
            ["tenantId"] = TeamsTestApp.TenantId,
            ["isGroup"] = true,
        };
        activity["channelData"] = new JsonObject
        {
            ["tenant"] = new JsonObject { ["id"] = TeamsTestApp.TenantId },
            ["team"] = new JsonObject { ["id"] = TeamId, ["name"] = "Sales" },
            ["channel"] = new JsonObject { ["id"] = ChannelId, ["name"] = "Escalations" },
        };
        activity["entities"] = new JsonArray(new JsonObject
        {
            ["type"] = "mention",
            ["mentioned"] = new JsonObject { ["id"] = TeamsTestApp.BotId, ["name"] = "CommitmentBot" },
            ["text"] = "<at>CommitmentBot</at>",
        });
        return activity;
    }

    /// <summary>An Action.Submit press: a message whose value is the card data plus inputs.</summary>
    public static JsonObject Submit(string serviceUrl, JsonObject value, string replyToId = "card-1")
    {
        var activity = Base("message", serviceUrl, null, TeamsTestApp.TenantId);
        activity["value"] = value;
        activity["replyToId"] = replyToId;
        return activity;
    }

    /// <summary>An Action.Execute press: invoke <c>adaptiveCard/action</c>.</summary>
    public static JsonObject Execute(string serviceUrl, string verb, JsonObject data, string replyToId = "card-1", string? id = null)
    {
        var activity = Base("invoke", serviceUrl, id, TeamsTestApp.TenantId);
        activity["name"] = "adaptiveCard/action";
        activity["replyToId"] = replyToId;
        activity["value"] = new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data },
            ["trigger"] = "manual",
        };
        return activity;
    }

    public static JsonObject PersonalInstall(string serviceUrl)
    {
        var activity = Base("conversationUpdate", serviceUrl, null, TeamsTestApp.TenantId);
        activity["membersAdded"] = new JsonArray(
            new JsonObject { ["id"] = TeamsTestApp.BotId },
            new JsonObject { ["id"] = UserId, ["aadObjectId"] = UserObjectId });
        return activity;
    }

    public static JsonObject TeamInstall(string serviceUrl)
    {
        var activity = Base("conversationUpdate", serviceUrl, null, TeamsTestApp.TenantId);
        activity["conversation"] = new JsonObject
        {
            ["id"] = TeamId,
            ["conversationType"] = "channel",
            ["tenantId"] = TeamsTestApp.TenantId,
            ["isGroup"] = true,
        };
        activity["membersAdded"] = new JsonArray(new JsonObject { ["id"] = TeamsTestApp.BotId });
        activity["channelData"] = new JsonObject
        {
            ["eventType"] = "teamMemberAdded",
            ["tenant"] = new JsonObject { ["id"] = TeamsTestApp.TenantId },
            ["team"] = new JsonObject { ["id"] = TeamId, ["name"] = "Sales" },
        };
        return activity;
    }

    public static JsonObject PersonalUninstall(string serviceUrl)
    {
        var activity = Base("installationUpdate", serviceUrl, null, TeamsTestApp.TenantId);
        activity["action"] = "remove";
        return activity;
    }

    private static JsonObject Base(string type, string serviceUrl, string? id, string tenant) => new()
    {
        ["type"] = type,
        ["id"] = id ?? NextId(),
        ["timestamp"] = "2026-11-23T17:00:00.000Z",
        ["localTimestamp"] = "2026-11-23T09:00:00.000-08:00",
        ["serviceUrl"] = serviceUrl,
        ["channelId"] = "msteams",
        ["from"] = new JsonObject { ["id"] = UserId, ["name"] = "Dana Rep", ["aadObjectId"] = UserObjectId },
        ["recipient"] = new JsonObject { ["id"] = TeamsTestApp.BotId, ["name"] = "CommitmentBot" },
        ["conversation"] = new JsonObject
        {
            ["id"] = PersonalConversation,
            ["conversationType"] = "personal",
            ["tenantId"] = tenant,
        },
        ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = tenant } },
        ["locale"] = "en-US",
    };
}
