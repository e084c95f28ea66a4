using System.Text.Json.Nodes;
using CommitmentBot.TestSupport.BotFramework;

namespace CommitmentBot.Tests.Teams;

/// <summary>Activities shaped like the ones Teams sends to a bot.</summary>
public static class TeamsActivities
{
    /// <summary>A message in the user's 1:1 chat with the bot, carrying their client's zone.</summary>
    public static JsonObject Message(string serviceUrl, TeamsUser user, string text, string? id = null)
    {
        ArgumentNullException.ThrowIfNull(user);
        var activity = Base("message", serviceUrl, user, id);
        activity["text"] = text;
        activity["textFormat"] = "plain";
        activity["entities"] = ClientInfo(user);
        return activity;
    }

    /// <summary>A message in a team channel that @mentions the bot (and, optionally, people).</summary>
    public static JsonObject ChannelMessage(string serviceUrl, TeamsUser user, TeamsChannel channel, string text, params TeamsUser[] mentioned)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(channel);
        var activity = Base("message", serviceUrl, user, null);
        activity["text"] = "<at>CommitmentBot</at> " + text;
        activity["conversation"] = new JsonObject
        {
            ["id"] = channel.ChannelId + ";messageid=1700000000" + activity["id"]!.GetValue<string>(),
            ["conversationType"] = "channel",
            ["tenantId"] = channel.Tenant,
            ["isGroup"] = true,
        };
        activity["channelData"] = new JsonObject
        {
            ["tenant"] = new JsonObject { ["id"] = channel.Tenant },
            ["team"] = new JsonObject { ["id"] = channel.TeamId, ["name"] = "Sales" },
            ["channel"] = new JsonObject { ["id"] = channel.ChannelId, ["name"] = "Escalations" },
        };
        var entities = ClientInfo(user);
        entities.Add(new JsonObject
        {
            ["type"] = "mention",
            ["mentioned"] = new JsonObject { ["id"] = BotTokens.BotId, ["name"] = "CommitmentBot" },
            ["text"] = "<at>CommitmentBot</at>",
        });
        foreach (var person in mentioned)
        {
            entities.Add(new JsonObject
            {
                ["type"] = "mention",
                ["mentioned"] = new JsonObject { ["id"] = person.MemberId, ["name"] = person.Name, ["aadObjectId"] = person.ObjectId },
                ["text"] = $"<at>{person.Name}</at>",
            });
        }

        activity["entities"] = entities;
        return activity;
    }

    /// <summary>The bot was added to the user's personal scope.</summary>
    public static JsonObject PersonalInstall(string serviceUrl, TeamsUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var activity = Base("conversationUpdate", serviceUrl, user, null);
        activity["membersAdded"] = new JsonArray(
            new JsonObject { ["id"] = BotTokens.BotId },
            new JsonObject { ["id"] = user.MemberId, ["aadObjectId"] = user.ObjectId });
        return activity;
    }

    /// <summary>An <c>Action.Execute</c> press: invoke <c>adaptiveCard/action</c> from the card message <paramref name="replyToId"/>.</summary>
    public static JsonObject Execute(string serviceUrl, TeamsUser user, string conversationId, string verb, JsonObject data, string replyToId)
    {
        ArgumentNullException.ThrowIfNull(user);
        var activity = Base("invoke", serviceUrl, user, null);
        activity["name"] = "adaptiveCard/action";
        activity["replyToId"] = replyToId;
        activity["conversation"]!["id"] = conversationId;
        if (conversationId.StartsWith("19:", StringComparison.Ordinal))
        {
            activity["conversation"]!["conversationType"] = "channel";
        }

        activity["value"] = new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data },
            ["trigger"] = "manual",
        };
        activity["entities"] = ClientInfo(user);
        return activity;
    }

    private static JsonArray ClientInfo(TeamsUser user)
    {
        var info = new JsonObject { ["type"] = "clientInfo", ["locale"] = "en-US", ["country"] = "US", ["platform"] = "Web" };
        if (user.Zone is not null)
        {
            info["timezone"] = user.Zone;
        }

        return [info];
    }

    private static JsonObject Base(string type, string serviceUrl, TeamsUser user, string? id) => new()
    {
        ["type"] = type,
        ["id"] = id ?? TeamsHost.NextActivityId(),
        ["timestamp"] = "2026-11-23T17:00:00.000Z",
        ["serviceUrl"] = serviceUrl,
        ["channelId"] = "msteams",
        ["from"] = new JsonObject { ["id"] = user.MemberId, ["name"] = user.Name, ["aadObjectId"] = user.ObjectId },
        ["recipient"] = new JsonObject { ["id"] = BotTokens.BotId, ["name"] = "CommitmentBot" },
        ["conversation"] = new JsonObject
        {
            ["id"] = user.ChatId,
            ["conversationType"] = "personal",
            ["tenantId"] = user.Tenant,
        },
        ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = user.Tenant } },
        ["locale"] = "en-US",
    };
}
