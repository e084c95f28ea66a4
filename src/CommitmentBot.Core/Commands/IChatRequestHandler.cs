using CommitmentBot.Core.Messages;

namespace CommitmentBot.Core.Commands;

/// <summary>
/// Runs a typed command or a button press and returns the reply. Adapters call this after they
/// have authenticated the platform request and turned it into a <see cref="ChatRequest"/>.
/// Expected failures (bad input, someone else's commitment) come back as
/// <see cref="MessageKind.Error"/> replies, never as exceptions.
/// </summary>
public interface IChatRequestHandler
{
    /// <summary>Handles the request and returns the reply to show the sender.</summary>
    Task<OutboundMessage> HandleAsync(ChatRequest request, CancellationToken cancellationToken);
}
